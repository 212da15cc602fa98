import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The Pulumi project's directory: the nearest folder above this file that holds `Pulumi.yaml`. Found by walking
 * up, not by a fixed `..` count, because the same code runs from source (jest, tsx) and bundled into
 * `node_modules/.cache` by the command launcher, and Pulumi resolves the program's relative paths from there.
 */
export function projectDir(from: string = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No Pulumi.yaml in ${from} or any folder above it.`);
  }
}

/** This project's directory, found once per process. */
export const PROJECT_DIR = projectDir();
