import { createHash } from "node:crypto";

import { MAX_SQS_MESSAGE_BYTES, sendToSqs } from "../../local/engine/integrations/sqs-send-message";
import type { JsonObject } from "../../local/model/json";
import { TaskFailure } from "../../local/engine/task-failure";

const QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/failures";
const QUEUES = [{ name: "failures", arn: "arn:aws:sqs:us-east-1:123456789012:failures", url: QUEUE_URL }];
const ORIGIN = { executionName: "e-1", stateName: "SendToFailureQueue" };
const INVALID =
  "(Service: AmazonSQS; Status Code: 400; Error Code: InvalidParameterValue; Request ID: <request id>; Proxy: null)";

function failureOf(parameters: JsonObject): { error: string; cause: string } {
  try {
    sendToSqs({ QueueUrl: QUEUE_URL, ...parameters }, QUEUES, ORIGIN);
  } catch (error) {
    if (error instanceof TaskFailure) {
      // The request ID is a random UUID.
      const cause = error.message.replace(/Request ID: [0-9a-f-]{36};/, "Request ID: <request id>;");
      return { error: error.name, cause };
    }
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
          "The specified queue does not exist. (Service: AmazonSQS; Status Code: 400; Error Code: QueueDoesNotExist; " +
          "Request ID: <request id>; Proxy: null)",
      },
    ],
    [
      "fails when the body is empty, as SQS refuses a missing one (recorded on AWS)",
      { MessageBody: "" },
      {
        error: "SQS.AmazonSQSException",
        cause:
          "The request must contain the parameter MessageBody. (Service: AmazonSQS; Status Code: 400; " +
          "Error Code: MissingParameter; Request ID: <request id>; Proxy: null)",
      },
    ],
    [
      "fails when an attribute has no value",
      { MessageBody: "x", MessageAttributes: { error: { DataType: "String" } } },
      {
        error: "SQS.AmazonSQSException",
        cause: `One or more parameters are invalid. Reason: MessageAttributes: attribute \`error\` of DataType String needs a non-empty StringValue ${INVALID}`,
      },
    ],
    [
      "fails when the message is larger than SQS allows",
      {
        MessageBody: "x".repeat(MAX_SQS_MESSAGE_BYTES - 2),
        MessageAttributes: { e: { DataType: "String", StringValue: "ab" } },
      },
      {
        error: "SQS.AmazonSQSException",
        cause: `One or more parameters are invalid. Reason: the message and its attributes take 262151 bytes, more than the 262144 SQS allows ${INVALID}`,
      },
    ],
  ])("%s", (_name, parameters, expected) => {
    expect(failureOf(parameters)).toEqual(expected);
  });
});
