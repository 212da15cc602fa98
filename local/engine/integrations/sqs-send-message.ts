import { createHash, randomUUID } from "node:crypto";

import type { DeployedQueue } from "../../model/deployment";
import { isJsonObject, type JsonObject, type JsonValue } from "../../model/json";
import { serviceFailure } from "../aws-errors";
import type { TaskFailure } from "../task-failure";
import { messageText } from "./message-text";
import { sdkMetadata } from "./sdk-metadata";

export interface SqsMessageAttribute {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: string;
}

export interface QueuedMessage {
  readonly queueUrl: string;
  readonly body: string;
  readonly messageAttributes?: Readonly<Record<string, SqsMessageAttribute>>;
  /** The execution that sent it, or that a status-change event sent by a rule is about. */
  readonly executionName: string;
  /** The Task state that sent it; undefined for a status-change event an EventBridge rule sent. */
  readonly stateName?: string;
  /** The EventBridge rule that sent it, for a status-change event. */
  readonly ruleName?: string;
}

/** SQS's limit for a message, its attributes included: 256 KiB. */
export const MAX_SQS_MESSAGE_BYTES = 262_144;

/**
 * arn:aws:states:::sqs:sendMessage. Nothing is sent: the message is checked against SQS's limits and captured,
 * so a message SQS would refuse fails here as it would on AWS, with SQS's error code through the one error table.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
 */
export function sendToSqs(
  parameters: JsonObject,
  queues: readonly DeployedQueue[],
  origin: { readonly executionName: string; readonly stateName: string },
): { readonly result: JsonObject; readonly queued: QueuedMessage } {
  const queueUrl = parameters.QueueUrl;
  if (typeof queueUrl !== "string" || !queues.some((queue) => queue.url === queueUrl)) {
    throw serviceFailure("sqs:sendMessage", {
      code: "QueueDoesNotExist",
      message: "The specified queue does not exist.",
      requestId: randomUUID(),
    });
  }
  const body = checkedBody(parameters.MessageBody);
  const messageAttributes = checkedAttributes(parameters.MessageAttributes);
  const bytes =
    Buffer.byteLength(body) +
    Object.entries(messageAttributes ?? {}).reduce(
      (total, [name, attribute]) =>
        total +
        Buffer.byteLength(name) +
        Buffer.byteLength(attribute.DataType) +
        Buffer.byteLength(attribute.StringValue ?? attribute.BinaryValue ?? ""),
      0,
    );
  if (bytes > MAX_SQS_MESSAGE_BYTES) {
    throw invalidParameter(
      `the message and its attributes take ${bytes} bytes, more than the ${MAX_SQS_MESSAGE_BYTES} SQS allows`,
    );
  }
  return {
    result: {
      MessageId: randomUUID(),
      Md5OfMessageBody: createHash("md5").update(body).digest("hex"),
      ...sdkMetadata(),
    },
    queued: {
      queueUrl,
      body,
      ...(messageAttributes === undefined ? {} : { messageAttributes }),
      ...origin,
    },
  };
}

function checkedBody(value: JsonValue | undefined): string {
  const text = messageText(value);
  // SQS refuses an empty body as a missing one, as recorded on AWS.
  if (text === undefined) throw missingParameter("MessageBody");
  return text;
}

function checkedAttributes(value: JsonValue | undefined): Record<string, SqsMessageAttribute> | undefined {
  if (value === undefined) return undefined;
  if (!isJsonObject(value))
    throw invalidParameter("MessageAttributes must be an object of attributes by name");
  const attributes: Record<string, SqsMessageAttribute> = {};
  for (const [name, attribute] of Object.entries(value)) {
    if (!isJsonObject(attribute) || typeof attribute.DataType !== "string") {
      throw invalidParameter(`MessageAttributes: attribute \`${name}\` needs a DataType`);
    }
    const valueField = attribute.DataType.startsWith("Binary") ? "BinaryValue" : "StringValue";
    const text = attribute[valueField];
    if (typeof text !== "string" || text === "") {
      throw invalidParameter(
        `MessageAttributes: attribute \`${name}\` of DataType ${attribute.DataType} needs a non-empty ${valueField}`,
      );
    }
    attributes[name] = { DataType: attribute.DataType, [valueField]: text };
  }
  return attributes;
}

function invalidParameter(detail: string): TaskFailure {
  return serviceFailure("sqs:sendMessage", {
    code: "InvalidParameterValue",
    message: `One or more parameters are invalid. Reason: ${detail}`,
    requestId: randomUUID(),
  });
}

/** @see https://github.com/localstack/localstack/blob/main/tests/aws/services/stepfunctions/v2/error_handling/test_task_service_sqs.snapshot.json */
function missingParameter(parameter: string): TaskFailure {
  return serviceFailure("sqs:sendMessage", {
    code: "MissingParameter",
    message: `The request must contain the parameter ${parameter}.`,
    requestId: randomUUID(),
  });
}
