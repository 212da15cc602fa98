import { IdempotencyConfig, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import type { BasePersistenceLayer } from "@aws-lambda-powertools/idempotency/persistence";
import type { Context } from "aws-lambda";

import { authorizePayment, type AuthorizePaymentDeps, type PaymentAuthorization } from "./authorize-payment";
import type { PaymentRequest } from "./payment-request";

/**
 * What makes two authorizations the same: the order id, amount and currency, the fields the gateway's
 * idempotency key is derived from (`paymentIdempotencyKey`). A JMESPath multiselect list over the parsed request.
 * @see https://docs.aws.amazon.com/powertools/typescript/latest/features/idempotency/#choosing-a-payload-subset-for-idempotency
 */
export const IDEMPOTENCY_EVENT_KEY_JMESPATH = "order.[orderId, amount, currency]";

/**
 * How long an authorization is remembered: 14 days, the window in which Step Functions can redrive a failed
 * execution, which the recovery command works within. Powertools' default is 1 hour, shorter than a redrive or
 * recovery of a failed order would take. The table's TTL deletes records some time after they expire; until then
 * Powertools treats an expired record as absent.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html
 * @see https://docs.aws.amazon.com/powertools/typescript/latest/features/idempotency/#expiring-idempotency-records
 */
export const IDEMPOTENCY_EXPIRES_AFTER_SECONDS = 14 * 24 * 60 * 60;

/** Authorizes a parsed request once per order, amount and currency; the Lambda context bounds an in-progress record. */
export type IdempotentAuthorization = (
  request: PaymentRequest,
  context: Context,
  deps: AuthorizePaymentDeps,
) => Promise<PaymentAuthorization>;

/**
 * `authorizePayment` made idempotent with Powertools: the first authorization of an order is stored and returned
 * again for every later request with the same order, amount and currency, without calling the gateway. A thrown
 * error (a decline) deletes the in-progress record, so the next attempt calls the gateway again. The Lambda
 * context passed second lets Powertools expire an in-progress record when the invocation times out.
 * @see https://docs.aws.amazon.com/powertools/typescript/latest/features/idempotency/#handling-exceptions
 * @see https://docs.aws.amazon.com/powertools/typescript/latest/features/idempotency/#lambda-timeouts
 */
export function idempotentAuthorization(persistenceStore: BasePersistenceLayer): IdempotentAuthorization {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: IDEMPOTENCY_EVENT_KEY_JMESPATH,
    expiresAfterSeconds: IDEMPOTENCY_EXPIRES_AFTER_SECONDS,
    // Without a key every request would share one record; fail instead (a parsed request always has one).
    throwOnNoIdempotencyKey: true,
  });
  return makeIdempotent(
    (request: PaymentRequest, _context: Context, deps: AuthorizePaymentDeps) =>
      authorizePayment(request, deps),
    { persistenceStore, config },
  );
}
