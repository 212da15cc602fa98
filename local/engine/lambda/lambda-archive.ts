import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

import type { DeployedFunction } from "../../model/deployment";
import { projectDir } from "../../model/project-dir";

/** Where unpacked archives are kept, one folder per archive's contents, under the clone's node_modules. */
export function archiveCacheDir(root: string = projectDir()): string {
  return path.join(root, "node_modules", ".cache", "order-workflow", "lambda-archives");
}

/**
 * Unpacks a function's archive, as Lambda does into /var/task, and returns the directory. A task root is
 * read-only on Lambda, so one unpacked archive serves every environment, simulator and process that runs the same
 * archive: each simulator start wrote the 2 MB payment bundle, source map included, and removed it on close. The
 * folder is named by a digest of the archive and written whole before it is renamed into place.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
export async function unpackArchive(
  fn: DeployedFunction,
  cacheDir: string = archiveCacheDir(),
): Promise<string> {
  const entries = Object.entries(fn.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [relativePath] of entries) {
    const target = path.resolve(cacheDir, "root", relativePath);
    if (path.isAbsolute(relativePath) || !target.startsWith(path.join(cacheDir, "root") + path.sep)) {
      throw new Error(
        `Function \`${fn.name}\` has archive file \`${relativePath}\`, which lies outside the archive; ` +
          "archive paths must be relative and stay inside it",
      );
    }
  }
  const digest = createHash("sha256");
  for (const [relativePath, text] of entries)
    digest.update(relativePath).update("\0").update(text).update("\0");
  const taskRoot = path.join(cacheDir, digest.digest("hex"));
  if (existsSync(taskRoot)) return taskRoot;

  await mkdir(cacheDir, { recursive: true });
  const partial = await mkdtemp(`${taskRoot}.partial-`);
  try {
    for (const [relativePath, text] of entries) {
      const target = path.resolve(partial, relativePath);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, text);
    }
    await rename(partial, taskRoot);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    // Another simulator unpacked the same archive meanwhile: its folder holds the same files.
    if (!existsSync(taskRoot)) throw error;
  }
  return taskRoot;
}
