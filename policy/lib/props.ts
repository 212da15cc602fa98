/**
 * Props reach a policy from whatever program runs under it, as inputs (resource policies) or outputs (stack
 * policies), so nothing about their shape is trusted: every rule reads them through these narrowing helpers.
 */
export type Props = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is Props {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value at `path` under `value`, or `undefined` when any step is missing or not an object. */
export function field(value: unknown, ...path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** A resource's physical name when the program set one, else its logical name. */
export function resourceName(props: Props, logicalName: string): string {
  const name = props.name;
  return typeof name === "string" && name !== "" ? name : logicalName;
}
