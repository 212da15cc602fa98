import type { HistoryEvent, HistoryEventType } from "../../engine/history";
import type { Integration } from "../../engine/task-plan";

/**
 * One event as `aws stepfunctions get-execution-history` prints it: id, previousEventId, timestamp, type and
 * the `<type>EventDetails` of its type, inputs and outputs as JSON text.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html
 */
export type AwsHistoryEvent = {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: string;
  readonly type: string;
} & Readonly<Record<string, unknown>>;

/** Payloads are never cut short locally. */
const NOT_TRUNCATED = { truncated: false } as const;

type EventBody = { readonly type: string } & Readonly<Record<string, unknown>>;

function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}

function lowerFirst(type: string): string {
  return type.charAt(0).toLowerCase() + type.slice(1);
}

function withDetails(type: string, details: Readonly<Record<string, unknown>>): EventBody {
  return { type, [`${lowerFirst(type)}EventDetails`]: details };
}

/**
 * Maps the local event log to the events Step Functions records. A Task attempt is TaskScheduled, TaskStarted,
 * then TaskSucceeded or TaskFailed; a retry shows as the next attempt's TaskScheduled, as on AWS, which logs
 * no retry event of its own. Not known locally, so left out: TaskScheduled's effective parameters,
 * TaskSucceeded's raw service result, and ExecutionStarted's role ARN.
 */
export function toAwsHistory(
  events: readonly HistoryEvent[],
  taskIntegrations: ReadonlyMap<string, Integration>,
  region: string,
): { readonly events: AwsHistoryEvent[] } {
  const caught = new Set<string>();
  const recorded = events.flatMap((event) =>
    awsEventsOf(event, taskOf(event, taskIntegrations), region, caught).map((body) => ({
      timestamp: event.timestamp,
      body,
    })),
  );
  return {
    events: recorded.map(({ timestamp, body }, index) => ({
      id: index + 1,
      previousEventId: index,
      timestamp: new Date(timestamp).toISOString(),
      ...body,
    })),
  };
}

/** The resource type and resource of a Task state's integration, e.g. "lambda" and "invoke". */
type TaskResource = { readonly resourceType: string; readonly resource: string };

function taskOf(
  event: HistoryEvent,
  taskIntegrations: ReadonlyMap<string, Integration>,
): TaskResource | undefined {
  const integration = event.stateName === undefined ? undefined : taskIntegrations.get(event.stateName);
  if (integration === undefined) return undefined;
  const [resourceType = "", resource = ""] = integration.split(":");
  return { resourceType, resource };
}

type ExecutionEventType = Extract<HistoryEventType, `Execution${string}`>;
type StateEventType = Exclude<HistoryEventType, ExecutionEventType>;

function isExecutionEvent(type: HistoryEventType): type is ExecutionEventType {
  return type.startsWith("Execution");
}

/**
 * The events Step Functions records for one local event. `caught` holds the states whose failure a Catch took
 * (they exit without TaskSucceeded), carried from one event to the next.
 */
function awsEventsOf(
  event: HistoryEvent,
  task: TaskResource | undefined,
  region: string,
  caught: Set<string>,
): EventBody[] {
  const { type } = event;
  return isExecutionEvent(type)
    ? [executionEventOf(event, type)]
    : stateEventsOf(event, type, task, region, caught);
}

/** The one event Step Functions records for an execution's start, end or redrive. */
function executionEventOf(event: HistoryEvent, type: ExecutionEventType): EventBody {
  switch (type) {
    case "ExecutionStarted":
      return withDetails("ExecutionStarted", { input: json(event.input), inputDetails: NOT_TRUNCATED });
    case "ExecutionSucceeded":
      return withDetails("ExecutionSucceeded", {
        output: json(event.output),
        outputDetails: NOT_TRUNCATED,
      });
    case "ExecutionFailed":
      return withDetails("ExecutionFailed", { error: event.error, cause: event.cause });
    case "ExecutionAborted":
      return withDetails("ExecutionAborted", {});
    case "ExecutionTimeout":
      return withDetails("ExecutionTimedOut", {});
    case "ExecutionRedriven":
      return withDetails("ExecutionRedriven", { redriveCount: event.redriveCount });
  }
}

/** The events Step Functions records for a state's, a Map iteration's or a Parallel branch's local event. */
function stateEventsOf(
  event: HistoryEvent,
  type: StateEventType,
  task: TaskResource | undefined,
  region: string,
  caught: Set<string>,
): EventBody[] {
  const name = event.stateName ?? "";
  switch (type) {
    case "StateEntered":
      caught.delete(name);
      return [
        stateEvent(event, "Entered", { name, input: json(event.input), inputDetails: NOT_TRUNCATED }),
        ...taskAttempt(task, region),
      ];
    case "StateFailed": {
      if (task === undefined) return [];
      const failedType = event.error === "States.Timeout" ? "TaskTimedOut" : "TaskFailed";
      return [withDetails(failedType, { ...task, error: event.error, cause: event.cause })];
    }
    case "StateRetried":
      return taskAttempt(task, region);
    case "StateCaught":
      caught.add(name);
      return [];
    case "StateExited":
      return [
        ...(task !== undefined && !caught.has(name) ? [withDetails("TaskSucceeded", task)] : []),
        stateEvent(event, "Exited", {
          name,
          output: json(event.output),
          outputDetails: NOT_TRUNCATED,
        }),
      ];
    case "MapIterationStarted":
    case "MapIterationSucceeded":
    case "MapIterationFailed":
      return [withDetails(type, { name, index: event.mapIterationIndex })];
    // AWS records no event per Parallel branch.
    case "ParallelBranchStarted":
    case "ParallelBranchSucceeded":
    case "ParallelBranchFailed":
      return [];
  }
}

/** TaskScheduled and TaskStarted, for entering a Task state and for each retry; none for other states. */
function taskAttempt(task: TaskResource | undefined, region: string): EventBody[] {
  if (task === undefined) return [];
  return [withDetails("TaskScheduled", { ...task, region }), withDetails("TaskStarted", task)];
}

/** `<Type>StateEntered` or `<Type>StateExited`, whose details are named for the phase alone, as on AWS. */
function stateEvent(
  event: HistoryEvent,
  phase: "Entered" | "Exited",
  details: Readonly<Record<string, unknown>>,
): EventBody {
  return { type: `${event.stateType ?? ""}State${phase}`, [`state${phase}EventDetails`]: details };
}
