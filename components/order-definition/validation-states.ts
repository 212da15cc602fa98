import { EXECUTION_KEY_PREFIX } from "../../functions/validate-order/validate-order";
import { integrationArn, LAMBDA_TRANSIENT_RETRIER } from "../asl";
import { CONTEXT, STATES } from "./names";
import type { OrderWorkflowRefs, States } from "./refs";
import { LAMBDA_TASK_TIMEOUT_MARGIN_SECONDS } from "./task-timeouts";

/**
 * Validates the order and routes it: a valid one to payment, an invalid one to be recorded as such. A validator
 * that cannot run routes the order to the invalid path, never to payment, under a key derived from the
 * execution, since its `orderId` may be unusable.
 */
export function validationStates(refs: OrderWorkflowRefs): States {
  return {
    [STATES.validate]: {
      Type: "Task",
      Resource: integrationArn(refs.partition, "lambda:invoke"),
      Parameters: {
        FunctionName: refs.validateFunctionArn,
        Payload: { "order.$": "$", "executionName.$": CONTEXT.executionName },
      },
      OutputPath: "$.Payload",
      TimeoutSeconds: refs.validateTimeoutSeconds + LAMBDA_TASK_TIMEOUT_MARGIN_SECONDS,
      Retry: [LAMBDA_TRANSIENT_RETRIER],
      Catch: [{ ErrorEquals: ["States.ALL"], Next: STATES.validationUnavailable }],
      Next: STATES.isValid,
    },
    [STATES.validationUnavailable]: {
      Type: "Pass",
      Comment: "The validator failed even after its retries: the order is recorded as invalid, never paid.",
      Parameters: {
        isValid: false,
        "orderKey.$": `States.Format('${EXECUTION_KEY_PREFIX}{}', ${CONTEXT.executionName})`,
        order: null,
        "errors.$": "States.Array(States.Format('the order could not be validated: {}', $.Error))",
      },
      Next: STATES.persistInvalid,
    },
    [STATES.isValid]: {
      Type: "Choice",
      Choices: [{ Variable: "$.isValid", BooleanEquals: true, Next: STATES.authorize }],
      Default: STATES.persistInvalid,
    },
  };
}
