import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";

import { authorizePayment, type PaymentAuthorization } from "./authorize-payment";
import { readAuthorizePaymentConfig } from "./config";

export { AUTH_FAILURE_RATE_ENV, AUTH_LATENCY_MS_ENV, AUTH_LATENCY_MS_MAX } from "./config";

export const handler = async (event: unknown): Promise<PaymentAuthorization> => {
  // Read per invocation, not at import: a bad value then fails this invocation as a ConfigurationError the
  // state machine can see, instead of an init failure with a generic errorType.
  const config = readAuthorizePaymentConfig();
  return authorizePayment(event, {
    ...config,
    random: () => Math.random(),
    sleep: (ms) => delay(ms),
    newId: () => randomUUID(),
  });
};
