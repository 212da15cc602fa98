import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type BuildOutput, cachedBuild } from "../../components/bundle-cache";

let scratch: string;
let builds: number;
beforeEach(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "bundle-cache-"));
  builds = 0;
});
afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const source = () => path.join(scratch, "entry.ts");

/** A build of one input whose output is that input's text, counting how often it really ran. */
function build(settings: unknown = { minify: true }): BuildOutput {
  return cachedBuild({
    settings,
    cacheDir: path.join(scratch, "cache"),
    build: () => {
      builds += 1;
      return { output: { "index.mjs": `built from ${readFileSync(source(), "utf8")}` }, inputs: [source()] };
    },
  });
}

test("builds once, then gives the same output from disk while the input is unchanged", () => {
  writeFileSync(source(), "one");
  expect(build()).toEqual({ "index.mjs": "built from one" });
  expect(build()).toEqual({ "index.mjs": "built from one" });
  expect(builds).toBe(1);
  expect(readdirSync(path.join(scratch, "cache"))).toHaveLength(1);
});

test("builds again when a file the build read changed or is gone", () => {
  writeFileSync(source(), "one");
  build();
  writeFileSync(source(), "two");
  expect(build()).toEqual({ "index.mjs": "built from two" });
  expect(builds).toBe(2);
  rmSync(source());
  writeFileSync(path.join(scratch, "other.ts"), "");
  expect(() => build()).toThrow("ENOENT");
  expect(builds).toBe(3);
});

test("keys the build by its settings", () => {
  writeFileSync(source(), "one");
  build({ minify: true });
  build({ minify: false });
  expect(builds).toBe(2);
  build({ minify: true });
  expect(builds).toBe(2);
});
