import type { HistoryEvent } from "./history";

/** Error names that only a bug produces: no AWS service or Lambda runtime failure is called like this. */
export const JAVASCRIPT_BUILT_IN_ERRORS: ReadonlySet<string> = new Set([
  "Error",
  "TypeError",
  "ReferenceError",
  "SyntaxError",
  "RangeError",
  "EvalError",
  "URIError",
]);

/**
 * How the Lambda runtime reports a bundle it cannot load, or a promise the handler left to reject unawaited.
 * Like a built-in error, each is a bug (of the build, the handler setting or the code), not a failure that a
 * Retry or Catch of the workflow should absorb.
 */
const LAMBDA_RUNTIME_DEFECTS: ReadonlySet<string> = new Set([
  "Runtime.ImportModuleError",
  "Runtime.HandlerNotFound",
  "Runtime.UserCodeSyntaxError",
  "Runtime.UnhandledPromiseRejection",
]);

/**
 * A bug in a handler or in the simulator surfaced during an execution. `run` rejects with it instead of
 * reporting the execution, because a Retry or a States.ALL Catch would otherwise hide the bug.
 */
export class SimulatorDefectError extends Error {
  constructor(
    message: string,
    /** The state in which the defect surfaced, when one is known. */
    readonly stateName: string | undefined,
    /** The error name the defect surfaced as. */
    readonly errorName: string,
    /** The execution's events up to the defect. */
    readonly events: readonly HistoryEvent[],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "SimulatorDefectError";
  }
}

export function isDefectErrorName(errorName: string): boolean {
  return JAVASCRIPT_BUILT_IN_ERRORS.has(errorName) || LAMBDA_RUNTIME_DEFECTS.has(errorName);
}

/** The first event whose error is a defect, as a SimulatorDefectError; undefined when there is none. */
export function defectIn(events: readonly HistoryEvent[]): SimulatorDefectError | undefined {
  const event = events.find(
    (candidate) => candidate.error !== undefined && isDefectErrorName(candidate.error),
  );
  if (event?.error === undefined) return undefined;
  const where = event.stateName === undefined ? "The execution" : `State \`${event.stateName}\``;
  const kind = JAVASCRIPT_BUILT_IN_ERRORS.has(event.error)
    ? "the JavaScript built-in error"
    : "the Lambda runtime error";
  return new SimulatorDefectError(
    `${where} failed with ${kind} \`${event.error}\`: ${detailOf(event.cause)}. That means a bug in a handler, ` +
      "its build or the local simulator, not a service failure, so the simulator does not let a Retry or Catch " +
      "of the workflow absorb it.",
    event.stateName,
    event.error,
    events,
  );
}

/** The error message alone when the cause is a Lambda error payload; its trace is in the events. */
function detailOf(cause: string | undefined): string {
  if (cause === undefined) return "no cause given";
  try {
    const payload: unknown = JSON.parse(cause);
    if (typeof payload === "object" && payload !== null && "errorMessage" in payload) {
      return String(payload.errorMessage);
    }
  } catch {
    // Not JSON: the cause is the message itself.
  }
  return cause;
}
