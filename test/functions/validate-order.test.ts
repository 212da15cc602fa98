import { handler } from "../../functions/validate-order/handler";
import type { ValidationResult } from "../../functions/validate-order/types";
import {
  DEFAULT_CURRENCY,
  MAX_AMOUNT,
  ORDER_ID_MAX_LENGTH,
  ORDER_ID_PATTERN,
  validateOrder,
} from "../../functions/validate-order/validate-order";

const ORDER_ID_RULE =
  "orderId must be a string of 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";
const AMOUNT_RULE =
  "amount must be a number greater than 0 and at most 1000000, with at most 2 decimal places";
const CURRENCY_RULE = "currency must be an ISO 4217 code of three uppercase letters";
const EXECUTION = "exec-123";
const FALLBACK_KEY = `execution:${EXECUTION}`;

function valid(orderId: string, amount: number, currency: string): ValidationResult {
  return { isValid: true, orderKey: orderId, order: { orderId, amount, currency }, errors: [] };
}

function invalid(orderKey: string, ...errors: string[]): ValidationResult {
  return { isValid: false, orderKey, order: null, errors };
}

describe("constants", () => {
  it("exposes the documented bounds", () => {
    expect({ ORDER_ID_MAX_LENGTH, MAX_AMOUNT, DEFAULT_CURRENCY, pattern: ORDER_ID_PATTERN.source }).toEqual({
      ORDER_ID_MAX_LENGTH: 64,
      MAX_AMOUNT: 1_000_000,
      DEFAULT_CURRENCY: "USD",
      pattern: "^[A-Za-z0-9][A-Za-z0-9._-]*$",
    });
  });
});

describe("validateOrder", () => {
  test.each<[string, unknown, ValidationResult]>([
    [
      "accepts a complete order",
      { orderId: "o-1001", amount: 49.99, currency: "EUR" },
      valid("o-1001", 49.99, "EUR"),
    ],
    ["defaults a missing currency to USD", { orderId: "o-1001", amount: 10 }, valid("o-1001", 10, "USD")],
    [
      "drops unknown extra fields",
      { orderId: "A.b_c-9", amount: 1_000_000, currency: "JPY", note: "gift", nested: { x: 1 } },
      valid("A.b_c-9", 1_000_000, "JPY"),
    ],
    [
      "accepts an orderId of exactly 64 characters",
      { orderId: "a".repeat(64), amount: 0.01 },
      valid("a".repeat(64), 0.01, "USD"),
    ],
    [
      "accepts an amount with two decimals that is inexact in binary",
      { orderId: "o", amount: 0.29 },
      valid("o", 0.29, "USD"),
    ],
    [
      "fails when the order is an array",
      [],
      invalid(FALLBACK_KEY, "order must be a JSON object; received an array"),
    ],
    [
      "fails when the order is a string",
      "o-1",
      invalid(FALLBACK_KEY, "order must be a JSON object; received a string"),
    ],
    [
      "fails when the order is a number",
      42,
      invalid(FALLBACK_KEY, "order must be a JSON object; received a number"),
    ],
    [
      "fails when the order is a boolean",
      true,
      invalid(FALLBACK_KEY, "order must be a JSON object; received a boolean"),
    ],
    [
      "fails when the order is null",
      null,
      invalid(FALLBACK_KEY, "order must be a JSON object; received null"),
    ],
    [
      "fails when the order is missing",
      undefined,
      invalid(FALLBACK_KEY, "order must be a JSON object; received nothing"),
    ],
    [
      "fails when every field is missing",
      {},
      invalid(FALLBACK_KEY, "orderId is required", "amount is required"),
    ],
    [
      "fails when orderId is a number",
      { orderId: 42, amount: 10 },
      invalid(FALLBACK_KEY, `${ORDER_ID_RULE}; received 42 (a number)`),
    ],
    [
      "fails when orderId is null",
      { orderId: null, amount: 10 },
      invalid(FALLBACK_KEY, `${ORDER_ID_RULE}; received null`),
    ],
    [
      "fails when orderId is empty",
      { orderId: "", amount: 10 },
      invalid(FALLBACK_KEY, `${ORDER_ID_RULE}; received ""`),
    ],
    [
      "fails when orderId is 65 characters long, echoing only the first 32",
      { orderId: "a".repeat(65), amount: 10 },
      invalid(FALLBACK_KEY, `${ORDER_ID_RULE}; received "${"a".repeat(32)}…" (65 characters)`),
    ],
    [
      "fails when orderId contains a colon",
      { orderId: "execution:abc", amount: 10 },
      invalid(FALLBACK_KEY, `${ORDER_ID_RULE}; received "execution:abc"`),
    ],
    [
      "fails when orderId starts with '-'",
      { orderId: "-o1", amount: 10 },
      invalid(FALLBACK_KEY, `${ORDER_ID_RULE}; received "-o1"`),
    ],
    [
      "fails when orderId contains a space",
      { orderId: "o 1", amount: 10 },
      invalid(FALLBACK_KEY, `${ORDER_ID_RULE}; received "o 1"`),
    ],
    [
      "fails when orderId is an object",
      { orderId: { id: "o-1" }, amount: 10 },
      invalid(FALLBACK_KEY, `${ORDER_ID_RULE}; received an object`),
    ],
    [
      "fails when amount is 0",
      { orderId: "o-1", amount: 0 },
      invalid("o-1", `${AMOUNT_RULE}; received 0 (a number)`),
    ],
    [
      "fails when amount is negative",
      { orderId: "o-1", amount: -5 },
      invalid("o-1", `${AMOUNT_RULE}; received -5 (a number)`),
    ],
    [
      "fails when amount is Infinity",
      { orderId: "o-1", amount: Infinity },
      invalid("o-1", `${AMOUNT_RULE}; received Infinity (a number)`),
    ],
    [
      "fails when amount is NaN",
      { orderId: "o-1", amount: NaN },
      invalid("o-1", `${AMOUNT_RULE}; received NaN (a number)`),
    ],
    [
      "fails when amount is above the maximum",
      { orderId: "o-1", amount: 1_000_000.01 },
      invalid("o-1", `${AMOUNT_RULE}; received 1000000.01 (a number)`),
    ],
    [
      "fails when amount has three decimal places",
      { orderId: "o-1", amount: 10.005 },
      invalid("o-1", `${AMOUNT_RULE}; received 10.005 (a number)`),
    ],
    [
      "fails when amount is a numeric string",
      { orderId: "o-1", amount: "10" },
      invalid("o-1", `${AMOUNT_RULE}; received "10"`),
    ],
    [
      "fails when amount is null",
      { orderId: "o-1", amount: null },
      invalid("o-1", `${AMOUNT_RULE}; received null`),
    ],
    [
      "fails when amount is a boolean",
      { orderId: "o-1", amount: true },
      invalid("o-1", `${AMOUNT_RULE}; received true (a boolean)`),
    ],
    [
      "fails when amount is an array",
      { orderId: "o-1", amount: [10] },
      invalid("o-1", `${AMOUNT_RULE}; received an array`),
    ],
    [
      "fails when currency is lowercase",
      { orderId: "o-1", amount: 10, currency: "usd" },
      invalid("o-1", `${CURRENCY_RULE}; received "usd"`),
    ],
    [
      "fails when currency has two letters",
      { orderId: "o-1", amount: 10, currency: "US" },
      invalid("o-1", `${CURRENCY_RULE}; received "US"`),
    ],
    [
      "fails when currency is null rather than absent",
      { orderId: "o-1", amount: 10, currency: null },
      invalid("o-1", `${CURRENCY_RULE}; received null`),
    ],
    [
      "fails when currency is a number",
      { orderId: "o-1", amount: 10, currency: 840 },
      invalid("o-1", `${CURRENCY_RULE}; received 840 (a number)`),
    ],
    [
      "fails when every field is invalid, reporting each one in field order",
      { currency: "usd", amount: -1, orderId: "bad:id" },
      invalid(
        FALLBACK_KEY,
        `${ORDER_ID_RULE}; received "bad:id"`,
        `${AMOUNT_RULE}; received -1 (a number)`,
        `${CURRENCY_RULE}; received "usd"`,
      ),
    ],
    [
      "fails when orderId is missing and amount is invalid",
      { amount: "lots" },
      invalid(FALLBACK_KEY, "orderId is required", `${AMOUNT_RULE}; received "lots"`),
    ],
  ])("%s", (_name, order, expected) => {
    expect(validateOrder(order, EXECUTION)).toEqual(expected);
  });

  it("ignores inherited properties, counting only the order's own fields", () => {
    const order: unknown = Object.create({ orderId: "o-1", amount: 10 });
    expect(validateOrder(order, EXECUTION)).toEqual(
      invalid(FALLBACK_KEY, "orderId is required", "amount is required"),
    );
  });
});

describe("orderKey", () => {
  test.each<[string, unknown, unknown, string]>([
    [
      "is the orderId when it is valid, even with other fields invalid",
      { orderId: "o-7", amount: 0 },
      "exec-1",
      "o-7",
    ],
    ["is the orderId when there is no execution name", { orderId: "o-7", amount: 1 }, undefined, "o-7"],
    [
      "falls back to the execution name when orderId is invalid",
      { orderId: "o:7" },
      "exec-1",
      "execution:exec-1",
    ],
    ["falls back to the execution name when the order is not an object", "o-7", "exec-1", "execution:exec-1"],
  ])("%s", (_name, order, executionName, expected) => {
    expect(validateOrder(order, executionName).orderKey).toBe(expected);
  });

  test.each<[string, unknown]>([
    ["missing", undefined],
    ["empty", ""],
    ["not a string", 42],
  ])(
    "is a random execution:unknown-<uuid> key when orderId is invalid and the execution name is %s",
    (_name, executionName) => {
      const first = validateOrder({ orderId: "" }, executionName).orderKey;
      const second = validateOrder({ orderId: "" }, executionName).orderKey;
      expect(first).toMatch(
        /^execution:unknown-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(second).not.toBe(first);
    },
  );
});

describe("handler", () => {
  it("validates the order from the event, keyed by the execution name", async () => {
    await expect(handler({ order: { orderId: "o:1", amount: 5 }, executionName: "exec-9" })).resolves.toEqual(
      invalid("execution:exec-9", `${ORDER_ID_RULE}; received "o:1"`),
    );
  });

  it("returns the normalized order for a valid event", async () => {
    await expect(
      handler({ order: { orderId: "o-1", amount: 5, extra: 1 }, executionName: "exec-9" }),
    ).resolves.toEqual(valid("o-1", 5, "USD"));
  });

  // Typed unknown because Jest's asymmetric matchers are `any`; it only ever stands in for a string.
  const UNKNOWN_KEY: unknown = expect.stringMatching(/^execution:unknown-[0-9a-f-]{36}$/);
  const notAnObject = (orderKey: unknown, received: string): unknown => ({
    isValid: false,
    orderKey,
    order: null,
    errors: [`order must be a JSON object; received ${received}`],
  });

  test.each<[string, unknown, unknown]>([
    ["null", null, notAnObject(UNKNOWN_KEY, "nothing")],
    ["a string", "order", notAnObject(UNKNOWN_KEY, "nothing")],
    ["a number", 7, notAnObject(UNKNOWN_KEY, "nothing")],
    ["an array", [{ orderId: "o-1", amount: 1 }], notAnObject(UNKNOWN_KEY, "nothing")],
    ["undefined", undefined, notAnObject(UNKNOWN_KEY, "nothing")],
    ["an empty object", {}, notAnObject(UNKNOWN_KEY, "nothing")],
    [
      "an object with an array order",
      { order: [], executionName: "e" },
      notAnObject("execution:e", "an array"),
    ],
    ["an object with a null order", { order: null, executionName: "e" }, notAnObject("execution:e", "null")],
    ["an object with a boolean order", { order: false }, notAnObject(UNKNOWN_KEY, "a boolean")],
    ["an object with a string order", { order: "{}" }, notAnObject(UNKNOWN_KEY, "a string")],
    [
      "an object with a non-string execution name",
      { order: { orderId: "o-1", amount: 1 }, executionName: { name: "e" } },
      valid("o-1", 1, "USD"),
    ],
  ])("resolves rather than throws when the event is %s", async (_name, event, expected) => {
    // The cast stands in for Step Functions, which can send any JSON value despite the declared type.
    await expect(handler(event as Parameters<typeof handler>[0])).resolves.toEqual(expected);
  });
});
