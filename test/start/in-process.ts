import { main } from "../../local/commands/start/cli";
import type { RunHooks } from "../../local/commands/start/run";
import type { Finished } from "../support/launcher-process";

/** The in-process runs so far: each takes this process's stdout and stderr, so they run one after the other. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * `npm start -- <args>` in this process, through the same main as the launcher runs, without colour (as
 * launcher() runs it, with NO_COLOR): its exit code and what it wrote to stdout and stderr. For a test of what
 * the command does with its flags rather than of the process around it, which test/start/cli-process.test.ts
 * shows; `hooks` as no command line can set them.
 */
export function startInProcess(args: readonly string[], hooks: RunHooks = {}): Promise<Finished> {
  const finished = queue.then(() => captured(args, hooks));
  queue = finished.catch(() => undefined);
  return finished;
}

async function captured(args: readonly string[], hooks: RunHooks): Promise<Finished> {
  let stdout = "";
  let stderr = "";
  const noColor = process.env.NO_COLOR;
  process.env.NO_COLOR = "1";
  const out = jest.spyOn(process.stdout, "write").mockImplementation((text: string | Uint8Array) => {
    stdout += String(text);
    return true;
  });
  const err = jest.spyOn(process.stderr, "write").mockImplementation((text: string | Uint8Array) => {
    stderr += String(text);
    return true;
  });
  try {
    const code = await main(args, hooks);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    if (noColor === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = noColor;
  }
}
