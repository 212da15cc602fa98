import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError } from "aws-local-stepfunctions";

import { messageOf } from "./error-text";
import { billableTransitions, type ExecutionReport, type ExecutionStatus } from "./execution-report";
import type { HistoryEvent } from "./history";
import type { RunState } from "./run-state";
import { defectIn, SimulatorDefectError } from "./simulator-defect-error";

/** How the library's result promise settled: one of the execution statuses, or a value it never produces. */
export type Outcome =
  | { readonly status: ExecutionStatus; readonly output?: unknown }
  | { readonly status: undefined; readonly unexpected: unknown };

export async function outcomeOf(result: Promise<unknown>): Promise<Outcome> {
  try {
    return { status: "SUCCEEDED", output: await result };
  } catch (error) {
    if (error instanceof ExecutionError) return { status: "FAILED" };
    if (error instanceof ExecutionTimeoutError) return { status: "TIMED_OUT" };
    if (error instanceof ExecutionAbortedError) return { status: "ABORTED" };
    return { status: undefined, unexpected: error };
  }
}

/** The report of an execution that has ended; throws SimulatorDefectError when a defect ended or marked it. */
export function reportOf(
  execution: { readonly executionName: string; readonly executionArn: string },
  outcome: Outcome,
  events: readonly HistoryEvent[],
  run: RunState,
): ExecutionReport {
  if (run.defect !== undefined) throw harnessDefect(run.defect, events);
  if (outcome.status === undefined) {
    const { unexpected } = outcome;
    throw new SimulatorDefectError(
      `aws-local-stepfunctions ended the execution with ${messageOf(unexpected)}, which is none of its outcomes`,
      undefined,
      unexpected instanceof Error ? unexpected.name : typeof unexpected,
      events,
      { cause: unexpected },
    );
  }
  const defect = defectIn(events);
  if (defect !== undefined) throw defect;

  const failure = events.findLast((event) => event.type === "ExecutionFailed");
  return {
    executionName: execution.executionName,
    executionArn: execution.executionArn,
    status: outcome.status,
    ...(outcome.status === "SUCCEEDED" ? { output: outcome.output } : {}),
    ...(failure === undefined ? {} : { error: failure.error, cause: failure.cause }),
    events,
    statesEntered: events.flatMap((event) =>
      event.type === "StateEntered" && event.stateName !== undefined ? [event.stateName] : [],
    ),
    transitions: billableTransitions(events),
    lambdaInvocations: run.lambdaInvocations,
    lambdaLogs: run.lambdaLogs,
  };
}

function harnessDefect(
  defect: NonNullable<RunState["defect"]>,
  events: readonly HistoryEvent[],
): SimulatorDefectError {
  const { stateName, error } = defect;
  return new SimulatorDefectError(
    `The local simulator's own code failed in Task state \`${stateName}\` with ${messageOf(error)}; ` +
      "the execution was stopped so that no Retry or Catch could take it for a service error.",
    stateName,
    error instanceof Error ? error.name : typeof error,
    events,
    { cause: error },
  );
}
