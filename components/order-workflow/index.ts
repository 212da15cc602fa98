export {
  FAILURE_QUEUE_RETENTION_DAYS,
  KMS_KEY_CHOICES,
  type KmsKeyChoice,
  ORDER_WORKFLOW_DEFAULTS,
  type OrderWorkflowArgs,
} from "./args";
export { conflictingArgs } from "./conflicts";
export { OrderWorkflow } from "./order-workflow";
