import { LOG_LEVELS, type LogLevel } from "../../../components/validation";
import type { HistoryEvent } from "../../engine/history";
import type { TaskRetries } from "./task-retries";

/**
 * An estimate of what Step Functions writes to CloudWatch Logs for one execution, at each log level, with and
 * without execution data. Each of the simulator's history events becomes the Step Functions history events it
 * stands for, serialised as a CloudWatch Logs record (`id`, `type`, `details`, `previous_event_id`,
 * `event_timestamp`, `execution_arn`, `redrive_count`):
 * - ExecutionStarted / ExecutionSucceeded / ExecutionFailed: the execution's input, output, or error and cause;
 * - a state entered / exited: `<Type>StateEntered` / `<Type>StateExited` with the state's input / output;
 * - a Task attempt (entering the state, and each retry): TaskScheduled (with the parameters) and TaskStarted;
 *   its failure: TaskFailed (error, cause); its success: TaskSucceeded (the result), before TaskStateExited.
 * The simulator does not record a Task's effective parameters nor its raw result, so the state's input stands
 * in for the parameters and its output for the result. Without execution data, `input`, `output` and
 * `parameters` are left out; error and cause stay. Each record costs its UTF-8 bytes plus the 26 bytes
 * CloudWatch Logs counts per log event.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
 */

/** Per-event overhead CloudWatch Logs adds to each message when it sizes a batch. */
export const LOG_EVENT_OVERHEAD_BYTES = 26;

/**
 * Which event types each level logs: ALL logs every type, OFF none.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/cloudwatch-log-level.html
 */
export const FATAL_EVENT_TYPES: ReadonlySet<string> = new Set([
  "ExecutionAborted",
  "ExecutionFailed",
  "ExecutionTimedOut",
]);
export const ERROR_EVENT_TYPES: ReadonlySet<string> = new Set([
  ...FATAL_EVENT_TYPES,
  "ActivityFailed",
  "ActivityScheduleFailed",
  "ActivityTimedOut",
  "FailStateEntered",
  "LambdaFunctionFailed",
  "LambdaFunctionScheduleFailed",
  "LambdaFunctionStartFailed",
  "LambdaFunctionTimedOut",
  "MapIterationAborted",
  "MapIterationFailed",
  "MapRunAborted",
  "MapRunFailed",
  "MapStateAborted",
  "MapStateFailed",
  "ParallelStateAborted",
  "ParallelStateFailed",
  "TaskFailed",
  "TaskStartFailed",
  "TaskStateAborted",
  "TaskSubmitFailed",
  "TaskTimedOut",
  "WaitStateAborted",
]);

export function levelLogs(level: LogLevel, eventType: string): boolean {
  switch (level) {
    case "ALL":
      return true;
    case "ERROR":
      return ERROR_EVENT_TYPES.has(eventType);
    case "FATAL":
      return FATAL_EVENT_TYPES.has(eventType);
    case "OFF":
      return false;
  }
}

/** Bytes per log level, with (`withData`) and without (`withoutData`) includeExecutionData. */
export type LogBytes = Readonly<
  Record<LogLevel, { readonly withData: number; readonly withoutData: number }>
>;

export interface LogContext {
  readonly executionArn: string;
  readonly roleArn: string;
  readonly region: string;
  readonly tasks: ReadonlyMap<string, TaskRetries>;
}

/** One Step Functions history event as the estimate serialises it; `data` holds what includeExecutionData adds. */
export interface SfnLogEvent {
  readonly type: string;
  readonly timestamp: number;
  readonly details: Readonly<Record<string, unknown>>;
  readonly data: Readonly<Record<string, string>>;
}

const NOT_TRUNCATED = { truncated: false };

/** What the translation of one execution's events carries from earlier events to later ones. */
interface Translation {
  readonly context: LogContext;
  /** States whose failure a Catch took: they exit without a TaskSucceeded. */
  readonly caught: Set<string>;
  /** A retry event carries no input; the attempt gets the input the state was entered with. */
  readonly enteredWith: Map<string, unknown>;
}

type Stamp = (type: string, details: Record<string, unknown>, data?: Record<string, string>) => SfnLogEvent;

/** The Step Functions history events that the simulator's events of one execution stand for. */
export function toSfnEvents(events: readonly HistoryEvent[], context: LogContext): SfnLogEvent[] {
  const translation: Translation = { context, caught: new Set(), enteredWith: new Map() };
  return events.flatMap((event) => sfnEventsOf(event, translation));
}

function sfnEventsOf(event: HistoryEvent, translation: Translation): SfnLogEvent[] {
  const { context, caught, enteredWith } = translation;
  const at: Stamp = (type, details, data = {}) => ({ type, timestamp: event.timestamp, details, data });
  const name = event.stateName ?? "";
  const task = event.stateType === "Task" ? context.tasks.get(name) : undefined;
  switch (event.type) {
    case "ExecutionStarted":
      return [
        at(
          "ExecutionStarted",
          { inputDetails: NOT_TRUNCATED, roleArn: context.roleArn },
          { input: json(event.input) },
        ),
      ];
    case "ExecutionSucceeded":
      return [at("ExecutionSucceeded", { outputDetails: NOT_TRUNCATED }, { output: json(event.output) })];
    case "ExecutionFailed":
      return [at("ExecutionFailed", errorDetails(event))];
    case "ExecutionAborted":
      return [at("ExecutionAborted", {})];
    case "ExecutionTimeout":
      return [at("ExecutionTimedOut", {})];
    case "StateEntered": {
      caught.delete(name);
      enteredWith.set(name, event.input);
      const entered = at(
        `${event.stateType ?? ""}StateEntered`,
        { name, inputDetails: NOT_TRUNCATED },
        { input: json(event.input) },
      );
      return task === undefined
        ? [entered]
        : [entered, ...taskAttempt(at, task, enteredWith.get(name), context)];
    }
    case "StateRetried":
      return task === undefined ? [] : taskAttempt(at, task, enteredWith.get(name), context);
    case "StateFailed":
      return task === undefined ? [] : [at("TaskFailed", { ...resourceOf(task), ...errorDetails(event) })];
    case "StateCaught":
      caught.add(name);
      return [];
    case "StateExited":
      return stateExited(at, event, task === undefined || caught.has(name) ? undefined : task);
    default:
      return [at(event.type, { name })];
  }
}

/** TaskScheduled and TaskStarted, for entering a Task state and for each retry. */
function taskAttempt(at: Stamp, task: TaskRetries, input: unknown, context: LogContext): SfnLogEvent[] {
  const resource = resourceOf(task);
  return [
    at(
      "TaskScheduled",
      {
        ...resource,
        region: context.region,
        ...(task.timeoutSeconds === undefined ? {} : { timeoutInSeconds: task.timeoutSeconds }),
      },
      { parameters: json(input) },
    ),
    at("TaskStarted", resource),
  ];
}

/** The state's exit, after a TaskSucceeded when `succeededTask` is the Task that returned. */
function stateExited(at: Stamp, event: HistoryEvent, succeededTask: TaskRetries | undefined): SfnLogEvent[] {
  const exited = at(
    `${event.stateType ?? ""}StateExited`,
    { name: event.stateName ?? "", outputDetails: NOT_TRUNCATED },
    { output: json(event.output) },
  );
  if (succeededTask === undefined) return [exited];
  const succeeded = at(
    "TaskSucceeded",
    { ...resourceOf(succeededTask), outputDetails: NOT_TRUNCATED },
    { output: json(event.output) },
  );
  return [succeeded, exited];
}

function resourceOf(task: TaskRetries): { readonly resourceType: string; readonly resource: string } {
  return { resourceType: task.resourceType, resource: task.resource };
}

/** The CloudWatch Logs records of one execution at one level, one JSON text per log event. */
export function logRecords(
  events: readonly SfnLogEvent[],
  context: Pick<LogContext, "executionArn">,
  level: LogLevel,
  includeExecutionData: boolean,
): string[] {
  return events.flatMap((event, index) =>
    levelLogs(level, event.type)
      ? [
          JSON.stringify({
            id: String(index + 1),
            type: event.type,
            details: { ...event.details, ...(includeExecutionData ? event.data : {}) },
            previous_event_id: String(index),
            event_timestamp: String(event.timestamp),
            execution_arn: context.executionArn,
            redrive_count: "0",
          }),
        ]
      : [],
  );
}

export function recordBytes(records: readonly string[]): number {
  return records.reduce((total, record) => total + Buffer.byteLength(record) + LOG_EVENT_OVERHEAD_BYTES, 0);
}

/** The estimate for one execution, at every level, with and without execution data. */
export function estimateLogBytes(events: readonly HistoryEvent[], context: LogContext): LogBytes {
  const sfnEvents = toSfnEvents(events, context);
  const entries = LOG_LEVELS.map((level) => [
    level,
    {
      withData: recordBytes(logRecords(sfnEvents, context, level, true)),
      withoutData: recordBytes(logRecords(sfnEvents, context, level, false)),
    },
  ]);
  return Object.fromEntries(entries) as LogBytes;
}

function errorDetails(event: HistoryEvent): Record<string, string> {
  return {
    ...(event.error === undefined ? {} : { error: event.error }),
    ...(event.cause === undefined ? {} : { cause: event.cause }),
  };
}

/** Step Functions logs payloads as JSON text inside the record. */
function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}
