import { randomUUID } from "node:crypto";

import { describeKind, renderValue } from "../shared/describe-value";
import { isJsonObject, ownField } from "../shared/json-object";
import type { ValidationResult } from "./types";

export const ORDER_ID_MAX_LENGTH = 64;
// No colon: derived keys are "execution:…", and they must never collide with a real order id.
export const ORDER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const MAX_AMOUNT = 1_000_000;
// At most 2 decimal places keeps the amount exact when the state machine writes it to DynamoDB as a number.
export const AMOUNT_DECIMAL_PLACES = 2;
export const DEFAULT_CURRENCY = "USD";
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;
export const EXECUTION_KEY_PREFIX = "execution:";

const ORDER_ID_RULE = `orderId must be a string of 1 to ${ORDER_ID_MAX_LENGTH} letters, digits, '.', '_' or '-', starting with a letter or digit`;
const AMOUNT_RULE = `amount must be a number greater than 0 and at most ${MAX_AMOUNT}, with at most ${AMOUNT_DECIMAL_PLACES} decimal places`;
const CURRENCY_RULE = "currency must be an ISO 4217 code of three uppercase letters";

type FieldCheck<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** Validates and normalizes a raw order; never throws, whatever the input. */
export function validateOrder(order: unknown, executionName: unknown): ValidationResult {
  if (!isJsonObject(order)) {
    return {
      isValid: false,
      orderKey: executionKey(executionName),
      order: null,
      errors: [`order must be a JSON object; received ${describeKind(order)}`],
    };
  }
  const orderId = checkOrderId(ownField(order, "orderId"));
  const amount = checkAmount(ownField(order, "amount"));
  const currency = checkCurrency(ownField(order, "currency"));
  const orderKey = orderId.ok ? orderId.value : executionKey(executionName);
  if (orderId.ok && amount.ok && currency.ok) {
    const normalized = { orderId: orderId.value, amount: amount.value, currency: currency.value };
    return { isValid: true, orderKey, order: normalized, errors: [] };
  }
  const errors = [orderId, amount, currency].flatMap((check) => (check.ok ? [] : [check.error]));
  return { isValid: false, orderKey, order: null, errors };
}

function checkOrderId(value: unknown): FieldCheck<string> {
  if (value === undefined) return { ok: false, error: "orderId is required" };
  if (typeof value === "string" && value.length <= ORDER_ID_MAX_LENGTH && ORDER_ID_PATTERN.test(value)) {
    return { ok: true, value };
  }
  return { ok: false, error: `${ORDER_ID_RULE}; received ${renderValue(value)}` };
}

function checkAmount(value: unknown): FieldCheck<number> {
  if (value === undefined) return { ok: false, error: "amount is required" };
  if (typeof value === "number" && value > 0 && value <= MAX_AMOUNT && hasAllowedDecimals(value)) {
    return { ok: true, value };
  }
  return { ok: false, error: `${AMOUNT_RULE}; received ${renderValue(value)}` };
}

const AMOUNT_SCALE = 10 ** AMOUNT_DECIMAL_PLACES;

function hasAllowedDecimals(amount: number): boolean {
  return Math.round(amount * AMOUNT_SCALE) / AMOUNT_SCALE === amount;
}

function checkCurrency(value: unknown): FieldCheck<string> {
  if (value === undefined) return { ok: true, value: DEFAULT_CURRENCY };
  if (typeof value === "string" && CURRENCY_PATTERN.test(value)) return { ok: true, value };
  return { ok: false, error: `${CURRENCY_RULE}; received ${renderValue(value)}` };
}

// Without a valid orderId the execution name is the only stable key; the UUID is a last resort for direct calls.
function executionKey(executionName: unknown): string {
  const suffix =
    typeof executionName === "string" && executionName !== "" ? executionName : `unknown-${randomUUID()}`;
  return `${EXECUTION_KEY_PREFIX}${suffix}`;
}
