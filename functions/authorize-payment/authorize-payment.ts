import { PaymentDeclinedError } from "./errors";
import { parsePaymentRequest } from "./payment-request";

export interface PaymentAuthorization {
  readonly authorized: true;
  readonly authorizationId: string;
  readonly orderId: string;
}

export interface AuthorizePaymentDeps {
  /** Probability of a decline, from 0 (never) to 1 (always). */
  readonly failureRate: number;
  /** Simulated gateway latency. */
  readonly latencyMs: number;
  /** Uniform in [0, 1), like Math.random. */
  readonly random: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly newId: () => string;
}

/** Simulates a payment gateway: waits, then declines with probability `failureRate`. */
export async function authorizePayment(
  request: unknown,
  deps: AuthorizePaymentDeps,
): Promise<PaymentAuthorization> {
  const { order } = parsePaymentRequest(request);
  await deps.sleep(deps.latencyMs);
  // Strictly less than, so that rate 0 never declines and rate 1 always does, given random() in [0, 1).
  if (deps.random() < deps.failureRate) {
    throw new PaymentDeclinedError(order.orderId);
  }
  return { authorized: true, authorizationId: `auth-${deps.newId()}`, orderId: order.orderId };
}
