import type { ExecutionAssociation } from "../../engine/execution-association";
import type { ExecutionReport, ExecutionStatus } from "../../engine/execution-report";
import type { RedriveStatus } from "../../engine/redrive";
import type { RunningExecution } from "../../engine/running-execution";
import { isRecord } from "../../model/json";
import type { AwsHistoryEvent } from "../shared/execution-history";

export type Status = "RUNNING" | ExecutionStatus;

const STATUSES: readonly Status[] = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"];
/** ListExecutions' statusFilter also names PENDING_REDRIVE, which it accepts only with a mapRunArn. */
export const STATUS_FILTERS = [...STATUSES, "PENDING_REDRIVE"] as const;

/** One execution as the endpoint tracks it: the engine's handle, and what its report said once it ended. */
export interface Tracked {
  running: RunningExecution;
  /** The alias and version StartExecution associated it with; its redrives keep them. */
  readonly association: ExecutionAssociation;
  status: Status;
  stopDate?: number;
  report?: ExecutionReport;
  /** A simulator defect ended it; it is reported FAILED with this as its cause. */
  defect?: string;
  redriveCount: number;
  redriveDate?: number;
  /** The clientTokens of the last redrives, with the redriveDate each was answered with. */
  clientTokens: { readonly token: string; readonly redriveDate: number }[];
  settled: Promise<void>;
}

/**
 * RedriveExecution answers the same for a clientToken it has seen, for the last 10 tokens of an execution.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html
 */
const REMEMBERED_CLIENT_TOKENS = 10;

/** A redriven execution runs again: its new attempt, one more redrive at `now`, its clientToken remembered. */
export function restartedByRedrive(
  tracked: Tracked,
  running: RunningExecution,
  now: number,
  clientToken: string | undefined,
): void {
  tracked.running = running;
  tracked.status = "RUNNING";
  tracked.redriveCount += 1;
  tracked.redriveDate = now;
  if (clientToken !== undefined) {
    tracked.clientTokens = [...tracked.clientTokens, { token: clientToken, redriveDate: now }].slice(
      -REMEMBERED_CLIENT_TOKENS,
    );
  }
  delete tracked.stopDate;
  delete tracked.report;
  delete tracked.defect;
}

/**
 * DescribeExecution's answer for a tracked execution: `stateMachineArn` is the unqualified ARN, and an execution
 * started through the alias also names the alias and the version it ran (`stateMachineVersionArn` alone for a
 * version ARN, neither for the unqualified one).
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html
 */
export function describeOf(tracked: Tracked, stateMachineArn: string, redrive: RedriveStatus): object {
  const { running, status, report } = tracked;
  return {
    executionArn: running.executionArn,
    stateMachineArn,
    name: running.executionName,
    status,
    startDate: seconds(running.startDate),
    ...(tracked.stopDate === undefined ? {} : { stopDate: seconds(tracked.stopDate) }),
    input: JSON.stringify(running.input),
    inputDetails: { included: true },
    ...(status === "SUCCEEDED" && report !== undefined
      ? { output: JSON.stringify(report.output ?? null), outputDetails: { included: true } }
      : {}),
    ...(tracked.defect !== undefined
      ? { error: "Local.SimulatorDefect", cause: tracked.defect }
      : report?.error === undefined
        ? {}
        : { error: report.error, cause: report.cause }),
    ...tracked.association,
    redriveCount: tracked.redriveCount,
    ...(tracked.redriveDate === undefined ? {} : { redriveDate: seconds(tracked.redriveDate) }),
    redriveStatus: redrive.status,
    redriveStatusReason: redrive.reason,
  };
}

/**
 * One entry of ListExecutions' answer, whichever ARN it was listed by: the unqualified ARN, then the alias and
 * the version as DescribeExecution names them.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_ExecutionListItem.html
 */
export function listEntryOf(tracked: Tracked, stateMachineArn: string): object {
  return {
    executionArn: tracked.running.executionArn,
    stateMachineArn,
    ...tracked.association,
    name: tracked.running.executionName,
    status: tracked.status,
    startDate: seconds(tracked.running.startDate),
    ...(tracked.stopDate === undefined ? {} : { stopDate: seconds(tracked.stopDate) }),
    redriveCount: tracked.redriveCount,
    ...(tracked.redriveDate === undefined ? {} : { redriveDate: seconds(tracked.redriveDate) }),
  };
}

/**
 * A history event as AWS records it for this execution: ExecutionStarted's details name the alias and the
 * version it was started through.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_ExecutionStartedEventDetails.html
 */
export function startedThrough(event: AwsHistoryEvent, association: ExecutionAssociation): AwsHistoryEvent {
  if (event.type !== "ExecutionStarted") return event;
  const details: unknown = event.executionStartedEventDetails;
  return {
    ...event,
    executionStartedEventDetails: { ...(isRecord(details) ? details : {}), ...association },
  };
}

/** An AWS timestamp in the JSON protocols: seconds since the epoch, with milliseconds as the fraction. */
export function seconds(epochMs: number): number {
  return epochMs / 1000;
}

/** A history event without its inputs and outputs, as includeExecutionData=false asks. */
export function withoutData(event: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(event).map(([key, value]) => {
      if (!key.endsWith("EventDetails") || typeof value !== "object" || value === null) return [key, value];
      const details = Object.fromEntries(
        Object.entries(value).filter(
          ([member]) => !["input", "output", "inputDetails", "outputDetails"].includes(member),
        ),
      );
      return [key, details];
    }),
  );
}
