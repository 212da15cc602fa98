import { readNumberEnv, readStringEnv } from "../shared/env";

// Shared with the Pulumi component that sets these variables, so the names cannot drift apart.
export const AUTH_FAILURE_RATE_ENV = "AUTH_FAILURE_RATE";
export const AUTH_LATENCY_MS_ENV = "AUTH_LATENCY_MS";
export const AUTH_LATENCY_MS_MAX = 5000;
/** The DynamoDB table Powertools Idempotency keeps its records in. */
export const IDEMPOTENCY_TABLE_NAME_ENV = "IDEMPOTENCY_TABLE_NAME";

export interface AuthorizePaymentConfig {
  readonly failureRate: number;
  readonly latencyMs: number;
  readonly idempotencyTableName: string;
}

export function readAuthorizePaymentConfig(env: NodeJS.ProcessEnv = process.env): AuthorizePaymentConfig {
  return {
    failureRate: readNumberEnv(AUTH_FAILURE_RATE_ENV, { min: 0, max: 1 }, env),
    latencyMs: readNumberEnv(AUTH_LATENCY_MS_ENV, { min: 0, max: AUTH_LATENCY_MS_MAX, integer: true }, env),
    idempotencyTableName: readStringEnv(IDEMPOTENCY_TABLE_NAME_ENV, "the idempotency table's name", env),
  };
}
