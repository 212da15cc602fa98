import {
  type Catcher,
  DYNAMODB_TRANSIENT_RETRIER,
  integrationArn,
  type JsonObject,
  type Retrier,
  SNS_TRANSIENT_RETRIER,
  type TaskState,
} from "../asl";
import { TO_FAILURE_QUEUE } from "./failure-queue-states";
import {
  ALREADY_AUTHORIZED,
  CONDITIONAL_CHECK_FAILED,
  CONTEXT,
  ORDER_STATUS,
  type OrderStatus,
  STATES,
} from "./names";
import type { OrderWorkflowRefs, States } from "./refs";
import { SERVICE_TASK_TIMEOUT_SECONDS } from "./task-timeouts";

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
 * A refused conditional write is DynamoDB's answer, not a fault: it goes to its Catch at once (`MaxAttempts: 0`)
 * rather than through the `States.TaskFailed` retrier after it, which would otherwise match it first.
 * @see https://states-language.net/spec.html#retrying-after-error
 */
const REFUSED_WRITE_NOT_RETRIED: Retrier = { ErrorEquals: [CONDITIONAL_CHECK_FAILED], MaxAttempts: 0 };

/** The order's own fields an outcome records, when validation let it through. */
const ORDER_ATTRIBUTES = {
  amount: { "N.$": "States.JsonToString($.order.amount)" },
  currency: { "S.$": "$.order.currency" },
} as const;

/**
 * What a Persist or Notify state does with an error left after its retries: with the failed executions captured,
 * nothing, so the execution fails at that state and a redrive resumes there; otherwise it is caught, and the
 * order goes to the failure queue with the error.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html
 */
function leftoverErrors(refs: OrderWorkflowRefs): Catcher[] {
  return refs.failedExecutionsCaptured ? [] : [TO_FAILURE_QUEUE];
}

/**
 * Each outcome, authorized, invalid or failed payment, is recorded and then notified; a replay of an authorized
 * order is only notified.
 */
export function outcomeStates(refs: OrderWorkflowRefs): States {
  return {
    [STATES.persistAuthorized]: persist(
      refs,
      ORDER_STATUS.authorized,
      { ...ORDER_ATTRIBUTES, authorizationId: { "S.$": "$.payment.authorizationId" } },
      STATES.notifyAuthorized,
    ),
    [STATES.notifyAuthorized]: notify(
      refs,
      ORDER_STATUS.authorized,
      "Order authorized",
      "States.Format('Order {} AUTHORIZED with {}', $.orderKey, $.payment.authorizationId)",
    ),
    [STATES.persistInvalid]: persist(
      refs,
      ORDER_STATUS.invalid,
      { detail: { "S.$": "States.JsonToString($.errors)" } },
      STATES.notifyInvalid,
    ),
    [STATES.notifyInvalid]: notify(
      refs,
      ORDER_STATUS.invalid,
      "Order invalid",
      "States.Format('Order {} is INVALID: {}', $.orderKey, States.JsonToString($.errors))",
    ),
    [STATES.persistAuthFailed]: persist(
      refs,
      ORDER_STATUS.failedAuth,
      {
        ...ORDER_ATTRIBUTES,
        error: { "S.$": "$.authError.Error" },
        detail: { "S.$": "States.JsonToString($.authError)" },
      },
      STATES.notifyAuthFailed,
    ),
    [STATES.notifyAuthFailed]: notify(
      refs,
      ORDER_STATUS.failedAuth,
      "Order authorization failed",
      "States.Format('Order {} FAILED AUTH: {}', $.orderKey, $.authError.Error)",
    ),
    [STATES.notifyAlreadyAuthorized]: notify(
      refs,
      ALREADY_AUTHORIZED,
      "Order already authorized",
      "States.Format('Order {} was already AUTHORIZED; execution {} left the record unchanged', $.orderKey, $$.Execution.Name)",
    ),
  };
}

/** Records one outcome, keyed by `orderKey`; keeps its input so the notification still sees the order. */
function persist(
  refs: OrderWorkflowRefs,
  status: OrderStatus,
  attributes: JsonObject,
  next: string,
): TaskState {
  return {
    Type: "Task",
    Resource: integrationArn(refs.partition, "dynamodb:putItem"),
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
    Retry: [REFUSED_WRITE_NOT_RETRIED, DYNAMODB_TRANSIENT_RETRIER],
    Catch: [
      { ErrorEquals: [CONDITIONAL_CHECK_FAILED], ResultPath: null, Next: STATES.notifyAlreadyAuthorized },
      ...leftoverErrors(refs),
    ],
    Next: next,
  };
}

/** Publishes one outcome, with the status as a message attribute that subscriptions can filter on. */
function notify(
  refs: OrderWorkflowRefs,
  status: OrderStatus | typeof ALREADY_AUTHORIZED,
  subject: string,
  message: string,
): TaskState {
  return {
    Type: "Task",
    Resource: integrationArn(refs.partition, "sns:publish"),
    Parameters: {
      TopicArn: refs.topicArn,
      Subject: subject,
      "Message.$": message,
      MessageAttributes: { status: { DataType: "String", StringValue: status } },
    },
    ResultPath: null,
    TimeoutSeconds: SERVICE_TASK_TIMEOUT_SECONDS,
    Retry: [SNS_TRANSIENT_RETRIER],
    ...(refs.failedExecutionsCaptured ? {} : { Catch: [TO_FAILURE_QUEUE] }),
    End: true,
  };
}
