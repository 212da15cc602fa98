import fc from "fast-check";

import {
  MAX_AMOUNT,
  ORDER_ID_MAX_LENGTH,
  ORDER_ID_PATTERN,
} from "../../functions/validate-order/validate-order";

/** Amounts at and around every limit the validator has, and anything else. */
export const amountArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    0,
    0.01,
    0.001,
    0.005,
    -0.01,
    1,
    12.345,
    0.1 + 0.2,
    MAX_AMOUNT - 0.01,
    MAX_AMOUNT,
    MAX_AMOUNT + 0.01,
    MAX_AMOUNT + 1,
    Number.MIN_VALUE,
    Number.MAX_VALUE,
    "12.00",
    true,
    null,
  ),
  fc.integer({ min: -100, max: MAX_AMOUNT * 100 + 100 }).map((cents) => cents / 100),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.jsonValue(),
);

/** Order ids that are usable, at the length limit, just over it, with characters the pattern refuses, or not strings. */
export const orderIdArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    "o-1",
    "A".repeat(ORDER_ID_MAX_LENGTH),
    "A".repeat(ORDER_ID_MAX_LENGTH + 1),
    "",
    "-starts-with-dash",
    ".starts-with-dot",
    "has:colon",
    "execution:looks-derived",
    "has space",
    " leading-space",
    "ünïcode",
    "line\nbreak",
  ),
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 70 }),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,70}$/),
  fc.jsonValue(),
);

export const currencyArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom("USD", "EUR", "usd", "US", "USDX", ""),
  fc.jsonValue(),
);

/** Order-shaped records: any of the three fields may be missing, and other fields may come along. */
export const orderShapedArbitrary: fc.Arbitrary<unknown> = fc
  .tuple(
    fc.record(
      { orderId: orderIdArbitrary, amount: amountArbitrary, currency: currencyArbitrary },
      { requiredKeys: [] },
    ),
    fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }),
  )
  .map(([order, extra]) => ({ ...extra, ...order }));

/** Orders the validator accepts, so that the paid path gets its share of runs. */
export const validOrderArbitrary: fc.Arbitrary<unknown> = fc.record(
  {
    orderId: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
    amount: fc.integer({ min: 1, max: MAX_AMOUNT * 100 }).map((cents) => cents / 100),
    currency: fc.constantFrom("USD", "EUR", "JPY"),
  },
  { requiredKeys: ["orderId", "amount"] },
);

/** Any execution input: any JSON value, an order-shaped record, or a valid order. */
export const executionInputArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  orderShapedArbitrary,
  validOrderArbitrary,
);

/**
 * The input as the execution receives it (Step Functions inputs are JSON text), with a usable orderId made
 * unique to this run: the table is shared by every run, and the workflow keeps an AUTHORIZED record from being
 * overwritten. `runTag` (letters, digits and '-', ending in digits) keeps a usable id usable, within the limit.
 */
export function asExecutionInput(input: unknown, runTag: string): unknown {
  const json: unknown = JSON.parse(JSON.stringify(input));
  if (typeof json !== "object" || json === null || Array.isArray(json)) return json;
  const orderId: unknown = Object.hasOwn(json, "orderId")
    ? (json as Record<string, unknown>).orderId
    : undefined;
  if (typeof orderId !== "string" || !isUsableOrderId(orderId)) return json;
  return { ...json, orderId: `${runTag}-${orderId}`.slice(0, ORDER_ID_MAX_LENGTH) };
}

function isUsableOrderId(orderId: string): boolean {
  return orderId.length <= ORDER_ID_MAX_LENGTH && ORDER_ID_PATTERN.test(orderId);
}
