import type { HistoryEvent } from "../../engine/history";
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
  const recorded: { readonly timestamp: number; readonly body: EventBody }[] = [];
  let current: HistoryEvent | undefined;
  const push = (...bodies: EventBody[]): void => {
    for (const body of bodies) recorded.push({ timestamp: current?.timestamp ?? 0, body });
  };
  const caught = new Set<string>();
  const taskOf = (event: HistoryEvent): { resourceType: string; resource: string } | undefined => {
    const integration = event.stateName === undefined ? undefined : taskIntegrations.get(event.stateName);
    if (integration === undefined) return undefined;
    const [resourceType = "", resource = ""] = integration.split(":");
    return { resourceType, resource };
  };
  const attempt = (task: { resourceType: string; resource: string }): void => {
    push(withDetails("TaskScheduled", { ...task, region }), withDetails("TaskStarted", task));
  };

  for (const event of events) {
    current = event;
    const task = taskOf(event);
    const name = event.stateName ?? "";
    switch (event.type) {
      case "ExecutionStarted":
        push(
          withDetails("ExecutionStarted", { input: json(event.input), inputDetails: { truncated: false } }),
        );
        break;
      case "ExecutionSucceeded":
        push(
          withDetails("ExecutionSucceeded", {
            output: json(event.output),
            outputDetails: { truncated: false },
          }),
        );
        break;
      case "ExecutionFailed":
        push(withDetails("ExecutionFailed", { error: event.error, cause: event.cause }));
        break;
      case "ExecutionAborted":
        push(withDetails("ExecutionAborted", {}));
        break;
      case "ExecutionTimeout":
        push(withDetails("ExecutionTimedOut", {}));
        break;
      case "StateEntered":
        caught.delete(name);
        push({
          type: `${event.stateType ?? ""}StateEntered`,
          stateEnteredEventDetails: { name, input: json(event.input), inputDetails: { truncated: false } },
        });
        if (task !== undefined) attempt(task);
        break;
      case "StateFailed":
        if (task !== undefined) {
          const type = event.error === "States.Timeout" ? "TaskTimedOut" : "TaskFailed";
          push(withDetails(type, { ...task, error: event.error, cause: event.cause }));
        }
        break;
      case "StateRetried":
        if (task !== undefined) attempt(task);
        break;
      case "StateCaught":
        caught.add(name);
        break;
      case "StateExited":
        if (task !== undefined && !caught.has(name)) push(withDetails("TaskSucceeded", task));
        push({
          type: `${event.stateType ?? ""}StateExited`,
          stateExitedEventDetails: { name, output: json(event.output), outputDetails: { truncated: false } },
        });
        break;
      case "MapIterationStarted":
      case "MapIterationSucceeded":
      case "MapIterationFailed":
        push(withDetails(event.type, { name, index: event.mapIterationIndex }));
        break;
      // AWS records no event per Parallel branch.
      case "ParallelBranchStarted":
      case "ParallelBranchSucceeded":
      case "ParallelBranchFailed":
        break;
    }
  }
  return {
    events: recorded.map(({ timestamp, body }, index) => ({
      id: index + 1,
      previousEventId: index,
      timestamp: new Date(timestamp).toISOString(),
      ...body,
    })),
  };
}
