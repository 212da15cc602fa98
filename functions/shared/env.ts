import { ConfigurationError } from "./errors";

export interface NumberRange {
  readonly min: number;
  readonly max: number;
  readonly integer?: boolean;
}

// Stricter than Number(): rejects hex, "Infinity" and surrounding whitespace, which Number() accepts silently.
const DECIMAL_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Reads a numeric environment variable, failing with a message that names the variable and the allowed range. */
export function readNumberEnv(
  name: string,
  range: NumberRange,
  env: NodeJS.ProcessEnv = process.env,
): number {
  const kind = range.integer === true ? "a whole number" : "a number";
  const expected = `expected ${kind} from ${range.min} to ${range.max}`;
  const raw = env[name];
  if (raw === undefined || raw === "") {
    throw new ConfigurationError(`Environment variable \`${name}\` is not set; ${expected}.`);
  }
  const value = Number(raw);
  const inRange = value >= range.min && value <= range.max;
  if (!DECIMAL_NUMBER.test(raw) || !inRange || (range.integer === true && !Number.isInteger(value))) {
    throw new ConfigurationError(`Environment variable \`${name}\` is ${JSON.stringify(raw)}; ${expected}.`);
  }
  return value;
}

/** Reads an environment variable that must be set and not empty, failing with a message that names it. */
export function readStringEnv(name: string, expected: string, env: NodeJS.ProcessEnv = process.env): string {
  const raw = env[name];
  if (raw === undefined || raw === "") {
    throw new ConfigurationError(`Environment variable \`${name}\` is not set; expected ${expected}.`);
  }
  return raw;
}
