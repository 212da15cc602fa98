export {
  ALREADY_AUTHORIZED,
  CONDITIONAL_CHECK_FAILED,
  FAILURE_QUEUED_ERROR,
  ORDER_STATUS,
  type OrderStatus,
  STATES,
} from "./names";
export type { OrderWorkflowRefs } from "./refs";
export {
  IDEMPOTENCY_ERRORS,
  IDEMPOTENCY_RETRIER,
  NOT_AUTHORIZED_ERRORS,
  PAYMENT_DECLINED_RETRIER,
} from "./payment-states";
export { buildOrderDefinition, EXECUTION_TIMEOUT_SECONDS } from "./order-definition";
