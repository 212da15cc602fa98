import {
  INVALID_PAYMENT_REQUEST_ERROR,
  PAYMENT_DECLINED_ERROR,
} from "../../functions/authorize-payment/errors";
import { type Catcher, integrationArn, LAMBDA_TRANSIENT_RETRIER, type Retrier } from "../asl";
import { TO_FAILURE_QUEUE } from "./failure-queue-states";
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

/**
 * Powertools Idempotency's errors, by the `name` its classes set in their constructors (so minification keeps
 * them): another invocation holds the order's in-progress record, or the idempotency table could not be read or
 * written. Neither says whether the payment was authorized.
 * @see node_modules/@aws-lambda-powertools/idempotency/lib/cjs/errors.js
 */
export const IDEMPOTENCY_ALREADY_IN_PROGRESS_ERROR = "IdempotencyAlreadyInProgressError";
export const IDEMPOTENCY_PERSISTENCE_LAYER_ERROR = "IdempotencyPersistenceLayerError";
export const IDEMPOTENCY_ERRORS = [
  IDEMPOTENCY_ALREADY_IN_PROGRESS_ERROR,
  IDEMPOTENCY_PERSISTENCE_LAYER_ERROR,
];

/**
 * Powertools answers a second invocation for an order whose first is still running with
 * `IdempotencyAlreadyInProgressError`, and says to retry it: the first ends, or its in-progress record expires
 * when that invocation would time out, and the retry then returns the first one's result without calling the
 * gateway. A failing idempotency table is retried the same way. Capped, exponential, full jitter: about the
 * authorize function's timeout in all (2 + 4 + 8 + 10 s at most), so an in-progress invocation has ended.
 * @see https://aws.amazon.com/blogs/compute/implementing-idempotent-aws-lambda-functions-with-powertools-for-aws-lambda-typescript/
 * @see https://docs.powertools.aws.dev/lambda/typescript/latest/utilities/idempotency/
 */
export const IDEMPOTENCY_RETRIER: Retrier = {
  ErrorEquals: IDEMPOTENCY_ERRORS,
  IntervalSeconds: 2,
  MaxAttempts: 4,
  BackoffRate: 2,
  MaxDelaySeconds: 10,
  JitterStrategy: "FULL",
};

/**
 * The function's verdicts that this payment is not authorized, whatever is retried: with the failed executions
 * captured (prod), only these are recorded as FAILED_AUTH.
 */
export const NOT_AUTHORIZED_ERRORS = [PAYMENT_DECLINED_ERROR, INVALID_PAYMENT_REQUEST_ERROR];

/**
 * What the payment step does with an error left after its retries. An idempotency error means the payment may
 * have been authorized, so it is never recorded as FAILED_AUTH. With the failed executions captured (prod), only
 * the function's verdicts are recorded; any other error (the idempotency table or Lambda still down, a timeout,
 * a crash, a bad setting) fails the execution at AuthorizePayment, where a redrive invokes the idempotent function
 * again once it is fixed. Otherwise (dev) an idempotency error sends the order to the failure queue, as a
 * Persist or Notify failure does, and any other error is recorded as FAILED_AUTH.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html
 */
function paymentCatchers(refs: OrderWorkflowRefs): Catcher[] {
  const toAuthFailed = (errors: string[]): Catcher => ({
    ErrorEquals: errors,
    ResultPath: "$.authError",
    Next: STATES.persistAuthFailed,
  });
  return refs.failedExecutionsCaptured
    ? [toAuthFailed(NOT_AUTHORIZED_ERRORS)]
    : [{ ...TO_FAILURE_QUEUE, ErrorEquals: IDEMPOTENCY_ERRORS }, toAuthFailed(["States.ALL"])];
}

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
      Retry: [LAMBDA_TRANSIENT_RETRIER, PAYMENT_DECLINED_RETRIER, IDEMPOTENCY_RETRIER],
      Catch: paymentCatchers(refs),
      Next: STATES.persistAuthorized,
    },
  };
}
