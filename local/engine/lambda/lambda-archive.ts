import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

import type { DeployedFunction } from "../../model/deployment";
import { cacheDir } from "../../model/cache-dir";

/**
 * Unpacks a function's archive, as Lambda does into /var/task, and returns the directory. A task root is
 * read-only on Lambda, so one unpacked archive serves every environment, simulator and process that runs the same
 * archive: each simulator start wrote the 2 MB payment bundle, source map included, and removed it on close. The
 * folder is named by a digest of the archive and written whole before it is renamed into place.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
export async function unpackArchive(
  fn: DeployedFunction,
  archives: string = cacheDir("lambda-archives"),
): Promise<string> {
  const entries = Object.entries(fn.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const digest = createHash("sha256");
  for (const [relativePath, text] of entries) {
    digest.update(relativePath).update("\0").update(text).update("\0");
  }
  const taskRoot = path.join(archives, digest.digest("hex"));
  for (const [relativePath] of entries) {
    const target = path.resolve(taskRoot, relativePath);
    if (path.isAbsolute(relativePath) || !target.startsWith(taskRoot + path.sep)) {
      throw new Error(
        `Function \`${fn.name}\` has archive file \`${relativePath}\`, which lies outside the archive; ` +
          "archive paths must be relative and stay inside it",
      );
    }
  }
  if (existsSync(taskRoot)) return taskRoot;

  await mkdir(archives, { recursive: true });
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
