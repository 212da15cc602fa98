import type { JsonValue } from "../../model/json";
import { quoted, UsageError } from "./usage-error";

// Stricter than Number(): no hex, exponent, "Infinity" or blanks, which Number() accepts silently.
const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)$/;
const WHOLE_NUMBER = /^\d+$/;

export const DECLINE_RATE_RULE = "a number from 0 to 1 (0 never declines, 1 always declines)";
export const MAX_SEED = 2 ** 32 - 1;
export const SEED_RULE = `a whole number from 0 to ${MAX_SEED}`;

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
