/** Longest rendering of a received value in a violation, so one bad document cannot flood the output. */
const MAX_DESCRIBED_LENGTH = 200;

/** What JSON cannot render: BigInts, symbols, functions and cyclic objects. */
function describeNonJson(value: unknown): string {
  switch (typeof value) {
    case "bigint":
    case "symbol":
      return value.toString();
    case "function":
      return "a function";
    default:
      return "an object that is not JSON";
  }
}

/** A received value as a violation quotes it: JSON for data, `undefined` when absent. */
export function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  const rendered = text ?? describeNonJson(value);
  return rendered.length > MAX_DESCRIBED_LENGTH ? `${rendered.slice(0, MAX_DESCRIBED_LENGTH)}…` : rendered;
}

/** Values as a list in a violation: `"a", "b"`. */
export function describeAll(values: readonly unknown[]): string {
  return values.map(describe).join(", ");
}
