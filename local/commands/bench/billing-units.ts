import type { PublishedMessage } from "../../engine/integrations/sns-publish";
import type { QueuedMessage } from "../../engine/integrations/sqs-send-message";

/** On-demand writes bill one WRU per started KB of the item. */
export const WRITE_UNIT_BYTES = 1024;
/** SNS bills each started 64 KB chunk of a published message as one request. */
export const SNS_CHUNK_BYTES = 64 * 1024;
/** SQS bills each started 64 KB chunk of a request's payload as one request. @see https://aws.amazon.com/sqs/pricing/ */
export const SQS_CHUNK_BYTES = 64 * 1024;

/**
 * An item's size as DynamoDB counts it: each attribute's name in UTF-8 plus its value; a number takes about one
 * byte per two significant digits, plus one.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
 */
export function itemBytes(item: Readonly<Record<string, unknown>>): number {
  return Object.entries(item).reduce(
    (total, [name, value]) => total + Buffer.byteLength(name) + valueBytes(value),
    0,
  );
}

function valueBytes(value: unknown): number {
  if (typeof value === "string") return Buffer.byteLength(value);
  if (typeof value === "number") {
    const digits = String(Math.abs(value)).replace(/e.*$/, "").replace(".", "").replace(/^0+/, "");
    return Math.ceil(Math.max(1, digits.length) / 2) + 1;
  }
  if (typeof value === "boolean" || value === null) return 1;
  // Lists, maps and sets: their JSON text is close enough for the few attributes this table could hold.
  return Buffer.byteLength(JSON.stringify(value instanceof Set ? [...value] : value));
}

export function writeRequestUnits(item: Readonly<Record<string, unknown>>): number {
  return Math.max(1, Math.ceil(itemBytes(item) / WRITE_UNIT_BYTES));
}

/** Billed publish requests for one message: its body and attributes, per started 64 KB. */
export function snsRequests(message: PublishedMessage): number {
  const bytes = Buffer.byteLength(message.message) + attributeBytes(message.messageAttributes);
  return Math.max(1, Math.ceil(bytes / SNS_CHUNK_BYTES));
}

/** Billed SendMessage requests for one message: its body and attributes, per started 64 KB. */
export function sqsRequests(message: QueuedMessage): number {
  const bytes = Buffer.byteLength(message.body) + attributeBytes(message.messageAttributes);
  return Math.max(1, Math.ceil(bytes / SQS_CHUNK_BYTES));
}

type MessageAttributes = Readonly<
  Record<string, { readonly DataType: string; readonly StringValue?: string; readonly BinaryValue?: string }>
>;

function attributeBytes(attributes: MessageAttributes | undefined): number {
  return Object.entries(attributes ?? {}).reduce(
    (total, [name, attribute]) =>
      total +
      Buffer.byteLength(name) +
      Buffer.byteLength(attribute.DataType) +
      Buffer.byteLength(attribute.StringValue ?? attribute.BinaryValue ?? ""),
    0,
  );
}
