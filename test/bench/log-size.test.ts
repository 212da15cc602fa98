import type { HistoryEvent } from "../../local/engine/history";
import {
  estimateLogBytes,
  LOG_EVENT_OVERHEAD_BYTES,
  logRecords,
  toSfnEvents,
  type LogContext,
} from "../../local/commands/bench/log-size";
import type { TaskRetries } from "../../local/commands/bench/task-retries";
import { retrier } from "./retrier";

const SAVE: TaskRetries = {
  stateName: "Save",
  resourceType: "dynamodb",
  resource: "putItem",
  timeoutSeconds: 10,
  retriers: [retrier(["DynamoDB.ThrottlingException"], 2)],
  catchers: [],
};
const CONTEXT: LogContext = {
  executionArn: "arn:x:e",
  roleArn: "arn:x:r",
  region: "us-east-1",
  tasks: new Map([["Save", SAVE]]),
};

/** A Pass state, then a Task throttled once and retried. */
const EVENTS: HistoryEvent[] = [
  { type: "ExecutionStarted", timestamp: 1, input: { a: 1 } },
  { type: "StateEntered", timestamp: 2, stateName: "Go", stateType: "Pass", input: { a: 1 } },
  { type: "StateExited", timestamp: 3, stateName: "Go", stateType: "Pass", output: { a: 1 } },
  { type: "StateEntered", timestamp: 4, stateName: "Save", stateType: "Task", input: { a: 1 } },
  {
    type: "StateFailed",
    timestamp: 5,
    stateName: "Save",
    stateType: "Task",
    error: "DynamoDB.ThrottlingException",
    cause: "slow",
  },
  { type: "StateRetried", timestamp: 6, stateName: "Save", stateType: "Task", retryAttempt: 1 },
  { type: "StateExited", timestamp: 7, stateName: "Save", stateType: "Task", output: { a: 1 } },
  { type: "ExecutionSucceeded", timestamp: 8, output: { a: 1 } },
];

test("each simulator event becomes the Step Functions history events it stands for", () => {
  expect(toSfnEvents(EVENTS, CONTEXT).map((event) => event.type)).toEqual([
    "ExecutionStarted",
    "PassStateEntered",
    "PassStateExited",
    "TaskStateEntered",
    "TaskScheduled",
    "TaskStarted",
    "TaskFailed",
    "TaskScheduled",
    "TaskStarted",
    "TaskSucceeded",
    "TaskStateExited",
    "ExecutionSucceeded",
  ]);
});

test("a caught Task exits without TaskSucceeded", () => {
  const caught: HistoryEvent[] = [
    { type: "StateEntered", timestamp: 1, stateName: "Save", stateType: "Task", input: {} },
    { type: "StateFailed", timestamp: 2, stateName: "Save", stateType: "Task", error: "E", cause: "c" },
    { type: "StateCaught", timestamp: 3, stateName: "Save", stateType: "Task", error: "E", cause: "c" },
    { type: "StateExited", timestamp: 4, stateName: "Save", stateType: "Task", output: {} },
  ];
  expect(toSfnEvents(caught, CONTEXT).map((event) => event.type)).toEqual([
    "TaskStateEntered",
    "TaskScheduled",
    "TaskStarted",
    "TaskFailed",
    "TaskStateExited",
  ]);
});

test("records with and without execution data", () => {
  const started = toSfnEvents(EVENTS.slice(0, 1), CONTEXT);
  const withData =
    '{"id":"1","type":"ExecutionStarted","details":{"inputDetails":{"truncated":false},"roleArn":"arn:x:r","input":"{\\"a\\":1}"},' +
    '"previous_event_id":"0","event_timestamp":"1","execution_arn":"arn:x:e","redrive_count":"0"}';
  const withoutData =
    '{"id":"1","type":"ExecutionStarted","details":{"inputDetails":{"truncated":false},"roleArn":"arn:x:r"},' +
    '"previous_event_id":"0","event_timestamp":"1","execution_arn":"arn:x:e","redrive_count":"0"}';
  expect(logRecords(started, CONTEXT, "ALL", true)).toEqual([withData]);
  expect(logRecords(started, CONTEXT, "ALL", false)).toEqual([withoutData]);
  expect(logRecords(started, CONTEXT, "ERROR", true)).toEqual([]);
});

test("ERROR logs only the failed attempt, FATAL and OFF nothing for an execution that succeeds", () => {
  const taskFailed =
    '{"id":"7","type":"TaskFailed","details":{"resourceType":"dynamodb","resource":"putItem",' +
    '"error":"DynamoDB.ThrottlingException","cause":"slow"},"previous_event_id":"6","event_timestamp":"5",' +
    '"execution_arn":"arn:x:e","redrive_count":"0"}';
  const bytes = estimateLogBytes(EVENTS, CONTEXT);

  expect(logRecords(toSfnEvents(EVENTS, CONTEXT), CONTEXT, "ERROR", true)).toEqual([taskFailed]);
  expect(bytes.ERROR).toEqual({
    withData: taskFailed.length + LOG_EVENT_OVERHEAD_BYTES,
    withoutData: taskFailed.length + LOG_EVENT_OVERHEAD_BYTES,
  });
  expect(bytes.FATAL).toEqual({ withData: 0, withoutData: 0 });
  expect(bytes.OFF).toEqual({ withData: 0, withoutData: 0 });
});

test("ALL counts every record, each with its overhead; execution data adds each payload as JSON text", () => {
  const records = logRecords(toSfnEvents(EVENTS, CONTEXT), CONTEXT, "ALL", false);
  const bytes = estimateLogBytes(EVENTS, CONTEXT);

  expect(records).toHaveLength(12);
  expect(bytes.ALL.withoutData).toBe(records.join("").length + 12 * LOG_EVENT_OVERHEAD_BYTES);
  // Nine payloads of `{"a":1}`: the execution's input and output, 2 states entered and exited, 2 attempts
  // scheduled (the retry with the state's input), 1 succeeded. Each adds `,"input":"{\"a\":1}"` (20 characters),
  // `,"output":…` (21) or `,"parameters":…` (25).
  const added = 3 * 20 + 4 * 21 + 2 * 25;
  expect(bytes.ALL.withData - bytes.ALL.withoutData).toBe(added);
});

test("a multi-byte character counts in UTF-8 bytes", () => {
  const events: HistoryEvent[] = [{ type: "ExecutionFailed", timestamp: 1, error: "E", cause: "é" }];
  const [record = ""] = logRecords(toSfnEvents(events, CONTEXT), CONTEXT, "FATAL", false);

  expect(estimateLogBytes(events, CONTEXT).FATAL.withoutData).toBe(
    record.length + 1 + LOG_EVENT_OVERHEAD_BYTES,
  );
});
