import aslValidator from "asl-validator";
import {
  buildOrderDefinition,
  DYNAMODB_TRANSIENT_RETRIER,
  LAMBDA_TRANSIENT_RETRIER,
  lintDefinition,
  PAYMENT_DECLINED_RETRIER,
  SNS_TRANSIENT_RETRIER,
  STATES,
  type StateMachineDefinition,
  type TaskState,
  taskStates,
} from "../../components";
import { synthesize, type Synthesis } from "../../local/synth";

let synthesis: Synthesis;
let definition: StateMachineDefinition;

beforeAll(async () => {
  synthesis = await synthesize("dev");
  definition = JSON.parse(synthesis.deployment.definition) as StateMachineDefinition;
});

const ACCOUNT = "arn:aws:lambda:us-east-1:123456789012:function";

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
      validateTimeoutSeconds: 5,
      authorizeTimeoutSeconds: 10,
    }),
  );
});

test("every resource the Task states call is named exactly, none dropped from the JSON", () => {
  const named = taskStates(definition).map(({ name, state }) => [
    name,
    state.Resource,
    state.Parameters?.FunctionName ?? state.Parameters?.TableName ?? state.Parameters?.TopicArn,
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
    const retries = taskStates(definition).map(({ name, state }) => [
      name,
      state.Retry,
      state.TimeoutSeconds,
    ]);
    expect(retries).toEqual([
      [STATES.validate, [LAMBDA_TRANSIENT_RETRIER], 10],
      [STATES.authorize, [LAMBDA_TRANSIENT_RETRIER, PAYMENT_DECLINED_RETRIER], 15],
      [STATES.persistAuthorized, [DYNAMODB_TRANSIENT_RETRIER], 10],
      [STATES.notifyAuthorized, [SNS_TRANSIENT_RETRIER], 10],
      [STATES.persistInvalid, [DYNAMODB_TRANSIENT_RETRIER], 10],
      [STATES.notifyInvalid, [SNS_TRANSIENT_RETRIER], 10],
      [STATES.persistAuthFailed, [DYNAMODB_TRANSIENT_RETRIER], 10],
      [STATES.notifyAuthFailed, [SNS_TRANSIENT_RETRIER], 10],
    ]);
    expect(definition.TimeoutSeconds).toBe(600);
  });

  test("the payment step tells a decline from a transient fault by the error's name", () => {
    expect(PAYMENT_DECLINED_RETRIER.ErrorEquals).toEqual(["PaymentDeclinedError"]);
    expect(LAMBDA_TRANSIENT_RETRIER.ErrorEquals).toEqual([
      "Lambda.ServiceException",
      "Lambda.AWSLambdaException",
      "Lambda.SdkClientException",
      "Lambda.TooManyRequestsException",
    ]);
    expect(task(STATES.authorize).Catch).toEqual([
      { ErrorEquals: ["States.ALL"], ResultPath: "$.authError", Next: STATES.persistAuthFailed },
    ]);
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
