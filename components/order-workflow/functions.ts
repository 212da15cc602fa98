import type * as pulumi from "@pulumi/pulumi";
import {
  AUTH_FAILURE_RATE_ENV,
  AUTH_LATENCY_MS_ENV,
  AUTH_LATENCY_MS_MAX,
  IDEMPOTENCY_TABLE_NAME_ENV,
} from "../../functions/authorize-payment/config";
import { BundledFunction } from "../bundled-function";
import type { OrderWorkflowSettings } from "./args";
import type { DataStores } from "./data-stores";

/** The validator does pure checks: a cold start and a few milliseconds. */
export const VALIDATE_TIMEOUT_SECONDS = 5;
/** Twice the longest simulated gateway latency a stack may configure. */
export const AUTHORIZE_TIMEOUT_SECONDS = (2 * AUTH_LATENCY_MS_MAX) / 1000;

/** The Lambda functions the state machine calls. */
export interface WorkflowFunctions {
  readonly validate: BundledFunction;
  readonly authorize: BundledFunction;
}

/**
 * The actions Powertools Idempotency's DynamoDB persistence layer calls on its table: GetItem, PutItem,
 * UpdateItem and DeleteItem. No KMS permission, even under the customer-managed key: DynamoDB uses the key
 * through the grant it holds on it, not as the caller (the execution role writes the Orders table the same way).
 * @see https://docs.aws.amazon.com/powertools/typescript/latest/features/idempotency/#iam-permissions
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/services-dynamodb.html#dynamodb-authz
 */
export const IDEMPOTENCY_TABLE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
] as const;

/** The validate and authorize functions, logging to groups under the workflow's key when it has one. */
export function createFunctions(
  parent: pulumi.Resource,
  name: string,
  settings: OrderWorkflowSettings,
  stores: Pick<DataStores, "keyArn" | "idempotencyTable">,
): WorkflowFunctions {
  const { keyArn, idempotencyTable } = stores;
  const logKey = keyArn === undefined ? {} : { logKmsKeyArn: keyArn };
  const validate = new BundledFunction(
    `${name}-validate-order`,
    {
      entry: "functions/validate-order/handler.ts",
      timeoutSeconds: VALIDATE_TIMEOUT_SECONDS,
      logRetentionDays: settings.logRetentionDays,
      ...logKey,
      tags: settings.tags,
    },
    { parent },
  );
  const authorize = new BundledFunction(
    `${name}-authorize-payment`,
    {
      entry: "functions/authorize-payment/handler.ts",
      timeoutSeconds: AUTHORIZE_TIMEOUT_SECONDS,
      logRetentionDays: settings.logRetentionDays,
      environment: {
        [AUTH_FAILURE_RATE_ENV]: String(settings.authFailureRate),
        [AUTH_LATENCY_MS_ENV]: String(settings.authLatencyMs),
        [IDEMPOTENCY_TABLE_NAME_ENV]: idempotencyTable.name,
      },
      policyStatements: [
        { sid: "IdempotencyRecords", actions: IDEMPOTENCY_TABLE_ACTIONS, resources: [idempotencyTable.arn] },
      ],
      ...logKey,
      tags: settings.tags,
    },
    { parent },
  );
  return { validate, authorize };
}
