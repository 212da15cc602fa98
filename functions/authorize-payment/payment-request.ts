import { describeKind, renderValue } from "../shared/describe-value";
import { isJsonObject, ownField } from "../shared/json-object";
import { InvalidPaymentRequestError } from "./errors";

export interface PaymentRequest {
  readonly order: { readonly orderId: string; readonly amount: number; readonly currency: string };
}

/** Checks the shape the state machine must send, throwing InvalidPaymentRequestError that names every problem. */
export function parsePaymentRequest(request: unknown): PaymentRequest {
  if (!isJsonObject(request)) {
    throw invalid([`request must be an object, but received ${describeKind(request)}`]);
  }
  const order = ownField(request, "order");
  if (!isJsonObject(order)) {
    throw invalid([`order must be an object, but received ${describeKind(order)}`]);
  }
  const orderId = ownField(order, "orderId");
  const amount = ownField(order, "amount");
  const currency = ownField(order, "currency");
  const problems: string[] = [];
  if (typeof orderId !== "string" || orderId === "") {
    problems.push(`order.orderId must be a non-empty string, but received ${renderValue(orderId)}`);
  }
  if (typeof amount !== "number" || !Number.isFinite(amount)) {
    problems.push(`order.amount must be a finite number, but received ${renderValue(amount)}`);
  }
  // The validator always sets it (defaulting to USD); it is part of what the payment is, and of its idempotency key.
  if (typeof currency !== "string" || currency === "") {
    problems.push(`order.currency must be a non-empty string, but received ${renderValue(currency)}`);
  }
  if (
    typeof orderId !== "string" ||
    typeof amount !== "number" ||
    typeof currency !== "string" ||
    problems.length > 0
  ) {
    throw invalid(problems);
  }
  return { order: { orderId, amount, currency } };
}

function invalid(problems: readonly string[]): InvalidPaymentRequestError {
  return new InvalidPaymentRequestError(`Invalid payment request: ${problems.join("; ")}`);
}
