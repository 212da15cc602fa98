import path from "node:path";

import { projectDir } from "./project-dir";

/**
 * The folder of one of the local caches (`synth`, `validated`, `lambda-worker`, `lambda-archives`), inside the
 * clone's node_modules: a fresh clone starts cold, as CI does, and no other checkout's entries are reused.
 */
export function cacheDir(name: string, root: string = projectDir()): string {
  return path.join(root, "node_modules", ".cache", "order-workflow", name);
}
