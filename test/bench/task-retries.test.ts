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
])("%#: %j", (task, errors, outcome) => {
  expect(outcomeOfAttempts(task, errors)).toEqual(outcome);
});
