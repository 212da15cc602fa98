/**
 * Validators shared by the components (for their args) and by `stacks/` (for stack settings). Each throws a
 * plain `Error` whose message names the field, the value received and what is allowed.
 */

/** What a value looks like in an error message: strings quoted and shortened, other values as JSON. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return JSON.stringify(shown);
  }
  if (value === undefined) return "nothing";
  if (typeof value === "function" || typeof value === "symbol" || typeof value === "bigint")
    return `a ${typeof value}`;
  return JSON.stringify(value);
}

export function assertOneOf<T extends string | number | boolean>(
  field: string,
  value: unknown,
  allowed: readonly T[],
): T {
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) {
    throw new Error(`\`${field}\` must be one of ${allowed.join(", ")}. Received: ${describeValue(value)}.`);
  }
  return match;
}

export function assertNumberInRange(
  field: string,
  value: unknown,
  range: { readonly min: number; readonly max: number; readonly integer?: boolean },
): number {
  const kind = range.integer === true ? "a whole number" : "a number";
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    value >= range.min &&
    value <= range.max &&
    (range.integer !== true || Number.isInteger(value));
  if (!ok) {
    throw new Error(
      `\`${field}\` must be ${kind} from ${range.min} to ${range.max}. Received: ${describeValue(value)}.`,
    );
  }
  return value;
}

export function assertBoolean(field: string, value: unknown): boolean {
  if (typeof value !== "boolean") {
    throw new Error(`\`${field}\` must be true or false. Received: ${describeValue(value)}.`);
  }
  return value;
}

/** AWS resource names this project derives from a component name must fit the tightest limit among them. */
export function assertResourceName(field: string, value: string, maxLength: number): string {
  if (!/^[a-zA-Z0-9][a-zA-Z0-9-]*$/.test(value) || value.length > maxLength) {
    throw new Error(
      `\`${field}\` must be 1 to ${maxLength} letters, digits or '-', starting with a letter or digit, so that every AWS name derived from it is valid. Received: ${describeValue(value)}.`,
    );
  }
  return value;
}

/**
 * Tags as AWS allows them: keys 1-128 characters not starting with `aws:`, values at most 256 characters.
 * @see https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions
 */
export function assertTags(
  field: string,
  tags: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> {
  for (const [key, value] of Object.entries(tags)) {
    if (key.length === 0 || key.length > 128 || key.toLowerCase().startsWith("aws:")) {
      throw new Error(
        `\`${field}\` has tag key ${describeValue(key)}; keys must be 1 to 128 characters and must not start with "aws:".`,
      );
    }
    if (value.length > 256) {
      throw new Error(`\`${field}\` has a value for tag ${describeValue(key)} longer than 256 characters.`);
    }
  }
  return tags;
}

/** Execution log levels of a state machine. @see https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-log-level */
export const LOG_LEVELS = ["ALL", "ERROR", "FATAL", "OFF"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The retention periods CloudWatch Logs accepts. "Never expire" is left out on purpose: every log group here
 * has a retention.
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
export type LogRetentionDays = (typeof LOG_RETENTION_DAYS)[number];

/** A count with a floor and no ceiling AWS would enforce, such as an alarm threshold. */
export function assertWholeNumberAtLeast(field: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new Error(
      `\`${field}\` must be a whole number of at least ${min}. Received: ${describeValue(value)}.`,
    );
  }
  return value;
}

/**
 * An ARN arg given as a plain string must have the expected shape; one that comes from another resource (an
 * Output or a Promise) is not known yet and is left to AWS.
 */
export function assertArnWhenKnown(
  field: string,
  value: unknown,
  expected: { readonly pattern: RegExp; readonly shape: string },
): void {
  if (typeof value === "string" && expected.pattern.test(value)) return;
  if (typeof value === "string" || value === undefined || value === null) {
    throw new Error(
      `\`${field}\` must be an ARN of the form ${expected.shape}. Received: ${describeValue(value)}.`,
    );
  }
}

/** A state machine ARN names exactly one state machine: no wildcards, no execution or version suffix. */
export const STATE_MACHINE_ARN = {
  pattern: /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/,
  shape: "arn:<partition>:states:<region>:<account>:stateMachine:<name>",
} as const;
