import type { SqsMessageAttribute } from "../../engine/integrations/sqs-send-message";
import { isRecord } from "../../model/json";
import {
  DEFAULT_VISIBILITY_TIMEOUT_SECONDS,
  invalidParameter,
  type LocalQueue,
  MAX_MESSAGE_BYTES,
  type StoredMessage,
} from "./sqs-queue";
import { AwsError } from "./aws-error";

const QUEUE_ATTRIBUTES = [
  "ApproximateNumberOfMessages",
  "ApproximateNumberOfMessagesNotVisible",
  "ApproximateNumberOfMessagesDelayed",
  "VisibilityTimeout",
  "MaximumMessageSize",
  "QueueArn",
  "CreatedTimestamp",
] as const;

/** GetQueueAttributes' answer for the attribute names asked ("All" for every one the endpoint knows). */
export function queueAttributesOf(local: LocalQueue, names: readonly string[]): object {
  const unknown = names.filter(
    (name) => name !== "All" && !(QUEUE_ATTRIBUTES as readonly string[]).includes(name),
  );
  if (unknown.length > 0) {
    throw new AwsError(
      "InvalidAttributeName",
      `Unknown Attribute ${unknown.join(", ")}; the local endpoint knows All, ${QUEUE_ATTRIBUTES.join(", ")}`,
    );
  }
  const now = Date.now();
  const all: Record<(typeof QUEUE_ATTRIBUTES)[number], string> = {
    ApproximateNumberOfMessages: String(local.messages.filter((message) => message.visibleAt <= now).length),
    ApproximateNumberOfMessagesNotVisible: String(
      local.messages.filter((message) => message.visibleAt > now).length,
    ),
    ApproximateNumberOfMessagesDelayed: "0",
    VisibilityTimeout: String(DEFAULT_VISIBILITY_TIMEOUT_SECONDS),
    MaximumMessageSize: String(MAX_MESSAGE_BYTES),
    QueueArn: local.queue.arn,
    CreatedTimestamp: String(Math.floor(local.createdTimestamp / 1000)),
  };
  const wanted = names.includes("All") ? QUEUE_ATTRIBUTES : names;
  const attributes = Object.fromEntries(
    QUEUE_ATTRIBUTES.filter((name) => wanted.includes(name)).map((name) => [name, all[name]]),
  );
  return Object.keys(attributes).length === 0 ? {} : { Attributes: attributes };
}

/** SendMessage's MessageAttributes, checked as SQS checks them: a DataType and a non-empty value each. */
export function messageAttributesOf(
  value: Readonly<Record<string, unknown>> | undefined,
): Record<string, SqsMessageAttribute> | undefined {
  if (value === undefined) return undefined;
  const attributes: Record<string, SqsMessageAttribute> = {};
  for (const [name, attribute] of Object.entries(value)) {
    if (!isRecord(attribute) || typeof attribute.DataType !== "string") {
      throw invalidParameter(`The message attribute '${name}' must contain a non-empty attribute type.`);
    }
    const field = attribute.DataType.startsWith("Binary") ? "BinaryValue" : "StringValue";
    const text = attribute[field];
    if (typeof text !== "string" || text === "") {
      throw invalidParameter(`The message attribute '${name}' must contain a non-empty ${field}.`);
    }
    attributes[name] = { DataType: attribute.DataType, [field]: text };
  }
  return attributes;
}

/** The system attributes ReceiveMessage's AttributeNames ask of a message. */
export function systemAttributesOf(message: StoredMessage, names: readonly string[]): Record<string, string> {
  const all: Record<string, string> = {
    SentTimestamp: String(message.sentTimestamp),
    ApproximateReceiveCount: String(message.receiveCount),
    ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp ?? ""),
  };
  const wanted = names.includes("All") ? Object.keys(all) : names;
  return Object.fromEntries(Object.entries(all).filter(([name]) => wanted.includes(name)));
}

/** The message attributes ReceiveMessage's MessageAttributeNames ask for: names, `prefix.*`, All or `.*`. */
export function selectedAttributes(
  attributes: Readonly<Record<string, SqsMessageAttribute>> | undefined,
  names: readonly string[],
): Record<string, SqsMessageAttribute> | undefined {
  if (attributes === undefined || names.length === 0) return undefined;
  const all = names.includes("All") || names.includes(".*");
  const selected = Object.fromEntries(
    Object.entries(attributes).filter(
      ([name]) =>
        all ||
        names.some(
          (wanted) => wanted === name || (wanted.endsWith(".*") && name.startsWith(wanted.slice(0, -1))),
        ),
    ),
  );
  return Object.keys(selected).length === 0 ? undefined : selected;
}
