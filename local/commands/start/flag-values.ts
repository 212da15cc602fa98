import type { JsonValue } from "../../model/json";
import { quoted, UsageError } from "./usage-error";

// Stricter than Number(): no hex, exponent, "Infinity" or blanks, which Number() accepts silently.
const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)$/;
const WHOLE_NUMBER = /^\d+$/;

export const DECLINE_RATE_RULE = "a number from 0 to 1 (0 never declines, 1 always declines)";
export const MAX_SEED = 2 ** 32 - 1;
export const SEED_RULE = `a whole number from 0 to ${MAX_SEED}`;
/**
 * An alias routes between two versions with a weight of 0 to 100, but a canary or linear DeploymentPreference
 * shifts 1 to 99 percent: less is no canary, more is all at once.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-stepfunctions-statemachinealias-deploymentpreference.html
 */
export const MIN_CANARY_PERCENT = 1;
export const MAX_CANARY_PERCENT = 99;
export const CANARY_RULE = `a whole percentage from ${MIN_CANARY_PERCENT} to ${MAX_CANARY_PERCENT}, as a canary DeploymentPreference's Percentage`;

/** `--decline-rate`: the probability that the simulated gateway declines one authorization attempt. */
export function parseDeclineRate(text: string): number {
  const rate = Number(text);
  if (!DECIMAL.test(text)) {
    throw new UsageError(`--decline-rate ${quoted(text)} is not a number`, DECLINE_RATE_RULE);
  }
  if (rate > 1) throw new UsageError(`--decline-rate ${quoted(text)} is more than 1`, DECLINE_RATE_RULE);
  return rate;
}

/** `--seed`: 32 bits, the state the seeded generators start from. */
export function parseSeed(text: string): number {
  const seed = Number(text);
  if (!WHOLE_NUMBER.test(text)) {
    throw new UsageError(`--seed ${quoted(text)} is not a whole number`, SEED_RULE);
  }
  if (seed > MAX_SEED) throw new UsageError(`--seed ${quoted(text)} is too large`, SEED_RULE);
  return seed;
}

/** `--canary`: the percentage of the executions routed to the candidate definition. */
export function parseCanaryPercent(text: string): number {
  const percent = Number(text);
  if (!WHOLE_NUMBER.test(text)) {
    throw new UsageError(`--canary ${quoted(text)} is not a whole number`, CANARY_RULE);
  }
  if (percent < MIN_CANARY_PERCENT) {
    throw new UsageError(`--canary ${quoted(text)} is less than ${MIN_CANARY_PERCENT}`, CANARY_RULE);
  }
  if (percent > MAX_CANARY_PERCENT) {
    throw new UsageError(`--canary ${quoted(text)} is more than ${MAX_CANARY_PERCENT}`, CANARY_RULE);
  }
  return percent;
}

/** `--input`: one execution input. Any JSON value is accepted, as StartExecution accepts it. */
export function parseInput(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new UsageError(
      `--input ${quoted(text)} is not JSON (${error instanceof Error ? error.message : String(error)})`,
      `one JSON value, e.g. '{"orderId":"o-1","amount":12}'`,
    );
  }
}
