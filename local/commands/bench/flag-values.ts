/** Parsers for the bench's numeric flags; each throws one sentence saying what is allowed. */

export const MAX_ORDERS = 1_000_000;
export const MAX_CONCURRENCY = 256;
/** pure-rand seeds are 32-bit integers. */
export const SEED_RANGE = { min: -(2 ** 31), max: 2 ** 31 - 1 } as const;

export function wholeNumber(text: string, min: number, max: number): number {
  const value = /^[+-]?\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!(Number.isSafeInteger(value) && value >= min && value <= max)) {
    throw new Error(`expected a whole number from ${min} to ${max}`);
  }
  return value;
}

export const parseOrders = (text: string): number => wholeNumber(text, 1, MAX_ORDERS);
export const parseConcurrency = (text: string): number => wholeNumber(text, 1, MAX_CONCURRENCY);
export const parseSeed = (text: string): number => wholeNumber(text, SEED_RANGE.min, SEED_RANGE.max);
