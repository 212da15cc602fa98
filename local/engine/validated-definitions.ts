import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { cacheDir } from "../model/cache-dir";
import { lockFileDigest } from "../model/lock-digest";
import { projectDir } from "../model/project-dir";
import { writeWholeFile } from "../model/whole-file";

/**
 * Definitions the library accepted in earlier processes, on disk in `node_modules/.cache/order-workflow/validated`,
 * keyed by the definition text and the lock file (which pins the library and asl-validator). Validation is a pure
 * function of those two, and each test file and command is a new process that would compile the validator's
 * schemas again. Only accepted definitions are written, so a refused one is validated, and refused, every time.
 */
export function validatedCacheFile(definition: string): string {
  const root = projectDir();
  const key = createHash("sha256").update(lockFileDigest(root)).update("\0").update(definition).digest("hex");
  return path.join(cacheDir("validated", root), `${key}.json`);
}

/** What the library left of an accepted definition (JSON text), or undefined if it was never accepted here. */
export function readValidated(definition: string): string | undefined {
  const file = validatedCacheFile(definition);
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

/** Records an accepted definition; best-effort, since a cache that cannot be written only means validating again. */
export function writeValidated(definition: string, validated: string): void {
  const file = validatedCacheFile(definition);
  try {
    writeWholeFile(file, validated);
  } catch {
    // Best-effort, as above.
  }
}
