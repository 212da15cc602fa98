import { importSpecifiers, projectImports, sourceFiles, violations } from "./import-rules";

// ARCHITECTURE.md: commands → engine and capture → model and components; the policy pack never imports the program.
describe("imports run one way", () => {
  test.each([
    ["local/model", ["local/engine", "local/capture", "local/commands", "components", "stacks", "functions"]],
    ["local/engine", ["local/capture", "local/commands", "components", "stacks"]],
    ["local/capture", ["local/engine", "local/commands"]],
    ["components", ["local", "stacks", "policy"]],
    ["stacks", ["local", "policy"]],
    ["functions", ["local", "components", "stacks", "policy"]],
    ["policy", ["local", "components", "stacks", "functions", "index"]],
  ])("nothing in %s imports %j", (from, forbidden) => {
    expect(violations(from, forbidden)).toEqual([]);
  });

  it("only a command's own folder and the tests import a command", () => {
    const outside = [
      "index.ts",
      ...["components", "stacks", "functions", "policy", "local"].flatMap(sourceFiles),
    ].filter((file) => !file.startsWith("local/commands/"));
    const offenders = outside.flatMap((file) =>
      projectImports(file)
        .filter((target) => target.startsWith("local/commands/"))
        .map((target) => `${file} imports ${target}`),
    );
    expect(offenders).toEqual([]);
  });

  it("sees the imports it checks (a command does import the engine)", () => {
    expect(projectImports("local/commands/start/cli.ts").some((t) => t.startsWith("local/engine/"))).toBe(
      true,
    );
    expect(violations("local/commands", ["local/engine"]).length).toBeGreaterThan(0);
  });
});

// components/aws.ts: the root module loads, and TypeScript reads, all 250 of the provider's services.
describe("@pulumi/aws is imported service by service", () => {
  it("no file imports the provider's root module", () => {
    const files = [
      "index.ts",
      ...["components", "stacks", "functions", "policy", "local", "test"].flatMap(sourceFiles),
    ];
    expect(files.filter((file) => importSpecifiers(file).includes("@pulumi/aws"))).toEqual([]);
  });

  it("sees the imports it checks (components/aws.ts imports the state machine service)", () => {
    expect(importSpecifiers("components/aws.ts")).toContain("@pulumi/aws/sfn");
  });
});
