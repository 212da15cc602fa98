import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { buildSync, version as esbuildVersion } from "esbuild";

import { cacheDir } from "../../model/cache-dir";
import { lockFileDigest } from "../../model/lock-digest";
import { projectDir } from "../../model/project-dir";
import { writeWholeFile } from "../../model/whole-file";

const WORKER_SOURCE = "local/engine/lambda/lambda-worker.ts";
/**
 * The project files the bundle is built from, besides packages, which the lock file pins: the worker alone, as it
 * imports only types from the project. test/engine/lambda-worker-code.test.ts fails when this list and the files
 * esbuild reads part.
 */
export const WORKER_INPUTS: readonly string[] = [WORKER_SOURCE];

let bundled: string | undefined;

/** Where the bundle of the current inputs is kept: one file per distinct input, under the clone's node_modules. */
export function lambdaWorkerCacheFile(root: string = projectDir()): string {
  const key = createHash("sha256").update(esbuildVersion).update("\0").update(lockFileDigest(root));
  for (const input of WORKER_INPUTS) key.update("\0").update(readFileSync(path.join(root, input)));
  return path.join(cacheDir("lambda-worker", root), `${key.digest("hex")}.cjs`);
}

/**
 * lambda-worker.ts bundled into one CommonJS script, to start with `new Worker(code, { eval: true })`; built once
 * per set of inputs and kept on disk, as each test file and command is a process of its own that would bundle it
 * again (about 45 ms of CPU each).
 */
export function lambdaWorkerCode(): string {
  if (bundled === undefined) {
    // From the project, not from __dirname: this module also runs bundled into the command launcher's cache.
    const root = projectDir();
    const source = path.join(root, WORKER_SOURCE);
    if (!existsSync(source)) throw new Error(`${WORKER_SOURCE} is missing from ${root}`);
    const cacheFile = lambdaWorkerCacheFile(root);
    if (existsSync(cacheFile)) {
      bundled = readFileSync(cacheFile, "utf8");
    } else {
      bundled = buildLambdaWorker(source).code;
      try {
        writeWholeFile(cacheFile, bundled);
      } catch {
        // Best-effort: a cache that cannot be written only means bundling again.
      }
    }
  }
  return bundled;
}

/** Bundles the worker; `inputs` are the files esbuild read, relative to the project. */
export function buildLambdaWorker(source: string = path.join(projectDir(), WORKER_SOURCE)): {
  readonly code: string;
  readonly inputs: readonly string[];
} {
  const result = buildSync({
    entryPoints: [source],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node24",
    write: false,
    metafile: true,
    absWorkingDir: projectDir(),
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error(`esbuild produced no output for ${source}`);
  return { code: output.text, inputs: Object.keys(result.metafile.inputs) };
}
