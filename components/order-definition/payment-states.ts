import { PAYMENT_DECLINED_ERROR } from "../../functions/authorize-payment/errors";
import { integrationArn, LAMBDA_TRANSIENT_RETRIER, type Retrier } from "../asl";
import { STATES } from "./names";
import type { OrderWorkflowRefs, States } from "./refs";
import { LAMBDA_TASK_TIMEOUT_MARGIN_SECONDS } from "./task-timeouts";

/**
 * The tutorial's simulated gateway declines at random, so trying again can succeed; it keeps the tutorial's
 * retry: three more attempts, 2 s apart, doubling. A decline is a named error, so it is never confused with
 * Lambda's transient faults, which have their own retrier.
 */
export const PAYMENT_DECLINED_RETRIER: Retrier = {
  ErrorEquals: [PAYMENT_DECLINED_ERROR],
  IntervalSeconds: 2,
  MaxAttempts: 3,
  BackoffRate: 2,
  JitterStrategy: "FULL",
};

/** Authorizes a valid order's payment; a payment that still fails after the retries is recorded as such. */
export function paymentStates(refs: OrderWorkflowRefs): States {
  return {
    [STATES.authorize]: {
      Type: "Task",
      Resource: integrationArn(refs.partition, "lambda:invoke"),
      Parameters: { FunctionName: refs.authorizeFunctionArn, Payload: { "order.$": "$.order" } },
      ResultSelector: { "authorizationId.$": "$.Payload.authorizationId" },
      ResultPath: "$.payment",
      TimeoutSeconds: refs.authorizeTimeoutSeconds + LAMBDA_TASK_TIMEOUT_MARGIN_SECONDS,
      Retry: [LAMBDA_TRANSIENT_RETRIER, PAYMENT_DECLINED_RETRIER],
      Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.authError", Next: STATES.persistAuthFailed }],
      Next: STATES.persistAuthorized,
    },
  };
}
