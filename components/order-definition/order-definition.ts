import type { StateMachineDefinition } from "../asl";
import { failureQueueStates } from "./failure-queue-states";
import { STATES } from "./names";
import { outcomeStates } from "./outcome-states";
import { paymentStates } from "./payment-states";
import type { OrderWorkflowRefs } from "./refs";
import { validationStates } from "./validation-states";

/**
 * Every task's timeout and retries together stay under about five minutes; beyond ten, a STANDARD execution is
 * stuck and is stopped rather than left running for up to a year. EXPRESS executions cannot run longer than
 * five minutes at all.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html
 */
export const EXECUTION_TIMEOUT_SECONDS = { STANDARD: 600, EXPRESS: 300 } as const;

/**
 * The tutorial's order workflow, repaired: every execution, whatever its input, either records exactly one order
 * and notifies at least once, or fails. With the failed executions captured (STANDARD), it fails at the state
 * that could not record or notify, where a redrive resumes; otherwise it sends the order and its error to the
 * failure queue and fails in a named state.
 * Persist and notify states keep their input (`ResultPath: null`), so later states still see the order; an
 * input without a usable `orderId` is recorded under a key derived from the execution; a validator that cannot
 * run routes the order to the invalid path, never to payment; a replay never overwrites an AUTHORIZED record.
 */
export function buildOrderDefinition(refs: OrderWorkflowRefs): StateMachineDefinition {
  return {
    Comment: "Order processing: validate, authorize the payment, record the outcome, notify.",
    StartAt: STATES.validate,
    TimeoutSeconds: EXECUTION_TIMEOUT_SECONDS[refs.workflowType],
    States: {
      ...validationStates(refs),
      ...paymentStates(refs),
      ...outcomeStates(refs),
      // Without a Catch into it, the queue's states would be unreachable, which ASL does not allow.
      ...(refs.failedExecutionsCaptured ? {} : failureQueueStates(refs)),
    },
  };
}
