import { outcomeOfAttempts, type TaskRetries } from "../../local/commands/bench/task-retries";

const PAY: TaskRetries = {
  stateName: "Pay",
  resourceType: "lambda",
  resource: "invoke",
  retriers: [
    { errorEquals: ["Lambda.ServiceException", "Lambda.TooManyRequestsException"], maxAttempts: 2 },
    { errorEquals: ["Declined"], maxAttempts: 1 },
  ],
  catchers: [{ errorEquals: ["States.ALL"], next: "Failed" }],
};
const SAVE: TaskRetries = {
  stateName: "Save",
  resourceType: "dynamodb",
  resource: "putItem",
  retriers: [{ errorEquals: ["DynamoDB.ThrottlingException"], maxAttempts: 1 }],
  catchers: [],
};

/** A conditional write: its refusal goes to the Catch at once, any other task failure is retried. */
const PERSIST: TaskRetries = {
  stateName: "Persist",
  resourceType: "dynamodb",
  resource: "putItem",
  retriers: [
    { errorEquals: ["DynamoDB.ConditionalCheckFailedException"], maxAttempts: 0 },
    { errorEquals: ["States.TaskFailed"], maxAttempts: 2 },
  ],
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
