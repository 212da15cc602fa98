import { PAYMENT_DECLINED_ERROR } from "../functions/authorize-payment/errors";
import { EXECUTION_KEY_PREFIX } from "../functions/validate-order/validate-order";
import {
  DYNAMODB_TRANSIENT_RETRIER,
  FAILURE_QUEUE_RETRIER,
  integrationArn,
  LAMBDA_TRANSIENT_RETRIER,
  type Partition,
  type Retrier,
  SNS_TRANSIENT_RETRIER,
  type JsonObject,
  type StateMachineDefinition,
  type TaskState,
} from "./asl";

/** What the order workflow needs to know of the resources it calls, resolved. */
export interface OrderWorkflowRefs {
  readonly partition: Partition;
  readonly validateFunctionArn: string;
  readonly authorizeFunctionArn: string;
  readonly tableName: string;
  readonly topicArn: string;
  /** Where an order goes when it cannot be recorded or notified, even after retries. */
  readonly failureQueueUrl: string;
  /** EXPRESS executions may run for five minutes at most, STANDARD ones for a year. */
  readonly workflowType: "STANDARD" | "EXPRESS";
  /** The validate function's own timeout. */
  readonly validateTimeoutSeconds: number;
  /** The authorize function's own timeout. */
  readonly authorizeTimeoutSeconds: number;
}

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

export const STATES = {
  validate: "ValidateOrder",
  validationUnavailable: "ValidationUnavailable",
  isValid: "IsValid?",
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

/**
 * A Lambda task times out a little after the function itself, so the execution sees Lambda's own timeout error
 * rather than a bare `States.Timeout`.
 */
const LAMBDA_TASK_TIMEOUT_MARGIN_SECONDS = 5;
/** DynamoDB and SNS answer in milliseconds; a call still open after this is stuck. */
const SERVICE_TASK_TIMEOUT_SECONDS = 10;
/**
 * Every task's timeout and retries together stay under about five minutes; beyond ten, a STANDARD execution is
 * stuck and is stopped rather than left running for up to a year. EXPRESS executions cannot run longer than
 * five minutes at all.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html
 */
export const EXECUTION_TIMEOUT_SECONDS = { STANDARD: 600, EXPRESS: 300 } as const;

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

const CONTEXT = {
  executionName: "$$.Execution.Name",
  executionId: "$$.Execution.Id",
  startTime: "$$.Execution.StartTime",
} as const;

/**
 * A replay must not replace an authorized order: the write succeeds when there is no record yet, or when the
 * record holds a status other than AUTHORIZED (a failed order may be retried), and fails otherwise.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
 */
const KEEP_AUTHORIZED = {
  ConditionExpression: "attribute_not_exists(orderId) OR #status <> :authorized",
  ExpressionAttributeNames: { "#status": "status" },
  ExpressionAttributeValues: { ":authorized": { S: ORDER_STATUS.authorized } },
} as const;

/**
 * The tutorial's order workflow, repaired: every execution, whatever its input, either records exactly one order
 * and notifies at least once, or sends the order and its error to the failure queue and fails in a named state.
 * Persist and notify states keep their input (`ResultPath: null`), so later states still see the order; an
 * input without a usable `orderId` is recorded under a key derived from the execution; a validator that cannot
 * run routes the order to the invalid path, never to payment; a replay never overwrites an AUTHORIZED record.
 */
export function buildOrderDefinition(refs: OrderWorkflowRefs): StateMachineDefinition {
  const lambdaInvoke = integrationArn(refs.partition, "lambda:invoke");
  const putItem = integrationArn(refs.partition, "dynamodb:putItem");
  const publish = integrationArn(refs.partition, "sns:publish");
  const sendMessage = integrationArn(refs.partition, "sqs:sendMessage");
  const toFailureQueue = {
    ErrorEquals: ["States.ALL"],
    ResultPath: "$.failure",
    Next: STATES.sendToFailureQueue,
  };
  const orderAttributes = {
    amount: { "N.$": "States.JsonToString($.order.amount)" },
    currency: { "S.$": "$.order.currency" },
  };
  /** Records one outcome, keyed by `orderKey`; keeps its input so the notification still sees the order. */
  const persist = (status: OrderStatus, attributes: JsonObject, next: string): TaskState => ({
    Type: "Task",
    Resource: putItem,
    Parameters: {
      TableName: refs.tableName,
      Item: {
        orderId: { "S.$": "$.orderKey" },
        status: { S: status },
        ...attributes,
        executionArn: { "S.$": CONTEXT.executionId },
        receivedAt: { "S.$": CONTEXT.startTime },
      },
      ...KEEP_AUTHORIZED,
    },
    ResultPath: null,
    TimeoutSeconds: SERVICE_TASK_TIMEOUT_SECONDS,
    Retry: [DYNAMODB_TRANSIENT_RETRIER],
    Catch: [
      { ErrorEquals: [CONDITIONAL_CHECK_FAILED], ResultPath: null, Next: STATES.notifyAlreadyAuthorized },
      toFailureQueue,
    ],
    Next: next,
  });
  /** Publishes one outcome, with the status as a message attribute that subscriptions can filter on. */
  const notify = (
    status: OrderStatus | typeof ALREADY_AUTHORIZED,
    subject: string,
    message: string,
  ): TaskState => ({
    Type: "Task",
    Resource: publish,
    Parameters: {
      TopicArn: refs.topicArn,
      Subject: subject,
      "Message.$": message,
      MessageAttributes: { status: { DataType: "String", StringValue: status } },
    },
    ResultPath: null,
    TimeoutSeconds: SERVICE_TASK_TIMEOUT_SECONDS,
    Retry: [SNS_TRANSIENT_RETRIER],
    Catch: [toFailureQueue],
    End: true,
  });

  return {
    Comment: "Order processing: validate, authorize the payment, record the outcome, notify.",
    StartAt: STATES.validate,
    TimeoutSeconds: EXECUTION_TIMEOUT_SECONDS[refs.workflowType],
    States: {
      [STATES.validate]: {
        Type: "Task",
        Resource: lambdaInvoke,
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
      [STATES.authorize]: {
        Type: "Task",
        Resource: lambdaInvoke,
        Parameters: { FunctionName: refs.authorizeFunctionArn, Payload: { "order.$": "$.order" } },
        ResultSelector: { "authorizationId.$": "$.Payload.authorizationId" },
        ResultPath: "$.payment",
        TimeoutSeconds: refs.authorizeTimeoutSeconds + LAMBDA_TASK_TIMEOUT_MARGIN_SECONDS,
        Retry: [LAMBDA_TRANSIENT_RETRIER, PAYMENT_DECLINED_RETRIER],
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.authError", Next: STATES.persistAuthFailed }],
        Next: STATES.persistAuthorized,
      },
      [STATES.persistAuthorized]: persist(
        ORDER_STATUS.authorized,
        { ...orderAttributes, authorizationId: { "S.$": "$.payment.authorizationId" } },
        STATES.notifyAuthorized,
      ),
      [STATES.notifyAuthorized]: notify(
        ORDER_STATUS.authorized,
        "Order authorized",
        "States.Format('Order {} AUTHORIZED with {}', $.orderKey, $.payment.authorizationId)",
      ),
      [STATES.persistInvalid]: persist(
        ORDER_STATUS.invalid,
        { detail: { "S.$": "States.JsonToString($.errors)" } },
        STATES.notifyInvalid,
      ),
      [STATES.notifyInvalid]: notify(
        ORDER_STATUS.invalid,
        "Order invalid",
        "States.Format('Order {} is INVALID: {}', $.orderKey, States.JsonToString($.errors))",
      ),
      [STATES.persistAuthFailed]: persist(
        ORDER_STATUS.failedAuth,
        {
          ...orderAttributes,
          error: { "S.$": "$.authError.Error" },
          detail: { "S.$": "States.JsonToString($.authError)" },
        },
        STATES.notifyAuthFailed,
      ),
      [STATES.notifyAuthFailed]: notify(
        ORDER_STATUS.failedAuth,
        "Order authorization failed",
        "States.Format('Order {} FAILED AUTH: {}', $.orderKey, $.authError.Error)",
      ),
      [STATES.notifyAlreadyAuthorized]: notify(
        ALREADY_AUTHORIZED,
        "Order already authorized",
        "States.Format('Order {} was already AUTHORIZED; execution {} left the record unchanged', $.orderKey, $$.Execution.Name)",
      ),
      [STATES.sendToFailureQueue]: {
        Type: "Task",
        Comment: "The order could not be recorded or notified even after retries: keep it, with the error.",
        Resource: sendMessage,
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
    },
  };
}
