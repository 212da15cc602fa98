/** An item's value as JSON can hold it: a set as a sorted array, binary as base64. */
export function plainValue(value: unknown): unknown {
  if (value instanceof Set) return [...(value as Set<unknown>)].map(plainValue).sort();
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  return value;
}

export function plainItem(item: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).map(([key, value]) => [key, plainValue(value)]));
}
