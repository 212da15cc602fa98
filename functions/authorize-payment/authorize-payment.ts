import { createHash } from "node:crypto";

import { PaymentDeclinedError } from "./errors";
import type { PaymentRequest } from "./payment-request";

export interface PaymentAuthorization {
  readonly authorized: true;
  readonly authorizationId: string;
  readonly orderId: string;
  /** The key the gateway was given: the same for the same order, amount and currency. */
  readonly idempotencyKey: string;
}

/** One call the (simulated) gateway received, as it logs it: one line per call, whatever its outcome. */
export interface GatewayCall {
  readonly message: typeof GATEWAY_CALL_MESSAGE;
  readonly orderId: string;
  readonly idempotencyKey: string;
  readonly outcome: "authorized" | "declined";
  readonly authorizationId?: string;
}

export const GATEWAY_CALL_MESSAGE = "Payment gateway called";

export interface AuthorizePaymentDeps {
  /** Probability of a decline, from 0 (never) to 1 (always). */
  readonly failureRate: number;
  /** Simulated gateway latency. */
  readonly latencyMs: number;
  /** Uniform in [0, 1), like Math.random. */
  readonly random: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly newId: () => string;
  /** Told of every call the gateway receives, after it answered. */
  readonly onGatewayCall: (call: GatewayCall) => void;
}

/**
 * The idempotency key a payment gateway takes (Stripe's `Idempotency-Key`, say): a SHA-256 of the order id,
 * amount and currency, so a replayed order maps to the same key and a changed amount or currency to a new one.
 * JSON of the tuple, not a joined string, so that no two orders can ever spell the same input.
 */
export function paymentIdempotencyKey(order: PaymentRequest["order"]): string {
  const tuple = JSON.stringify([order.orderId, order.amount, order.currency]);
  return createHash("sha256").update(tuple).digest("hex");
}

/** Simulates a payment gateway: waits, then declines with probability `failureRate`. */
export async function authorizePayment(
  request: PaymentRequest,
  deps: AuthorizePaymentDeps,
): Promise<PaymentAuthorization> {
  const { order } = request;
  const idempotencyKey = paymentIdempotencyKey(order);
  const call = { message: GATEWAY_CALL_MESSAGE, orderId: order.orderId, idempotencyKey } as const;
  await deps.sleep(deps.latencyMs);
  // Strictly less than, so that rate 0 never declines and rate 1 always does, given random() in [0, 1).
  if (deps.random() < deps.failureRate) {
    deps.onGatewayCall({ ...call, outcome: "declined" });
    throw new PaymentDeclinedError(order.orderId);
  }
  const authorizationId = `auth-${deps.newId()}`;
  deps.onGatewayCall({ ...call, outcome: "authorized", authorizationId });
  return { authorized: true, authorizationId, orderId: order.orderId, idempotencyKey };
}
