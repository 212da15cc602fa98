import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

const digests = new Map<string, string>();

/**
 * The sha256 of the project's package-lock.json, which pins every package a cache's entry was made with; read
 * once per process and project, since the lock file does not change under a running command and is 300 KB.
 */
export function lockFileDigest(root: string): string {
  let digest = digests.get(root);
  if (digest === undefined) {
    digest = createHash("sha256")
      .update(readFileSync(path.join(root, "package-lock.json")))
      .digest("hex");
    digests.set(root, digest);
  }
  return digest;
}
