import { createHash } from "node:crypto";

import { MAX_SQS_MESSAGE_BYTES, sendToSqs } from "../../local/engine/integrations/sqs-send-message";
import type { JsonObject } from "../../local/model/json";
import { TaskFailure } from "../../local/engine/task-failure";

const QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/failures";
const QUEUES = [{ name: "failures", arn: "arn:aws:sqs:us-east-1:123456789012:failures", url: QUEUE_URL }];
const ORIGIN = { executionName: "e-1", stateName: "SendToFailureQueue" };
const INVALID = "(Service: Sqs, Status Code: 400, Error Code: InvalidParameterValue)";

function failureOf(parameters: JsonObject): { error: string; cause: string } {
  try {
    sendToSqs({ QueueUrl: QUEUE_URL, ...parameters }, QUEUES, ORIGIN);
  } catch (error) {
    if (error instanceof TaskFailure) return { error: error.name, cause: error.message };
    throw error;
  }
  throw new Error("sendToSqs accepted the message");
}

describe("sendToSqs", () => {
  test("captures a JSON body as its JSON text, with its attributes, and returns SQS's result shape", () => {
    const { result, queued } = sendToSqs(
      {
        QueueUrl: QUEUE_URL,
        MessageBody: { order: { orderId: "o-1" } },
        MessageAttributes: { error: { DataType: "String", StringValue: "DynamoDB.ThrottlingException" } },
      },
      QUEUES,
      ORIGIN,
    );

    const body = '{"order":{"orderId":"o-1"}}';
    expect(result).toEqual({
      MessageId: expect.any(String) as unknown,
      Md5OfMessageBody: createHash("md5").update(body).digest("hex"),
      SdkHttpMetadata: { HttpStatusCode: 200 },
      SdkResponseMetadata: { RequestId: expect.any(String) as unknown },
    });
    expect(queued).toEqual({
      queueUrl: QUEUE_URL,
      body,
      messageAttributes: { error: { DataType: "String", StringValue: "DynamoDB.ThrottlingException" } },
      ...ORIGIN,
    });
  });

  test.each<[string, JsonObject, { error: string; cause: string }]>([
    [
      "fails when the queue is not in the deployment",
      { QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/other", MessageBody: "x" },
      {
        error: "SQS.QueueDoesNotExistException",
        cause:
          "The specified queue does not exist: https://sqs.us-east-1.amazonaws.com/123456789012/other " +
          "(Service: Sqs, Status Code: 400, Error Code: AWS.SimpleQueueService.NonExistentQueue)",
      },
    ],
    [
      "fails when the body is empty",
      { MessageBody: "" },
      {
        error: "SQS.InvalidParameterValueException",
        cause: `Invalid parameter: MessageBody is required and must not be empty ${INVALID}`,
      },
    ],
    [
      "fails when an attribute has no value",
      { MessageBody: "x", MessageAttributes: { error: { DataType: "String" } } },
      {
        error: "SQS.InvalidParameterValueException",
        cause: `Invalid parameter: MessageAttributes: attribute \`error\` of DataType String needs a non-empty StringValue ${INVALID}`,
      },
    ],
    [
      "fails when the message is larger than SQS allows",
      {
        MessageBody: "x".repeat(MAX_SQS_MESSAGE_BYTES - 2),
        MessageAttributes: { e: { DataType: "String", StringValue: "ab" } },
      },
      {
        error: "SQS.InvalidParameterValueException",
        cause: `Invalid parameter: the message and its attributes take 262151 bytes, more than the 262144 SQS allows ${INVALID}`,
      },
    ],
  ])("%s", (_name, parameters, expected) => {
    expect(failureOf(parameters)).toEqual(expected);
  });
});
