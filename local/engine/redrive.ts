import type { StateMachine, StateMachineDefinition } from "aws-local-stepfunctions";

import type { Deployment } from "../model/deployment";
import type { JsonValue } from "../model/json";
import type { ExecutionAssociation } from "./execution-association";
import {
  billableTransitions,
  type ExecutionReport,
  type ExecutionStatus,
  type LambdaLog,
} from "./execution-report";
import type { HistoryEvent } from "./history";
import type { RunState } from "./run-state";

/** The Context Object an execution runs with, as the library takes it. */
export type ExecutionContext = NonNullable<NonNullable<Parameters<StateMachine["run"]>[1]>["context"]>;

/**
 * RedriveExecution restarts an unsuccessful STANDARD execution that ended at most 14 days ago.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html
 */
export const REDRIVE_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;

const REDRIVABLE_STATUSES: readonly ExecutionStatus[] = ["FAILED", "TIMED_OUT", "ABORTED"];

/** DescribeExecution's `redriveStatus` and `redriveStatusReason`. */
export interface RedriveStatus {
  readonly status: "REDRIVABLE" | "NOT_REDRIVABLE";
  readonly reason: string;
}

/** RedriveExecution refused: the execution is not REDRIVABLE; the message is DescribeExecution's reason. */
export class ExecutionNotRedrivableError extends Error {
  override readonly name = "ExecutionNotRedrivable";
}

/** Everything the simulator keeps of one execution, over its start and each redrive. */
export interface ExecutionRecord {
  readonly executionName: string;
  readonly executionArn: string;
  /** Milliseconds since the epoch. */
  readonly startDate: number;
  readonly input: JsonValue;
  /** The alias and version it was started through; a redrive keeps them. */
  readonly association: ExecutionAssociation;
  /** The same on every attempt but for `Execution.RedriveCount` and `Execution.RedriveTime`. */
  context: ExecutionContext;
  redriveCount: number;
  /** Milliseconds since the epoch, of the last redrive. */
  redriveDate?: number;
  /** The events of the attempts before the current one, each redrive's ExecutionRedriven included. */
  earlierEvents: readonly HistoryEvent[];
  earlierLambdaInvocations: number;
  earlierLambdaLogs: readonly LambdaLog[];
  /** The current attempt's events so far. */
  currentEvents: () => readonly HistoryEvent[];
  /** What the current attempt's Task calls collect: its Lambda invocations and logs. */
  currentRun?: RunState;
  /** Set once the current attempt has ended; undefined while it runs or when a simulator defect ended it. */
  ended?: { readonly status: ExecutionStatus; readonly stopDate: number };
}

/** Where a redrive resumes: the top-level state that was running when the execution ended, with its input. */
export interface RedrivePoint {
  readonly stateName: string;
  readonly input: JsonValue;
}

/** The execution's whole history: every attempt's events, in order. */
export function historyOf(record: ExecutionRecord): HistoryEvent[] {
  return [...record.earlierEvents, ...record.currentEvents()];
}

/**
 * The state a redrive resumes at: the last top-level state entered and never exited (a Task that failed after
 * its retries, a Fail state, the state running at a timeout or a stop), with the input it was entered with.
 * States nested in a Map or Parallel state are skipped: their parent is the one left unfinished.
 */
export function redrivePoint(
  definition: StateMachineDefinition,
  events: readonly HistoryEvent[],
): RedrivePoint | undefined {
  const topLevel = (event: HistoryEvent): boolean =>
    event.stateName !== undefined &&
    event.mapIterationIndex === undefined &&
    Object.hasOwn(definition.States, event.stateName);
  const lastEntered = events.findLastIndex((event) => event.type === "StateEntered" && topLevel(event));
  const entered = events[lastEntered];
  if (entered?.stateName === undefined) return undefined;
  const exited = events
    .slice(lastEntered + 1)
    .some(
      (event) => event.type === "StateExited" && event.stateName === entered.stateName && topLevel(event),
    );
  if (exited) return undefined;
  return { stateName: entered.stateName, input: (entered.input ?? null) as JsonValue };
}

/** DescribeExecution's redrive status of an execution, at `now`. */
export function redriveStatusOf(
  record: ExecutionRecord,
  deployment: Deployment,
  definition: StateMachineDefinition,
  now: number,
): RedriveStatus {
  if ((deployment.workflowType ?? "STANDARD") === "EXPRESS") {
    return { status: "NOT_REDRIVABLE", reason: "Express executions cannot be redriven" };
  }
  const { ended } = record;
  if (ended === undefined) {
    return { status: "NOT_REDRIVABLE", reason: "Execution is RUNNING and cannot be redriven" };
  }
  if (!REDRIVABLE_STATUSES.includes(ended.status)) {
    return { status: "NOT_REDRIVABLE", reason: `Execution is ${ended.status} and cannot be redriven` };
  }
  if (now - ended.stopDate > REDRIVE_WINDOW_MS) {
    return {
      status: "NOT_REDRIVABLE",
      reason: "Execution ended more than 14 days ago and can no longer be redriven",
    };
  }
  const point = redrivePoint(definition, historyOf(record));
  if (point === undefined) {
    return { status: "NOT_REDRIVABLE", reason: "Execution has no unfinished state to resume" };
  }
  const type = definition.States[point.stateName]?.Type;
  if (type === "Map" || type === "Parallel") {
    // AWS redrives only the failed iterations or branches; the simulator would run them all again.
    return {
      status: "NOT_REDRIVABLE",
      reason: `The local simulator cannot redrive the failed iterations or branches of ${type} state ${point.stateName}`,
    };
  }
  return { status: "REDRIVABLE", reason: "Execution can be redriven" };
}

/** The definition a redrive runs: the same states, starting at the one that did not finish. */
export function redrivenDefinition(
  definition: StateMachineDefinition,
  startAt: string,
): StateMachineDefinition {
  return { ...definition, StartAt: startAt };
}

/**
 * Moves the record on to a redrive at `now`: the history so far and an ExecutionRedriven event become the earlier
 * events, and the context counts the redrive. The execution keeps its ARN, input and start time.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html
 */
export function beginRedrive(record: ExecutionRecord, now: number): void {
  record.redriveCount += 1;
  record.redriveDate = now;
  record.earlierEvents = [
    ...historyOf(record),
    { type: "ExecutionRedriven", timestamp: now, redriveCount: record.redriveCount },
  ];
  record.earlierLambdaInvocations += record.currentRun?.lambdaInvocations ?? 0;
  record.earlierLambdaLogs = [...record.earlierLambdaLogs, ...(record.currentRun?.lambdaLogs ?? [])];
  record.currentEvents = () => [];
  record.ended = undefined;
  record.context = {
    ...record.context,
    Execution: {
      ...record.context.Execution,
      RedriveCount: record.redriveCount,
      RedriveTime: new Date(now).toISOString(),
    },
  };
}

/**
 * A redriven attempt's events as they join the history: its ExecutionStarted is the library's, not an event of
 * the redriven execution, which was started once.
 */
export function redriveAttemptEvents(events: readonly HistoryEvent[], redriven: boolean): HistoryEvent[] {
  return redriven ? events.filter((event) => event.type !== "ExecutionStarted") : [...events];
}

/**
 * The report of the whole execution once an attempt ended: its status, output, error and cause are the
 * attempt's, its events, states, transitions and Lambda calls those of every attempt, as GetExecutionHistory
 * reports one execution ARN.
 */
export function wholeReport(record: ExecutionRecord, attempt: ExecutionReport): ExecutionReport {
  const events = [...record.earlierEvents, ...attempt.events];
  return {
    ...attempt,
    events,
    statesEntered: events.flatMap((event) =>
      event.type === "StateEntered" && event.stateName !== undefined ? [event.stateName] : [],
    ),
    transitions: billableTransitions(events),
    lambdaInvocations: record.earlierLambdaInvocations + attempt.lambdaInvocations,
    lambdaLogs: [...record.earlierLambdaLogs, ...attempt.lambdaLogs],
  };
}
