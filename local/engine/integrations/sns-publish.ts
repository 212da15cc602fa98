import { randomUUID } from "node:crypto";

import type { DeployedTopic } from "../../model/deployment";
import { isJsonObject, type JsonObject, type JsonValue } from "../../model/json";
import { serviceFailure } from "../aws-errors";
import type { TaskFailure } from "../task-failure";
import { messageText } from "./message-text";
import { sdkMetadata } from "./sdk-metadata";

export interface SnsMessageAttribute {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: string;
}

export interface PublishedMessage {
  readonly topicArn: string;
  readonly subject?: string;
  readonly message: string;
  readonly messageAttributes?: Readonly<Record<string, SnsMessageAttribute>>;
  readonly executionName: string;
  readonly stateName: string;
}

/** SNS's limit for a message, its attributes included: 256 KiB of UTF-8. */
export const MAX_MESSAGE_BYTES = 262_144;
const MAX_SUBJECT_CHARACTERS = 100;
const SUBJECT_RULE =
  `SNS subjects are ASCII text of at most ${MAX_SUBJECT_CHARACTERS} characters that begins with a letter, ` +
  "number or punctuation mark, without line breaks or control characters";

/**
 * arn:aws:states:::sns:publish. Nothing is sent: the message is checked against SNS's limits and captured, so
 * a message SNS would refuse fails here as it would on AWS, with SNS's error code through the one error table.
 */
export function publishToSns(
  parameters: JsonObject,
  topics: readonly DeployedTopic[],
  origin: { readonly executionName: string; readonly stateName: string },
): { readonly result: JsonObject; readonly published: PublishedMessage } {
  const topicArn = parameters.TopicArn;
  if (typeof topicArn !== "string") {
    throw invalidParameter("TopicArn or TargetArn Reason: no value for required parameter");
  }
  if (!topics.some((topic) => topic.arn === topicArn)) {
    throw serviceFailure("sns:publish", {
      code: "NotFound",
      message: "Topic does not exist",
      requestId: randomUUID(),
    });
  }
  const message = checkedMessage(parameters.Message);
  const subject = checkedSubject(parameters.Subject);
  const messageAttributes = checkedAttributes(parameters.MessageAttributes);

  const bytes =
    Buffer.byteLength(message) +
    Object.entries(messageAttributes ?? {}).reduce(
      (total, [name, attribute]) => total + attributeBytes(name, attribute),
      0,
    );
  if (bytes > MAX_MESSAGE_BYTES) {
    throw invalidParameter(
      `Message too long: the message and its attributes take ${bytes} bytes in UTF-8, ` +
        `more than the ${MAX_MESSAGE_BYTES} SNS allows`,
    );
  }
  return {
    result: {
      MessageId: randomUUID(),
      ...sdkMetadata(),
    },
    published: {
      topicArn,
      ...(subject === undefined ? {} : { subject }),
      message,
      ...(messageAttributes === undefined ? {} : { messageAttributes }),
      ...origin,
    },
  };
}

function checkedMessage(value: JsonValue | undefined): string {
  const text = messageText(value);
  if (text === undefined) throw invalidParameter("Empty message: Message is required and must not be empty");
  return text;
}

function checkedSubject(value: JsonValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw invalidSubject("it is not a string");
  const problem = subjectProblem(value);
  if (problem !== undefined) throw invalidSubject(problem);
  return value;
}

function subjectProblem(subject: string): string | undefined {
  if (subject.length === 0) return "it is empty";
  if (subject.length > MAX_SUBJECT_CHARACTERS) return `it has ${subject.length} characters`;
  if (!/^[\x20-\x7E]*$/.test(subject))
    return "it contains a line break, a control character or a non-ASCII character";
  if (subject.startsWith(" ")) return "it begins with a space";
  return undefined;
}

function invalidSubject(problem: string): TaskFailure {
  return invalidParameter(`Subject: ${problem}; ${SUBJECT_RULE}`);
}

function checkedAttributes(value: JsonValue | undefined): Record<string, SnsMessageAttribute> | undefined {
  if (value === undefined) return undefined;
  if (!isJsonObject(value))
    throw invalidParameter("MessageAttributes: must be an object of attributes by name");
  const attributes: Record<string, SnsMessageAttribute> = {};
  for (const [name, attribute] of Object.entries(value)) {
    const problem = attributeNameProblem(name) ?? attributeValueProblem(attribute);
    if (problem !== undefined) throw invalidParameter(`MessageAttributes: attribute \`${name}\` ${problem}`);
    attributes[name] = attribute as unknown as SnsMessageAttribute;
  }
  return attributes;
}

function attributeNameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > 256) return "has a name that is not 1 to 256 characters long";
  if (!/^[A-Za-z0-9_.-]+$/.test(name))
    return "has a name with characters other than A-Z, a-z, 0-9, _, - and .";
  if (/^(aws|amazon)\./i.test(name)) return "has a name starting with AWS. or Amazon., which are reserved";
  if (name.startsWith(".") || name.endsWith(".") || name.includes("..")) {
    return "has a name that starts or ends with a period or has two periods in a row";
  }
  return undefined;
}

function attributeValueProblem(attribute: JsonValue): string | undefined {
  if (!isJsonObject(attribute)) return "must be an object with DataType and StringValue or BinaryValue";
  const { DataType: dataType, StringValue: stringValue, BinaryValue: binaryValue } = attribute;
  if (typeof dataType !== "string" || !/^(String|Number|Binary)(\..+)?$/.test(dataType)) {
    return "has a DataType other than String, Number, Binary or String.Array (optionally with a custom .suffix)";
  }
  if (dataType.startsWith("Binary")) {
    return typeof binaryValue === "string"
      ? undefined
      : `of DataType ${dataType} needs a BinaryValue string (base64)`;
  }
  if (typeof stringValue !== "string") return `of DataType ${dataType} needs a StringValue string`;
  if (dataType.startsWith("Number") && (stringValue.trim() === "" || !Number.isFinite(Number(stringValue)))) {
    return `of DataType ${dataType} has a StringValue that is not a number`;
  }
  if (dataType === "String.Array" && !isJsonArrayText(stringValue)) {
    return "of DataType String.Array needs a StringValue that is a JSON array";
  }
  return undefined;
}

function isJsonArrayText(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}

function attributeBytes(name: string, attribute: SnsMessageAttribute): number {
  const value =
    attribute.BinaryValue === undefined
      ? Buffer.byteLength(attribute.StringValue ?? "")
      : Buffer.from(attribute.BinaryValue, "base64").length;
  return Buffer.byteLength(name) + Buffer.byteLength(attribute.DataType) + value;
}

function invalidParameter(detail: string): TaskFailure {
  return serviceFailure("sns:publish", {
    code: "InvalidParameter",
    message: `Invalid parameter: ${detail}`,
    requestId: randomUUID(),
  });
}
