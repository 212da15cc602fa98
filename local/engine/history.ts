import type { StateMachine } from "aws-local-stepfunctions";

/** One event as aws-local-stepfunctions logs it (the library does not export the type). */
export type EventLog =
  ReturnType<StateMachine["run"]>["eventLogs"] extends AsyncGenerator<infer Event> ? Event : never;

/** The library's event types, and the event a redrive adds (GetExecutionHistory's `ExecutionRedriven`). */
export type HistoryEventType = EventLog["type"] | "ExecutionRedriven";

/**
 * A typed, simplified projection of the library's event log. It keeps what get-execution-history reports
 * (state names, inputs, outputs, errors and causes) so that it can be mapped to that shape later.
 */
export interface HistoryEvent {
  readonly type: HistoryEventType;
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
  /** The state the event is about; for Map iteration and Parallel branch events, the Map or Parallel state. */
  readonly stateName?: string;
  readonly stateType?: string;
  /** The Map iteration an event belongs to, for events inside a Map state's item processor. */
  readonly mapIterationIndex?: number;
  /** ExecutionStarted, StateEntered: the raw input. */
  readonly input?: unknown;
  /** ExecutionSucceeded, StateExited: the output. */
  readonly output?: unknown;
  /** Failed, retried and caught events: the error name, as Retry and Catch match it. */
  readonly error?: string;
  readonly cause?: string;
  /** StateRetried: how many times the matching retrier has retried the state, 1 for the first retry. */
  readonly retryAttempt?: number;
  /** ExecutionRedriven: how many times the execution has been redriven, this redrive included. */
  readonly redriveCount?: number;
}

export function toHistoryEvents(logs: readonly EventLog[]): HistoryEvent[] {
  // The library logs the error on StateFailed only; the StateRetried or StateCaught that follows concerns it.
  const lastFailure = new Map<string, { error: string; cause: string }>();
  const failureKey = (stateName: string, index: number | undefined): string => `${stateName}#${index ?? ""}`;

  return logs.map((log): HistoryEvent => {
    switch (log.type) {
      case "ExecutionStarted":
        return { type: log.type, timestamp: log.timestamp, input: log.input };
      case "ExecutionSucceeded":
        return { type: log.type, timestamp: log.timestamp, output: log.output };
      case "ExecutionFailed":
        return { type: log.type, timestamp: log.timestamp, error: log.Error, cause: causeText(log.Cause) };
      case "ExecutionAborted":
      case "ExecutionTimeout":
        return { type: log.type, timestamp: log.timestamp };
      case "MapIterationStarted":
      case "MapIterationSucceeded":
        return { ...parentFields(log), mapIterationIndex: log.index };
      case "MapIterationFailed":
        return {
          ...parentFields(log),
          mapIterationIndex: log.index,
          error: log.Error,
          cause: causeText(log.Cause),
        };
      case "ParallelBranchStarted":
      case "ParallelBranchSucceeded":
        return parentFields(log);
      case "ParallelBranchFailed":
        return { ...parentFields(log), error: log.Error, cause: causeText(log.Cause) };
      case "StateEntered":
        return { ...stateFields(log), input: log.state.input };
      case "StateExited":
        return { ...stateFields(log), output: log.state.output };
      case "StateFailed": {
        const failure = { error: log.Error, cause: causeText(log.Cause) };
        lastFailure.set(failureKey(log.state.name, log.index), failure);
        return { ...stateFields(log), ...failure };
      }
      case "StateRetried":
        return {
          ...stateFields(log),
          ...lastFailure.get(failureKey(log.state.name, log.index)),
          retryAttempt: log.retry.attempt,
        };
      case "StateCaught":
        return { ...stateFields(log), ...lastFailure.get(failureKey(log.state.name, log.index)) };
    }
  });
}

function stateFields(log: Extract<EventLog, { state: unknown }>): HistoryEvent {
  return {
    type: log.type,
    timestamp: log.timestamp,
    stateName: log.state.name,
    stateType: log.state.type,
    ...(log.index === undefined ? {} : { mapIterationIndex: log.index }),
  };
}

function parentFields(log: Extract<EventLog, { parentState: unknown }>): HistoryEvent {
  return {
    type: log.type,
    timestamp: log.timestamp,
    stateName: log.parentState.name,
    stateType: log.parentState.type,
  };
}

function causeText(cause: unknown): string {
  return typeof cause === "string" ? cause : JSON.stringify(cause);
}
