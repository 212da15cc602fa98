import type { HistoryEvent } from "./history";

export type ExecutionStatus = "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";

/** What one handler run wrote to its console, in Lambda's text log format. */
export interface LambdaLog {
  readonly stateName: string;
  readonly functionName: string;
  readonly requestId: string;
  readonly lines: readonly string[];
}

export interface ExecutionReport {
  readonly executionName: string;
  readonly executionArn: string;
  readonly status: ExecutionStatus;
  /** The execution's output, when it SUCCEEDED. */
  readonly output?: unknown;
  /** The error and cause of the execution's failure, when it FAILED. */
  readonly error?: string;
  readonly cause?: string;
  readonly events: readonly HistoryEvent[];
  /** State names in the order they were entered, once per entry; retries are in `events`. */
  readonly statesEntered: readonly string[];
  /** Billable Standard-workflow state transitions; see billableTransitions. */
  readonly transitions: number;
  /** Handler runs actually performed; calls failed by an injected fault never reach the handler. */
  readonly lambdaInvocations: number;
  readonly lambdaLogs: readonly LambdaLog[];
}

/**
 * Standard workflows are billed per state transition, "including retries" (https://aws.amazon.com/step-functions/pricing/):
 * every state entered counts once, nested Parallel branch and Map iteration states included, and every retry
 * attempt of a state counts once more.
 */
export function billableTransitions(events: readonly HistoryEvent[]): number {
  return events.filter((event) => event.type === "StateEntered" || event.type === "StateRetried").length;
}
