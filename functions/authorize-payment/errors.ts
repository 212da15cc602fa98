// Names are explicit string literals because minification renames classes, Lambda reports `name` as the
// errorType, and the state machine's Retry/Catch match on these exact strings.
export const PAYMENT_DECLINED_ERROR = "PaymentDeclinedError";
export const INVALID_PAYMENT_REQUEST_ERROR = "InvalidPaymentRequestError";

/** The (simulated) gateway declined the payment; a business outcome, not a fault. */
export class PaymentDeclinedError extends Error {
  override readonly name = PAYMENT_DECLINED_ERROR;

  constructor(readonly orderId: string) {
    super(`Payment declined for order ${orderId}`);
  }
}

/** The request does not carry a usable order; retrying the same input cannot succeed. */
export class InvalidPaymentRequestError extends Error {
  override readonly name = INVALID_PAYMENT_REQUEST_ERROR;
}
