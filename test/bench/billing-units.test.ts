import { sqsRequests, SQS_CHUNK_BYTES } from "../../local/commands/bench/billing-units";

const message = (body: string, attributes = {}) => ({
  queueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/q",
  body,
  messageAttributes: attributes,
  executionName: "e",
  stateName: "Queue",
});

test.each([
  ["an empty message", 1, message("")],
  ["64 KB of body", 1, message("x".repeat(SQS_CHUNK_BYTES))],
  ["64 KB and one byte", 2, message("x".repeat(SQS_CHUNK_BYTES + 1))],
  // "error" + "String" + "Boom" = 15 bytes of attributes
  [
    "a full chunk of body and attributes",
    1,
    message("x".repeat(SQS_CHUNK_BYTES - 15), { error: { DataType: "String", StringValue: "Boom" } }),
  ],
  [
    "a chunk and a byte of body and attributes",
    2,
    message("x".repeat(SQS_CHUNK_BYTES - 14), { error: { DataType: "String", StringValue: "Boom" } }),
  ],
])("%s: %d billed requests", (_name, requests, sent) => {
  expect(sqsRequests(sent)).toBe(requests);
});
