import { CommanderError } from "commander";

import { parseCommandLine } from "./options";
import { info } from "./info";
import type { RunHooks } from "./run";
import { DEFECT_EXIT_CODE, diagnosticLine, USAGE_EXIT_CODE, UsageError } from "./usage-error";

/**
 * `npm start -- <argv>`: resolves to the exit code. Exit codes: 0 when every execution ran (FAILED ones
 * included), 2 for bad input, 1 for a defect; 1 also when the outage demo left an order unrecovered, or when
 * `--canary`'s candidate did worse than the baseline. main.ts runs it with the process's command line; a test
 * may run it in its own process, with `hooks` (none from main.ts).
 */
export async function main(argv: readonly string[], hooks: RunHooks = {}): Promise<number> {
  try {
    const options = parseCommandLine(argv, (text) => process.stdout.write(text));
    // Loaded once the command line is parsed: `--help` and bad flags do not wait for Pulumi, the simulator and
    // the AWS SDK to load.
    const { run } = await import("./run");
    return await run(options, hooks);
  } catch (error) {
    if (error instanceof CommanderError && error.exitCode === 0) return 0;
    if (error instanceof UsageError) {
      info(diagnosticLine(error.message));
      return USAGE_EXIT_CODE;
    }
    // Loaded already when run() got far enough to throw these.
    const [{ StackSettingsError }, { SimulatorDefectError }] = await Promise.all([
      import("../../../stacks"),
      import("../../engine/simulator-defect-error"),
    ]);
    if (error instanceof StackSettingsError) {
      info(diagnosticLine(`stack ${error.stackName} has invalid settings: ${error.problems.join("; ")}`));
      return USAGE_EXIT_CODE;
    }
    if (error instanceof SimulatorDefectError) {
      info(diagnosticLine(error.message));
      return DEFECT_EXIT_CODE;
    }
    throw error;
  }
}
