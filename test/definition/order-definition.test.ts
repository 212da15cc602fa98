import aslValidator from "asl-validator";
import {
  DYNAMODB_TRANSIENT_RETRIER,
  FAILURE_QUEUE_RETRIER,
  LAMBDA_TRANSIENT_RETRIER,
  lintDefinition,
  SNS_TRANSIENT_RETRIER,
  type StateMachineDefinition,
  type TaskState,
  taskStates,
} from "../../components/asl";
import {
  buildOrderDefinition,
  IDEMPOTENCY_RETRIER,
  PAYMENT_DECLINED_RETRIER,
  STATES,
} from "../../components/order-definition";
import type { Synthesis } from "../../local/capture/synth";
import { cachedSynthesis } from "../../local/capture/synth-cache";

let synthesis: Synthesis;
let definition: StateMachineDefinition;

beforeAll(async () => {
  synthesis = await cachedSynthesis("dev");
  definition = JSON.parse(synthesis.deployment.definition) as StateMachineDefinition;
});

const ACCOUNT = "arn:aws:lambda:us-east-1:123456789012:function";
const QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/order-workflow-dev-failures";

function task(name: string): TaskState {
  const state = definition.States[name];
  if (state?.Type !== "Task") throw new Error(`${name} is not a Task state`);
  return state;
}

test("the deployed definition is the pure builder's output for the resources' resolved names and ARNs", () => {
  expect(definition).toEqual(
    buildOrderDefinition({
      partition: "aws",
      validateFunctionArn: `${ACCOUNT}:order-workflow-dev-validate-order`,
      authorizeFunctionArn: `${ACCOUNT}:order-workflow-dev-authorize-payment`,
      tableName: "order-workflow-dev-orders",
      topicArn: "arn:aws:sns:us-east-1:123456789012:order-workflow-dev-order-events",
      failureQueueUrl: QUEUE_URL,
      // dev's queue is under the AWS-managed SQS key, which EventBridge cannot send to.
      failedExecutionsCaptured: false,
      workflowType: "STANDARD",
      validateTimeoutSeconds: 5,
      authorizeTimeoutSeconds: 10,
    }),
  );
});

test("every resource the Task states call is named exactly, none dropped from the JSON", () => {
  const named = taskStates(definition).map(({ name, state }) => [
    name,
    state.Resource,
    state.Parameters?.FunctionName ??
      state.Parameters?.TableName ??
      state.Parameters?.TopicArn ??
      state.Parameters?.QueueUrl,
  ]);
  const topic = "arn:aws:sns:us-east-1:123456789012:order-workflow-dev-order-events";
  expect(named).toEqual([
    [STATES.validate, "arn:aws:states:::lambda:invoke", `${ACCOUNT}:order-workflow-dev-validate-order`],
    [STATES.authorize, "arn:aws:states:::lambda:invoke", `${ACCOUNT}:order-workflow-dev-authorize-payment`],
    [STATES.persistAuthorized, "arn:aws:states:::dynamodb:putItem", "order-workflow-dev-orders"],
    [STATES.notifyAuthorized, "arn:aws:states:::sns:publish", topic],
    [STATES.persistInvalid, "arn:aws:states:::dynamodb:putItem", "order-workflow-dev-orders"],
    [STATES.notifyInvalid, "arn:aws:states:::sns:publish", topic],
    [STATES.persistAuthFailed, "arn:aws:states:::dynamodb:putItem", "order-workflow-dev-orders"],
    [STATES.notifyAuthFailed, "arn:aws:states:::sns:publish", topic],
    [STATES.notifyAlreadyAuthorized, "arn:aws:states:::sns:publish", topic],
    [STATES.sendToFailureQueue, "arn:aws:states:::sqs:sendMessage", QUEUE_URL],
  ]);
});

test("passes asl-validator, which is given a copy because it adds fields to what it checks", () => {
  const copy = structuredClone(definition);
  const result = aslValidator(copy);
  expect(result.errorsText()).toBe("");
  expect(result.isValid).toBe(true);
  expect(JSON.parse(synthesis.deployment.definition)).toEqual(definition);
});

test("passes the checks asl-validator misses: Task resources and intrinsic functions", () => {
  expect(lintDefinition(definition)).toEqual([]);
});

test.each([
  [
    "a States.Format with more placeholders than values",
    "States.Format('Order {} is INVALID: {} {}', $.orderKey, States.JsonToString($.errors))",
    "State `NotifyInvalid` field `Parameters.Message.$`: States.Format has 3 placeholder(s) for 2 value(s).",
  ],
  [
    "intrinsics nested deeper than AWS's limit of 10",
    `${"States.Array(".repeat(11)}$.errors${")".repeat(11)}`,
    `State \`NotifyInvalid\` field \`Parameters.Message.$\`: intrinsic functions nested deeper than 10 at character 131 of "${"States.Array(".repeat(11)}$.errors${")".repeat(11)}".`,
  ],
])("asl-validator alone accepts %s, which the lint refuses", (_case, expression, problem) => {
  const broken = structuredClone(definition) as unknown as {
    States: Record<string, { Parameters: Record<string, unknown> }>;
  };
  const notify = broken.States[STATES.notifyInvalid];
  if (notify === undefined) throw new Error("NotifyInvalid is missing");
  notify.Parameters["Message.$"] = expression;
  expect(aslValidator(structuredClone(broken)).isValid).toBe(true);
  expect(lintDefinition(broken as unknown as StateMachineDefinition)).toEqual([problem]);
});

describe("the tutorial's defects stay fixed", () => {
  test.each([
    STATES.persistAuthorized,
    STATES.persistInvalid,
    STATES.persistAuthFailed,
    STATES.notifyAuthorized,
    STATES.notifyInvalid,
    STATES.notifyAuthFailed,
  ])("%s keeps its input (ResultPath null), so the order survives the write", (name) => {
    expect(task(name).ResultPath).toBeNull();
  });

  test("every Task retries its integration's transient errors and has a timeout", () => {
    const refusedWriteNotRetried = {
      ErrorEquals: ["DynamoDB.ConditionalCheckFailedException"],
      MaxAttempts: 0,
    };
    const persistRetry = [refusedWriteNotRetried, DYNAMODB_TRANSIENT_RETRIER];
    const retries = taskStates(definition).map(({ name, state }) => [
      name,
      state.Retry,
      state.TimeoutSeconds,
    ]);
    expect(retries).toEqual([
      [STATES.validate, [LAMBDA_TRANSIENT_RETRIER], 10],
      [STATES.authorize, [LAMBDA_TRANSIENT_RETRIER, PAYMENT_DECLINED_RETRIER, IDEMPOTENCY_RETRIER], 15],
      [STATES.persistAuthorized, persistRetry, 10],
      [STATES.notifyAuthorized, [SNS_TRANSIENT_RETRIER], 10],
      [STATES.persistInvalid, persistRetry, 10],
      [STATES.notifyInvalid, [SNS_TRANSIENT_RETRIER], 10],
      [STATES.persistAuthFailed, persistRetry, 10],
      [STATES.notifyAuthFailed, [SNS_TRANSIENT_RETRIER], 10],
      [STATES.notifyAlreadyAuthorized, [SNS_TRANSIENT_RETRIER], 10],
      [STATES.sendToFailureQueue, [FAILURE_QUEUE_RETRIER], 10],
    ]);
    expect(definition.TimeoutSeconds).toBe(600);
  });

  test("DynamoDB and SNS retry every task failure, whatever Step Functions names it; timeouts go to the Catch", () => {
    expect([DYNAMODB_TRANSIENT_RETRIER.ErrorEquals, SNS_TRANSIENT_RETRIER.ErrorEquals]).toEqual([
      ["States.TaskFailed"],
      ["States.TaskFailed"],
    ]);
  });

  test("the payment step tells a decline from a transient fault by the error's name", () => {
    expect(PAYMENT_DECLINED_RETRIER.ErrorEquals).toEqual(["PaymentDeclinedError"]);
    // AWS's recommended four, Lambda's throttling error, and the Invoke errors that say to wait and try again.
    expect(LAMBDA_TRANSIENT_RETRIER.ErrorEquals).toEqual([
      "Lambda.ClientExecutionTimeoutException",
      "Lambda.ServiceException",
      "Lambda.AWSLambdaException",
      "Lambda.SdkClientException",
      "Lambda.TooManyRequestsException",
      "Lambda.EC2ThrottledException",
      "Lambda.ENINotReadyException",
      "Lambda.ResourceNotReadyException",
      "Lambda.SnapStartNotReadyException",
      "Lambda.CodeArtifactUserPendingException",
    ]);
    expect(task(STATES.authorize).Catch).toEqual([
      {
        ErrorEquals: ["IdempotencyAlreadyInProgressError", "IdempotencyPersistenceLayerError"],
        ResultPath: "$.failure",
        Next: STATES.sendToFailureQueue,
      },
      { ErrorEquals: ["States.ALL"], ResultPath: "$.authError", Next: STATES.persistAuthFailed },
    ]);
  });

  test("an order being authorized elsewhere, or an idempotency table failing, is retried with capped backoff", () => {
    expect(IDEMPOTENCY_RETRIER).toEqual({
      ErrorEquals: ["IdempotencyAlreadyInProgressError", "IdempotencyPersistenceLayerError"],
      IntervalSeconds: 2,
      MaxAttempts: 4,
      BackoffRate: 2,
      MaxDelaySeconds: 10,
      JitterStrategy: "FULL",
    });
  });

  test("a validator that cannot run routes the order to the invalid path, never to payment", () => {
    expect(task(STATES.validate).Catch).toEqual([
      { ErrorEquals: ["States.ALL"], Next: STATES.validationUnavailable },
    ]);
    expect(definition.States[STATES.validationUnavailable]).toMatchObject({
      Type: "Pass",
      Next: STATES.persistInvalid,
    });
  });
});

describe("nothing is lost and nothing is overwritten", () => {
  const persistStates = [STATES.persistAuthorized, STATES.persistInvalid, STATES.persistAuthFailed];
  const notifyStates = [
    STATES.notifyAuthorized,
    STATES.notifyInvalid,
    STATES.notifyAuthFailed,
    STATES.notifyAlreadyAuthorized,
  ];

  test.each(persistStates)("%s writes only when no AUTHORIZED record holds the key", (name) => {
    const { Parameters } = task(name);
    expect([
      Parameters?.ConditionExpression,
      Parameters?.ExpressionAttributeNames,
      Parameters?.ExpressionAttributeValues,
    ]).toEqual([
      "attribute_not_exists(orderId) OR #status <> :authorized",
      { "#status": "status" },
      { ":authorized": { S: "AUTHORIZED" } },
    ]);
  });

  test.each(persistStates)(
    "%s sends a refused write to the replay notice and any other failure to the failure queue",
    (name) => {
      expect(task(name).Catch).toEqual([
        {
          ErrorEquals: ["DynamoDB.ConditionalCheckFailedException"],
          ResultPath: null,
          Next: STATES.notifyAlreadyAuthorized,
        },
        { ErrorEquals: ["States.ALL"], ResultPath: "$.failure", Next: STATES.sendToFailureQueue },
      ]);
    },
  );

  test.each(notifyStates)("%s sends a failure after its retries to the failure queue", (name) => {
    expect(task(name).Catch).toEqual([
      { ErrorEquals: ["States.ALL"], ResultPath: "$.failure", Next: STATES.sendToFailureQueue },
    ]);
  });

  test("the failure queue keeps the whole state with the error, then the execution fails in a named state", () => {
    const send = task(STATES.sendToFailureQueue);
    expect(send.Parameters).toEqual({
      QueueUrl: QUEUE_URL,
      MessageBody: { "state.$": "$", "executionArn.$": "$$.Execution.Id" },
      MessageAttributes: { error: { DataType: "String", "StringValue.$": "$.failure.Error" } },
    });
    expect(send.Next).toBe(STATES.failureQueued);
    expect(definition.States[STATES.failureQueued]).toEqual({
      Type: "Fail",
      Error: "OrderWorkflow.FailureQueued",
      Cause:
        "The order could not be recorded or notified after retries; it is in the failure queue with the error.",
    });
  });

  test("an EXPRESS workflow stops within Express's five-minute limit", () => {
    const refs = {
      partition: "aws" as const,
      validateFunctionArn: `${ACCOUNT}:v`,
      authorizeFunctionArn: `${ACCOUNT}:a`,
      tableName: "t",
      topicArn: "arn:aws:sns:us-east-1:123456789012:t",
      failureQueueUrl: QUEUE_URL,
      failedExecutionsCaptured: false,
      validateTimeoutSeconds: 5,
      authorizeTimeoutSeconds: 10,
    };
    expect(buildOrderDefinition({ ...refs, workflowType: "EXPRESS" }).TimeoutSeconds).toBe(300);
    expect(buildOrderDefinition({ ...refs, workflowType: "STANDARD" }).TimeoutSeconds).toBe(600);
  });
});

describe("with the failed executions captured (prod: STANDARD, customer-managed key)", () => {
  let captured: StateMachineDefinition;

  beforeAll(async () => {
    captured = JSON.parse((await cachedSynthesis("prod")).deployment.definition) as StateMachineDefinition;
  });

  function capturedTask(name: string): TaskState {
    const state = captured.States[name];
    if (state?.Type !== "Task") throw new Error(`${name} is not a Task state`);
    return state;
  }

  test.each([STATES.persistAuthorized, STATES.persistInvalid, STATES.persistAuthFailed])(
    "%s catches only the refused write: any other error left after its retries fails the execution there",
    (name) => {
      expect(capturedTask(name).Catch).toEqual([
        {
          ErrorEquals: ["DynamoDB.ConditionalCheckFailedException"],
          ResultPath: null,
          Next: STATES.notifyAlreadyAuthorized,
        },
      ]);
    },
  );

  test.each([
    STATES.notifyAuthorized,
    STATES.notifyInvalid,
    STATES.notifyAuthFailed,
    STATES.notifyAlreadyAuthorized,
  ])("%s has no Catch: a failure after its retries fails the execution there", (name) => {
    expect(capturedTask(name).Catch).toBeUndefined();
  });

  test("AuthorizePayment records only the function's verdicts as FAILED_AUTH; any other error fails the execution there", () => {
    expect(capturedTask(STATES.authorize).Catch).toEqual([
      {
        ErrorEquals: ["PaymentDeclinedError", "InvalidPaymentRequestError"],
        ResultPath: "$.authError",
        Next: STATES.persistAuthFailed,
      },
    ]);
  });

  test("has no failure-queue states, and passes asl-validator and the lint", () => {
    expect(Object.keys(captured.States)).not.toContain(STATES.sendToFailureQueue);
    expect(Object.keys(captured.States)).not.toContain(STATES.failureQueued);
    expect(aslValidator(structuredClone(captured)).errorsText()).toBe("");
    expect(lintDefinition(captured)).toEqual([]);
  });
});
