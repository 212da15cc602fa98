/** A value that survives JSON.stringify/JSON.parse unchanged: what states pass to each other. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type JsonObject = Record<string, JsonValue>;

/** An object that is neither null nor an array; its values are not checked. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isJsonObject(value: unknown): value is JsonObject {
  return isRecord(value);
}

/** Step Functions passes only JSON between states, so every value crossing into or out of a service is round-tripped. */
export function toJson(value: unknown): JsonValue {
  const text = JSON.stringify(value, (_key, nested: unknown) =>
    nested instanceof Uint8Array ? Buffer.from(nested).toString("base64") : nested,
  ) as string | undefined;
  return text === undefined ? null : (JSON.parse(text) as JsonValue);
}
