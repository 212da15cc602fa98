// Messages end up in SNS notifications and logs, so an echoed string must stay short whatever the input.
export const MAX_QUOTED_CHARACTERS = 32;

const KINDS = {
  undefined: "nothing",
  object: "an object",
  string: "a string",
  number: "a number",
  boolean: "a boolean",
  bigint: "a bigint",
  symbol: "a symbol",
  function: "a function",
} as const;

/** The kind of a value, with its article: "an array", "null", "a string", "nothing" (undefined), … */
export function describeKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return KINDS[typeof value];
}

/** A brief, safe rendering of a received value: quoted (truncated) strings, numbers and booleans with their kind. */
export function renderValue(value: unknown): string {
  if (typeof value === "string") return quote(value);
  if (typeof value === "number" || typeof value === "boolean") return `${value} (${describeKind(value)})`;
  return describeKind(value);
}

function quote(text: string): string {
  // Code points, not UTF-16 units, so truncation never splits a character in two.
  const characters = Array.from(text);
  if (characters.length <= MAX_QUOTED_CHARACTERS) return JSON.stringify(text);
  const head = characters.slice(0, MAX_QUOTED_CHARACTERS).join("");
  return `${JSON.stringify(`${head}…`)} (${characters.length} characters)`;
}
