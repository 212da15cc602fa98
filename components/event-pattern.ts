import { describeValue } from "./validation";

/**
 * The fields of an event's envelope, which an event pattern's top-level keys match.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html
 */
export const EVENT_FIELDS = [
  "source",
  "detail-type",
  "detail",
  "account",
  "region",
  "resources",
  "time",
  "id",
  "version",
] as const;

/**
 * The content filters an event pattern's arrays may hold besides plain values.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
 */
export const CONTENT_FILTERS = [
  "prefix",
  "suffix",
  "anything-but",
  "numeric",
  "exists",
  "cidr",
  "equals-ignore-case",
  "wildcard",
] as const;

const FIELDS_LIST = EVENT_FIELDS.join(", ");
/** @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html */
const OR = "$or";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A match list: plain JSON values, or single-key content filters such as `{ "prefix": "com.example." }`. */
function assertMatchList(path: string, value: unknown): void {
  if (!Array.isArray(value) || value.length === 0) {
    throw new Error(
      `\`${path}\` must be a non-empty array of values or content filters, such as ["com.example.orders"]. Received: ${describeValue(value)}.`,
    );
  }
  value.forEach((item: unknown, index) => {
    const itemPath = `${path}[${index}]`;
    if (isPlainObject(item)) {
      const operators = Object.keys(item);
      const [operator] = operators;
      if (operators.length !== 1 || !(CONTENT_FILTERS as readonly string[]).includes(operator ?? "")) {
        throw new Error(
          `\`${itemPath}\` must be a content filter with one of ${CONTENT_FILTERS.join(", ")}. Received: ${describeValue(item)}.`,
        );
      }
      return;
    }
    const plain =
      item === null ||
      typeof item === "string" ||
      typeof item === "boolean" ||
      (typeof item === "number" && Number.isFinite(item));
    if (!plain) {
      throw new Error(
        `\`${itemPath}\` must be a string, a number, a boolean, null or a content filter. Received: ${describeValue(item)}.`,
      );
    }
  });
}

/**
 * Inside `detail`, a field matches either a list of values or, for a nested object, another pattern; `$or`
 * holds alternative patterns.
 */
function assertNestedPattern(path: string, value: unknown): void {
  if (Array.isArray(value)) {
    assertMatchList(path, value);
    return;
  }
  if (!isPlainObject(value) || Object.keys(value).length === 0) {
    throw new Error(
      `\`${path}\` must be a non-empty array of values or a non-empty object of nested fields. Received: ${describeValue(value)}.`,
    );
  }
  for (const [key, nested] of Object.entries(value)) {
    if (key === OR) assertAlternatives(`${path}.${OR}`, nested);
    else assertNestedPattern(`${path}.${key}`, nested);
  }
}

/** `$or` holds alternative patterns, each matching fields of the same object. */
function assertAlternatives(path: string, value: unknown): void {
  if (!Array.isArray(value) || value.length === 0 || !value.every(isPlainObject)) {
    throw new Error(
      `\`${path}\` must be a non-empty array of objects of nested fields. Received: ${describeValue(value)}.`,
    );
  }
  value.forEach((alternative: unknown, index) => {
    assertNestedPattern(`${path}[${index}]`, alternative);
  });
}

/**
 * An event pattern EventBridge accepts: a non-empty object whose keys are envelope fields; `detail` holds
 * nested fields, every other field a list of values. Each list is a non-empty array of JSON values or content
 * filters.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 */
export function assertEventPattern(field: string, pattern: unknown): Readonly<Record<string, unknown>> {
  if (!isPlainObject(pattern) || Object.keys(pattern).length === 0) {
    throw new Error(
      `\`${field}\` must be a non-empty object whose keys are event fields (${FIELDS_LIST}). Received: ${describeValue(pattern)}.`,
    );
  }
  for (const [key, value] of Object.entries(pattern)) {
    if (!(EVENT_FIELDS as readonly string[]).includes(key)) {
      throw new Error(
        `\`${field}\` has key ${describeValue(key)}; its keys must be event fields: ${FIELDS_LIST}.`,
      );
    }
    if (key === "detail") assertNestedPattern(`${field}.detail`, value);
    else assertMatchList(`${field}.${key}`, value);
  }
  return pattern;
}
