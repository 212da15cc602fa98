import { Command, Option } from "commander";

import { parseFlags } from "../shared/parse-flags";
import { quoted, UsageError } from "../start/usage-error";

export interface RecoverCliOptions {
  readonly stack: string;
  readonly apply: boolean;
  readonly outputsFile?: string;
  readonly waitSeconds: number;
}

/** Long enough for an order's retries (a few seconds each, backed off): a Standard execution of this workflow. */
export const DEFAULT_WAIT_SECONDS = 300;
/** A message hidden for the wait plus a margin must fit SQS's 12-hour visibility timeout. */
const MAX_WAIT_SECONDS = 43_000;
const WAIT_RULE = `a whole number of seconds from 1 to ${MAX_WAIT_SECONDS}`;

interface RawOptions {
  readonly stack?: string;
  readonly apply: boolean;
  readonly outputs?: string;
  readonly wait?: string;
}

function program(): Command {
  return new Command()
    .name("npm run recover --")
    .description(
      "Reads a stack's failure queue and recovers each order: redrives its execution when DescribeExecution says it " +
        "is redrivable and it did not end in the Fail state OrderFailureQueued, otherwise starts a new one with the " +
        "original input through the live alias; deletes the message once that execution " +
        "SUCCEEDED. A dry run unless --apply. Exits 1 while any message is left, 2 for bad input.",
    )
    .addOption(
      new Option("--stack <env>", "the stack whose failure queue and state machine to work on (required)"),
    )
    .addOption(
      new Option("--apply", "act; without it, print what would be done and change nothing").default(false),
    )
    .addOption(
      new Option(
        "--outputs <file>",
        "the stack's outputs as `pulumi stack output --json` prints them (default: STATE_MACHINE_ARN, LIVE_ALIAS_ARN and FAILURE_QUEUE_URL from the environment, then the Pulumi CLI)",
      ),
    )
    .addOption(
      new Option(
        "--wait <seconds>",
        `how long to wait for each execution to end, ${WAIT_RULE} (default: ${DEFAULT_WAIT_SECONDS})`,
      ),
    )
    .helpOption("-h, --help", "list the flags")
    .allowExcessArguments(false)
    .exitOverride();
}

/** Throws UsageError for bad input, and CommanderError with exit code 0 when help was shown. */
export function parseRecoverCommandLine(
  argv: readonly string[],
  writeHelp: (text: string) => void,
): RecoverCliOptions {
  const command = program();
  parseFlags(command, argv, writeHelp, "npm run recover --");
  const raw = command.opts<RawOptions>();
  if (raw.stack === undefined || raw.stack === "") {
    throw new UsageError("--stack was not given", "--stack <env>, the stack to recover, e.g. --stack dev");
  }
  return {
    stack: raw.stack,
    apply: raw.apply,
    ...(raw.outputs === undefined ? {} : { outputsFile: raw.outputs }),
    waitSeconds: raw.wait === undefined ? DEFAULT_WAIT_SECONDS : parseWait(raw.wait),
  };
}

function parseWait(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_WAIT_SECONDS) {
    throw new UsageError(`--wait ${quoted(text)} is not a wait`, WAIT_RULE);
  }
  return Number(text);
}
