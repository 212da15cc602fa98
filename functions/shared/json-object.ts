export type JsonObject = Readonly<Record<string, unknown>>;

/** True for a JSON object: not null and not an array, which typeof alone reports as "object" too. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads only own fields, so inherited names such as `constructor` never count as input. */
export function ownField(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}
