import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Writes `text` to a file beside `file`, then renames it into place, creating the folder: another process
 * reading `file` meanwhile sees no file, the old one or the new one, never half of one.
 */
export function writeWholeFile(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, text);
  renameSync(partial, file);
}
