import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import type { DeployedFunction } from "../../model/deployment";

/** Unpacks a function's archive into a fresh directory, as Lambda does into /var/task. Returns the directory. */
export async function unpackArchive(fn: DeployedFunction): Promise<string> {
  const taskRoot = await mkdtemp(path.join(tmpdir(), "local-lambda-"));
  try {
    for (const [relativePath, text] of Object.entries(fn.files)) {
      const target = path.resolve(taskRoot, relativePath);
      if (path.isAbsolute(relativePath) || !target.startsWith(taskRoot + path.sep)) {
        throw new Error(
          `Function \`${fn.name}\` has archive file \`${relativePath}\`, which lies outside the archive; ` +
            "archive paths must be relative and stay inside it",
        );
      }
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, text);
    }
  } catch (error) {
    await removeArchive(taskRoot);
    throw error;
  }
  return taskRoot;
}

export async function removeArchive(taskRoot: string): Promise<void> {
  await rm(taskRoot, { recursive: true, force: true });
}
