import { type Command, CommanderError } from "commander";

import { UsageError } from "../start/usage-error";

/**
 * Parses the flags with `command`, its help written with `writeHelp`: Commander's own errors become UsageErrors
 * that point at `<invocation> --help`; help shown (CommanderError, exit code 0) is thrown as it is.
 */
export function parseFlags(
  command: Command,
  argv: readonly string[],
  writeHelp: (text: string) => void,
  invocation: string,
): void {
  command.configureOutput({ writeOut: writeHelp, writeErr: () => undefined });
  try {
    command.parse(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError && error.exitCode !== 0) {
      throw new UsageError(
        error.message.replace(/^error: /, ""),
        `the flags that \`${invocation} --help\` lists`,
      );
    }
    throw error;
  }
}
