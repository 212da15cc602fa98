import type { Partition, StateMachineDefinition } from "../asl";

/** What the order workflow needs to know of the resources it calls, resolved. */
export interface OrderWorkflowRefs {
  readonly partition: Partition;
  readonly validateFunctionArn: string;
  readonly authorizeFunctionArn: string;
  readonly tableName: string;
  readonly topicArn: string;
  /** Where an order goes when it cannot be recorded or notified, even after retries. */
  readonly failureQueueUrl: string;
  /**
   * Whether an EventBridge rule sends every failed, timed-out or aborted execution to the failure queue. A
   * Persist or Notify state that still fails after its retries then fails the execution at that state, so that
   * a redrive resumes there; without the rule it is caught, and the whole state goes to the queue.
   */
  readonly failedExecutionsCaptured: boolean;
  /** EXPRESS executions may run for five minutes at most, STANDARD ones for a year. */
  readonly workflowType: "STANDARD" | "EXPRESS";
  /** The validate function's own timeout. */
  readonly validateTimeoutSeconds: number;
  /** The authorize function's own timeout. */
  readonly authorizeTimeoutSeconds: number;
}

/** Some of a definition's states, by name, in the order the definition lists them. */
export type States = StateMachineDefinition["States"];
