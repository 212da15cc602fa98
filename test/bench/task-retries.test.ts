import {
  expectedRetryWaitSeconds,
  outcomeOfAttempts,
  type TaskRetries,
} from "../../local/commands/bench/task-retries";
import { retrier } from "./retrier";

const PAY: TaskRetries = {
  stateName: "Pay",
  resourceType: "lambda",
  resource: "invoke",
  retriers: [
    retrier(["Lambda.ServiceException", "Lambda.TooManyRequestsException"], 2),
    retrier(["Declined"], 1),
  ],
  catchers: [{ errorEquals: ["States.ALL"], next: "Failed" }],
};
const SAVE: TaskRetries = {
  stateName: "Save",
  resourceType: "dynamodb",
  resource: "putItem",
  retriers: [retrier(["DynamoDB.ThrottlingException"], 1)],
  catchers: [],
};

/** A conditional write: its refusal goes to the Catch at once, any other task failure is retried. */
const PERSIST: TaskRetries = {
  stateName: "Persist",
  resourceType: "dynamodb",
  resource: "putItem",
  retriers: [retrier(["DynamoDB.ConditionalCheckFailedException"], 0), retrier(["States.TaskFailed"], 2)],
  catchers: [
    { errorEquals: ["DynamoDB.ConditionalCheckFailedException"], next: "Replayed" },
    { errorEquals: ["States.ALL"], next: "Queue" },
  ],
};

test.each([
  [PAY, [], { kind: "succeeded", retries: 0 }],
  [PAY, ["Lambda.ServiceException", "Lambda.TooManyRequestsException"], { kind: "succeeded", retries: 2 }],
  // Each retrier counts its own attempts.
  [
    PAY,
    ["Lambda.ServiceException", "Declined", "Lambda.ServiceException"],
    { kind: "succeeded", retries: 3 },
  ],
  [
    PAY,
    ["Lambda.ServiceException", "Lambda.ServiceException", "Lambda.ServiceException"],
    { kind: "caught", retries: 2, error: "Lambda.ServiceException", next: "Failed" },
  ],
  [PAY, ["Declined", "Declined"], { kind: "caught", retries: 1, error: "Declined", next: "Failed" }],
  [PAY, ["Other"], { kind: "caught", retries: 0, error: "Other", next: "Failed" }],
  [SAVE, ["DynamoDB.ThrottlingException"], { kind: "succeeded", retries: 1 }],
  [
    SAVE,
    ["DynamoDB.ThrottlingException", "DynamoDB.ThrottlingException"],
    { kind: "failed", retries: 1, error: "DynamoDB.ThrottlingException" },
  ],
  // The first retrier matching the error decides, even with MaxAttempts 0.
  [
    PERSIST,
    ["DynamoDB.ConditionalCheckFailedException"],
    { kind: "caught", retries: 0, error: "DynamoDB.ConditionalCheckFailedException", next: "Replayed" },
  ],
  [PERSIST, ["DynamoDB.AmazonDynamoDBException", "SomeName"], { kind: "succeeded", retries: 2 }],
  // States.TaskFailed matches any error but States.Timeout.
  [PERSIST, ["States.Timeout"], { kind: "caught", retries: 0, error: "States.Timeout", next: "Queue" }],
])("%#: %j", (task, errors, outcome) => {
  expect(outcomeOfAttempts(task, errors)).toEqual(outcome);
});

test.each([
  // IntervalSeconds x BackoffRate^(attempt - 1)
  [retrier(["E"], 3), 1, 1],
  [retrier(["E"], 3), 3, 4],
  [retrier(["E"], 4, { intervalSeconds: 3, backoffRate: 1 }), 4, 3],
  // Capped at MaxDelaySeconds.
  [retrier(["E"], 5, { maxDelaySeconds: 10 }), 4, 8],
  [retrier(["E"], 5, { maxDelaySeconds: 10 }), 5, 10],
  // FULL jitter waits between 0 and the delay: half of it on average.
  [retrier(["E"], 3, { intervalSeconds: 2, jitterStrategy: "FULL" }), 3, 4],
  [retrier(["E"], 5, { maxDelaySeconds: 10, jitterStrategy: "FULL" }), 5, 5],
])("%#: %j before retry %d waits %d s on average", (entry, attempt, seconds) => {
  expect(expectedRetryWaitSeconds(entry, attempt)).toBe(seconds);
});
