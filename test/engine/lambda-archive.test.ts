import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { unpackArchive } from "../../local/engine/lambda/lambda-archive";
import type { DeployedFunction } from "../../local/model/deployment";

let cacheDir: string;

beforeEach(() => {
  cacheDir = mkdtempSync(path.join(tmpdir(), "archive-cache-"));
});

afterEach(() => {
  rmSync(cacheDir, { recursive: true, force: true });
});

function fn(files: Record<string, string>): DeployedFunction {
  return {
    name: "archive-test",
    arn: "arn:aws:lambda:us-east-1:123456789012:function:archive-test",
    handler: "index.handler",
    timeoutSeconds: 3,
    memorySizeMb: 128,
    environment: {},
    files,
  };
}

const ARCHIVE = {
  "index.mjs": "export const handler = () => 1;\n",
  "lib/util.mjs": "export const two = 2;\n",
};

test("an archive is unpacked once: the same contents get the same folder, other contents another", async () => {
  const first = await unpackArchive(fn(ARCHIVE), cacheDir);
  const again = await unpackArchive(fn({ ...ARCHIVE }), cacheDir);
  const other = await unpackArchive(
    fn({ ...ARCHIVE, "index.mjs": "export const handler = () => 2;\n" }),
    cacheDir,
  );
  expect(again).toBe(first);
  expect(other).not.toBe(first);
  expect(readFileSync(path.join(first, "index.mjs"), "utf8")).toBe(ARCHIVE["index.mjs"]);
  expect(readFileSync(path.join(first, "lib", "util.mjs"), "utf8")).toBe(ARCHIVE["lib/util.mjs"]);
  expect(readdirSync(cacheDir).sort()).toEqual([path.basename(first), path.basename(other)].sort());
});

test("simulators unpacking the same archive at once all get its one folder, whole, and leave no partial one", async () => {
  const roots = await Promise.all(Array.from({ length: 4 }, () => unpackArchive(fn(ARCHIVE), cacheDir)));
  expect(new Set(roots).size).toBe(1);
  const [root = ""] = roots;
  expect(readFileSync(path.join(root, "lib", "util.mjs"), "utf8")).toBe(ARCHIVE["lib/util.mjs"]);
  expect(readdirSync(cacheDir)).toEqual([path.basename(root)]);
});

test.each(["../escape.mjs", "/etc/escape.mjs", "lib/../../escape.mjs"])(
  "fails when an archive path lies outside the archive: %s",
  async (relativePath) => {
    await expect(unpackArchive(fn({ ...ARCHIVE, [relativePath]: "x" }), cacheDir)).rejects.toThrow(
      new Error(
        `Function \`archive-test\` has archive file \`${relativePath}\`, which lies outside the archive; ` +
          "archive paths must be relative and stay inside it",
      ),
    );
    expect(readdirSync(cacheDir)).toEqual([]);
  },
);
