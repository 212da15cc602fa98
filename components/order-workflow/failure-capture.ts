import type { OrderWorkflowSettings } from "./args";

/**
 * Whether the workflow captures its failed executions with an EventBridge rule, which needs both:
 * - a STANDARD workflow: Express workflows send no execution status-change events to EventBridge, and cannot be
 *   redriven, so their Persist and Notify states keep catching into the queue with the whole state.
 * - a customer-managed key: EventBridge cannot send to a queue encrypted with the AWS-managed `alias/aws/sqs`,
 *   whose key policy cannot be changed to let it; and the policy pack refuses SQS-managed encryption (SSE-SQS),
 *   the other way EventBridge could deliver. Under AWS-managed keys, the states catch into the queue as Express
 *   ones do.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/eventbridge-integration.html
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html#compatibility-with-aws-services
 */
export function capturesFailedExecutions(
  settings: Pick<OrderWorkflowSettings, "workflowType" | "kmsKey">,
): boolean {
  return settings.workflowType === "STANDARD" && settings.kmsKey === "customer-managed";
}

/** The name of the workflow's failed-execution capture, which names its rule; the key policy needs it first. */
export function failureCaptureNameOf(name: string): string {
  return `${name}-failed-executions`;
}
