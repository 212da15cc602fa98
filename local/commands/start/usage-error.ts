/**
 * Bad input from the user (a flag, a file, an order, a stack): the message says what was wrong, the value
 * received and what is allowed, as `<what was wrong>; allowed: <what is allowed>`.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";

  constructor(problem: string, allowed: string) {
    super(`${problem}; allowed: ${allowed}`);
  }
}

/** The exit code of a command-line tool given bad input, as shells and argument parsers use it. */
export const USAGE_EXIT_CODE = 2;
/** A simulator or handler defect: the run could not be trusted. */
export const DEFECT_EXIT_CODE = 1;

/** Every diagnostic of the tool is one line that starts like this. */
export function diagnosticLine(message: string): string {
  return `npm start: ${message.replaceAll(/\s*\n\s*/g, " ")}`;
}

/** A value as the user typed it, quoted so that blanks and empty strings stay visible. */
export function quoted(value: string): string {
  return JSON.stringify(value);
}
