import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import path from "node:path";

import { projectDir } from "../../local/model/project-dir";

const PROJECT_DIR = projectDir();
/** What the package.json scripts run; `npm start` is `node local/commands/launch.mjs start`. */
const LAUNCHER = path.join(PROJECT_DIR, "local/commands/launch.mjs");

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The launcher with `args`, on the project's Node, from the project root, with `env` (default: ours, no colour). */
export function spawnLauncher(
  args: readonly string[],
  env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" },
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [LAUNCHER, ...args], { cwd: PROJECT_DIR, env });
}

/** A spawned process's exit code and everything it wrote, once it has closed. */
export function finished(child: ChildProcessWithoutNullStreams): Promise<Finished> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

/** The launcher with `args`, without colour, to its end. */
export function launcher(...args: string[]): Promise<Finished> {
  return finished(spawnLauncher(args));
}
