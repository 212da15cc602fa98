import { existsSync } from "node:fs";
import path from "node:path";

import { buildSync } from "esbuild";

import { projectDir } from "../../model/project-dir";

const WORKER_SOURCE = "local/engine/lambda/lambda-worker.ts";

let bundled: string | undefined;

/** lambda-worker.ts bundled into one CommonJS script, to start with `new Worker(code, { eval: true })`. */
export function lambdaWorkerCode(): string {
  if (bundled === undefined) {
    // From the project, not from __dirname: this module also runs bundled into the command launcher's cache.
    const source = path.join(projectDir(), WORKER_SOURCE);
    if (!existsSync(source)) throw new Error(`${WORKER_SOURCE} is missing from ${projectDir()}`);
    const result = buildSync({
      entryPoints: [source],
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node24",
      write: false,
    });
    const [output] = result.outputFiles;
    if (output === undefined) throw new Error(`esbuild produced no output for ${source}`);
    bundled = output.text;
  }
  return bundled;
}
