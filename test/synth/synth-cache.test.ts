import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildSync } from "esbuild";
import {
  ARCHIVE_KEY,
  cachedSynthesis,
  SYNTHESIS_INPUTS,
  synthesisKey,
} from "../../local/capture/synth-cache";
import { PROJECT_DIR, synthesize } from "../../local/capture/synth";
import { isRecord } from "../../local/model/json";

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "synth-cache-"));
});
afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** A project tree with one file per kind of input, for the key's own checks. */
function fakeProject(): string {
  const root = path.join(scratch, "project");
  mkdirSync(path.join(root, "components"), { recursive: true });
  writeFileSync(path.join(root, "components", "a.ts"), "export const a = 1;\n");
  writeFileSync(path.join(root, "Pulumi.yaml"), "name: p\n");
  writeFileSync(path.join(root, "Pulumi.dev.yaml"), "config: {}\n");
  writeFileSync(path.join(root, "package-lock.json"), "{}\n");
  writeFileSync(path.join(root, "README.md"), "not an input\n");
  return root;
}

describe("synthesisKey", () => {
  test("is the same for the same stack, overrides and files", () => {
    const root = fakeProject();
    expect(synthesisKey("dev", { "p:x": "1" }, root)).toBe(synthesisKey("dev", { "p:x": "1" }, root));
  });

  test.each([
    [
      "a component's text",
      (root: string) => {
        writeFileSync(path.join(root, "components", "a.ts"), "// 2\n");
      },
    ],
    [
      "a new file in an input folder",
      (root: string) => {
        writeFileSync(path.join(root, "components", "b.ts"), "");
      },
    ],
    [
      "a stack file",
      (root: string) => {
        writeFileSync(path.join(root, "Pulumi.dev.yaml"), "config: {a: 1}\n");
      },
    ],
    [
      "a new stack file",
      (root: string) => {
        writeFileSync(path.join(root, "Pulumi.qa.yaml"), "config: {}\n");
      },
    ],
    [
      "the lock file",
      (root: string) => {
        writeFileSync(path.join(root, "package-lock.json"), '{"v":2}\n');
      },
    ],
    [
      "a function source",
      (root: string) => {
        mkdirSync(path.join(root, "functions", "f"), { recursive: true });
        writeFileSync(path.join(root, "functions", "f", "index.ts"), "");
      },
    ],
  ])("changes with %s", (_what, change) => {
    const root = fakeProject();
    const before = synthesisKey("dev", {}, root);
    change(root);
    expect(synthesisKey("dev", {}, root)).not.toBe(before);
  });

  test("changes with the stack and with the overrides, and not with a file outside the inputs", () => {
    const root = fakeProject();
    const dev = synthesisKey("dev", {}, root);
    expect(synthesisKey("prod", {}, root)).not.toBe(dev);
    expect(synthesisKey("dev", { "p:x": "1" }, root)).not.toBe(dev);
    writeFileSync(path.join(root, "README.md"), "edited\n");
    expect(synthesisKey("dev", {}, root)).toBe(dev);
  });
});

test("every project file the capture and the functions load is under one of the synthesis inputs", () => {
  const functionEntries = readdirSync(path.join(PROJECT_DIR, "functions"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== "shared")
    .map((entry) => path.join(PROJECT_DIR, "functions", entry.name, "handler.ts"));
  const { metafile } = buildSync({
    entryPoints: [path.join(PROJECT_DIR, "local/capture/synth.ts"), ...functionEntries],
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    packages: "external",
    outdir: path.join(scratch, "out"),
    logLevel: "silent",
  });
  const loaded = Object.keys(metafile.inputs).filter((file) => !file.startsWith("node_modules/"));
  expect(loaded.length).toBeGreaterThan(40);
  const uncovered = loaded.filter(
    (file) => !SYNTHESIS_INPUTS.some((input) => file === input || file.startsWith(`${input}/`)),
  );
  expect(uncovered).toEqual([]);
});

describe("cachedSynthesis", () => {
  test("gives a fresh synthesis, archives as their files, and the same from disk the second time", async () => {
    const fresh = await synthesize("prod");
    const first = await cachedSynthesis("prod", {}, scratch);
    expect(readdirSync(scratch)).toHaveLength(1);
    const second = await cachedSynthesis("prod", {}, scratch);

    expect(second).toEqual(first);
    expect(first.deployment).toEqual(fresh.deployment);
    expect(first.outputs).toEqual(fresh.outputs);
    expect(first.resources.map((resource) => [resource.type, resource.name])).toEqual(
      fresh.resources.map((resource) => [resource.type, resource.name]),
    );
    for (const fn of first.deployment.functions) {
      const resource = first.resources.find(
        (candidate) => candidate.type === "aws:lambda/function:Function" && candidate.state.name === fn.name,
      );
      const code = resource?.inputs.code;
      expect(isRecord(code) ? code[ARCHIVE_KEY] : undefined).toEqual(fn.files);
    }
  });

  test("writes a text that recurs once, and reads it back in every place", async () => {
    const first = await cachedSynthesis("prod", {}, scratch);
    const [name = ""] = readdirSync(scratch);
    const text = readFileSync(path.join(scratch, name), "utf8");
    const payment = first.deployment.functions.find((fn) => fn.name.endsWith("-authorize-payment"));
    const bundle = payment?.files["index.mjs"] ?? "";
    expect(bundle.length).toBeGreaterThan(100_000);
    expect(text.split(JSON.stringify(bundle)).length - 1).toBe(1);
    const resource = first.resources.find((candidate) => candidate.state.name === payment?.name);
    const archive = (code: unknown): unknown => (isRecord(code) ? code[ARCHIVE_KEY] : undefined);
    expect([archive(resource?.inputs.code), archive(resource?.state.code)]).toEqual([
      payment?.files,
      payment?.files,
    ]);
    expect(await cachedSynthesis("prod", {}, scratch)).toEqual(first);
  });

  test("synthesizes once for two callers at once, and gives each its own copy", async () => {
    const stacks: string[] = [];
    jest.doMock("../../local/capture/synth", () => ({
      synthesize: (stack: string) => {
        stacks.push(stack);
        return Promise.resolve({ stack, resources: [], outputs: { a: "x".repeat(5000) }, deployment: {} });
      },
    }));
    try {
      await jest.isolateModulesAsync(async () => {
        const isolated = jest.requireActual<{ cachedSynthesis: typeof cachedSynthesis }>(
          "../../local/capture/synth-cache",
        );
        const [a, b] = await Promise.all([
          isolated.cachedSynthesis("dev", {}, scratch),
          isolated.cachedSynthesis("dev", {}, scratch),
        ]);
        expect(stacks).toEqual(["dev"]);
        expect(b).toEqual(a);
        expect(b).not.toBe(a);
        expect(a.outputs.a).toBe("x".repeat(5000));
      });
    } finally {
      jest.dontMock("../../local/capture/synth");
    }
  });

  test("refuses an override the stack file does not set, and caches nothing", async () => {
    await expect(cachedSynthesis("dev", { "order-workflow:nope": "1" }, scratch)).rejects.toThrow(
      "Stack dev has no config key `order-workflow:nope` to override.",
    );
    expect(readdirSync(scratch)).toEqual([]);
  });
});
