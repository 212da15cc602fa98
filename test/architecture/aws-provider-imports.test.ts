import { importSpecifiers, sourceFiles } from "./import-rules";

const AREAS = ["components", "stacks", "functions", "policy", "local", "test"];

/** Every TypeScript file of the project, the tests included. */
const files = (): string[] => ["index.ts", ...AREAS.flatMap(sourceFiles)];

// components/aws.ts: the root module loads, and TypeScript reads, all 250 of the provider's services.
describe("@pulumi/aws is imported service by service", () => {
  it("no file imports the provider's root module", () => {
    const offenders = files().filter((file) => importSpecifiers(file).includes("@pulumi/aws"));
    expect(offenders).toEqual([]);
  });

  it("sees the imports it checks (components/aws.ts imports the state machine service)", () => {
    expect(importSpecifiers("components/aws.ts")).toContain("@pulumi/aws/sfn");
  });
});
