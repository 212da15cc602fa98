/** The `status` attribute of an order record. */
export const ORDER_STATUS = {
  authorized: "AUTHORIZED",
  invalid: "INVALID",
  failedAuth: "FAILED_AUTH",
} as const;
export type OrderStatus = (typeof ORDER_STATUS)[keyof typeof ORDER_STATUS];

/** The `status` message attribute of a replay's notification: its own outcome was not recorded. */
export const ALREADY_AUTHORIZED = "ALREADY_AUTHORIZED";

/** The error of an execution whose order went to the failure queue. */
export const FAILURE_QUEUED_ERROR = "OrderWorkflow.FailureQueued";

/** DynamoDB's answer when a write's condition does not hold; Step Functions names it `DynamoDB.<class>`. */
export const CONDITIONAL_CHECK_FAILED = "DynamoDB.ConditionalCheckFailedException";

/**
 * The states, by role. With tracing on, X-Ray may name a subsegment after each state, and segment names allow
 * only letters, digits, whitespace and `_ . : / % & # = + \ - @`: no `?`, which the tutorial's `IsValid?` had.
 * @see https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html
 */
export const STATES = {
  validate: "ValidateOrder",
  validationUnavailable: "ValidationUnavailable",
  isValid: "IsOrderValid",
  authorize: "AuthorizePayment",
  persistAuthorized: "PersistAuthorized",
  notifyAuthorized: "NotifyAuthorized",
  persistInvalid: "PersistInvalidOrder",
  notifyInvalid: "NotifyInvalid",
  persistAuthFailed: "PersistAuthFailed",
  notifyAuthFailed: "NotifyAuthFailed",
  notifyAlreadyAuthorized: "NotifyAlreadyAuthorized",
  sendToFailureQueue: "SendToFailureQueue",
  failureQueued: "OrderFailureQueued",
} as const;

/** Paths into the context object of the running execution. */
export const CONTEXT = {
  executionName: "$$.Execution.Name",
  executionId: "$$.Execution.Id",
  startTime: "$$.Execution.StartTime",
} as const;
