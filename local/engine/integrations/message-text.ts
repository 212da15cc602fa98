import type { JsonValue } from "../../model/json";

/**
 * A message parameter as the service receives it: Step Functions sends a JSON value other than a string as its
 * JSON text. Undefined when there is no text to send (missing, null or empty), which both SNS and SQS refuse.
 */
export function messageText(value: JsonValue | undefined): string | undefined {
  const text =
    value === undefined || value === null || typeof value === "string" ? value : JSON.stringify(value);
  return text === undefined || text === null || text === "" ? undefined : text;
}
