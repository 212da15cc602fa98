import { type Catcher, FAILURE_QUEUE_RETRIER, integrationArn } from "../asl";
import { CONTEXT, FAILURE_QUEUED_ERROR, STATES } from "./names";
import type { OrderWorkflowRefs, States } from "./refs";
import { SERVICE_TASK_TIMEOUT_SECONDS } from "./task-timeouts";

/** Any error left after a persist or notify state's retries sends the order, with the error, to the queue. */
export const TO_FAILURE_QUEUE: Catcher = {
  ErrorEquals: ["States.ALL"],
  ResultPath: "$.failure",
  Next: STATES.sendToFailureQueue,
};

/** Keeps an order that could not be recorded or notified, then fails the execution in a named state. */
export function failureQueueStates(refs: OrderWorkflowRefs): States {
  return {
    [STATES.sendToFailureQueue]: {
      Type: "Task",
      Comment: "The order could not be recorded or notified even after retries: keep it, with the error.",
      Resource: integrationArn(refs.partition, "sqs:sendMessage"),
      Parameters: {
        QueueUrl: refs.failureQueueUrl,
        MessageBody: {
          "state.$": "$",
          "executionArn.$": CONTEXT.executionId,
        },
        MessageAttributes: {
          error: { DataType: "String", "StringValue.$": "$.failure.Error" },
        },
      },
      ResultPath: null,
      TimeoutSeconds: SERVICE_TASK_TIMEOUT_SECONDS,
      Retry: [FAILURE_QUEUE_RETRIER],
      Next: STATES.failureQueued,
    },
    [STATES.failureQueued]: {
      Type: "Fail",
      Error: FAILURE_QUEUED_ERROR,
      Cause:
        "The order could not be recorded or notified after retries; it is in the failure queue with the error.",
    },
  };
}
