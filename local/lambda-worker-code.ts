import { existsSync } from "node:fs";
import path from "node:path";

import { buildSync } from "esbuild";

let bundled: string | undefined;

/** lambda-worker.ts bundled into one CommonJS script, to start with `new Worker(code, { eval: true })`. */
export function lambdaWorkerCode(): string {
  if (bundled === undefined) {
    // Run from source (jest, ts runners) the .ts file is next to this one; compiled, the .js file is.
    const source = ["lambda-worker.ts", "lambda-worker.js"]
      .map((name) => path.join(__dirname, name))
      .find((candidate) => existsSync(candidate));
    if (source === undefined)
      throw new Error(`lambda-worker.ts or lambda-worker.js is missing from ${__dirname}`);
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
