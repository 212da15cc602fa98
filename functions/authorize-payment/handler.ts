import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";

import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import type { Context } from "aws-lambda";

import type { PaymentAuthorization } from "./authorize-payment";
import { readAuthorizePaymentConfig } from "./config";
import { idempotentAuthorization, type IdempotentAuthorization } from "./idempotency";
import { parsePaymentRequest } from "./payment-request";

export {
  AUTH_FAILURE_RATE_ENV,
  AUTH_LATENCY_MS_ENV,
  AUTH_LATENCY_MS_MAX,
  IDEMPOTENCY_TABLE_NAME_ENV,
} from "./config";

// One persistence layer (and its DynamoDB client) per table, kept across invocations as AWS recommends for SDK
// clients; created at the first invocation, so a missing table name fails that invocation, not the init.
let authorizer: { readonly tableName: string; readonly authorize: IdempotentAuthorization } | undefined;

function authorizerFor(tableName: string): IdempotentAuthorization {
  if (authorizer?.tableName !== tableName) {
    const persistenceStore = new DynamoDBPersistenceLayer({ tableName });
    authorizer = { tableName, authorize: idempotentAuthorization(persistenceStore) };
  }
  return authorizer.authorize;
}

export const handler = async (event: unknown, context: Context): Promise<PaymentAuthorization> => {
  // Read per invocation, not at import: a bad value then fails this invocation as a ConfigurationError the
  // state machine can see, instead of an init failure with a generic errorType.
  const { idempotencyTableName, ...gateway } = readAuthorizePaymentConfig();
  // Parsed before the idempotency record is written, so an invalid request never takes a record.
  const request = parsePaymentRequest(event);
  return authorizerFor(idempotencyTableName)(request, context, {
    ...gateway,
    random: () => Math.random(),
    sleep: (ms) => delay(ms),
    newId: () => randomUUID(),
    onGatewayCall: (call) => {
      console.info(JSON.stringify(call));
    },
  });
};
