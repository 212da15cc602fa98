import type { Deployment } from "../../local/model/deployment";
import { LocalSimulator } from "../../local/engine/simulator";
import {
  CHARGE_ARN,
  definitionOf,
  orderDeployment,
  ORDERS_TABLE,
  TOPIC_ARN,
  VALIDATE_ARN,
} from "../fixtures/local/order-fixture";

const DEPLOYED_FUNCTIONS = `\`${VALIDATE_ARN}\`, \`${CHARGE_ARN}\``;
const MISSING_ARN = "arn:aws:lambda:us-east-1:123456789012:function:order-fixture-refund";

async function startFailure(deployment: Deployment): Promise<unknown> {
  let simulator: LocalSimulator;
  try {
    simulator = await LocalSimulator.start(deployment);
  } catch (error) {
    return error;
  }
  await simulator.close();
  throw new Error("start() accepted the deployment");
}

function invoke(functionName: string): object {
  return {
    Type: "Task",
    Resource: "arn:aws:states:::lambda:invoke",
    Parameters: { FunctionName: functionName, "Payload.$": "$" },
    End: true,
  };
}

test("fails when a Task inside a Parallel branch uses an integration the simulator does not support", async () => {
  const definition = definitionOf({
    FanOut: {
      Type: "Parallel",
      Branches: [
        definitionOf({ Validate: invoke(VALIDATE_ARN) }),
        definitionOf({
          Announce: {
            Type: "Task",
            Resource: "arn:aws:states:::events:putEvents",
            Parameters: { Entries: [{ Source: "orders", DetailType: "OrderPlaced", "Detail.$": "$" }] },
            End: true,
          },
        }),
      ],
      End: true,
    },
  });

  expect(await startFailure(orderDeployment(definition))).toEqual(
    new Error(
      "Task state `Announce` uses resource `arn:aws:states:::events:putEvents` which the local simulator does not " +
        "support; supported: lambda:invoke, dynamodb:putItem, sns:publish, sqs:sendMessage",
    ),
  );
});

test("fails when a Task inside a Map item processor invokes a function the deployment does not contain", async () => {
  const definition = definitionOf({
    RefundItems: {
      Type: "Map",
      ItemsPath: "$.items",
      ItemProcessor: {
        ProcessorConfig: { Mode: "INLINE" },
        ...definitionOf({ RefundItem: invoke(MISSING_ARN) }),
      },
      End: true,
    },
  });

  expect(await startFailure(orderDeployment(definition))).toEqual(
    new Error(
      `Task state \`RefundItem\` invokes function \`${MISSING_ARN}\`, which the deployment does not contain ` +
        `(it contains: ${DEPLOYED_FUNCTIONS})`,
    ),
  );
});

test("fails when the function is chosen at run time with FunctionName.$", async () => {
  const definition = definitionOf({
    Dispatch: {
      Type: "Task",
      Resource: "arn:aws:states:::lambda:invoke",
      Parameters: { "FunctionName.$": "$.handler", "Payload.$": "$" },
      End: true,
    },
  });

  expect(await startFailure(orderDeployment(definition))).toEqual(
    new Error(
      "Task state `Dispatch` sets `FunctionName.$`, so its resource is chosen at run time; the local simulator " +
        "checks every resource against the deployment before running and needs a literal `FunctionName`",
    ),
  );
});

test("fails when a putItem writes to a table the deployment does not contain", async () => {
  const definition = definitionOf({
    Save: {
      Type: "Task",
      Resource: "arn:aws-us-gov:states:::dynamodb:putItem",
      Parameters: { TableName: "orders-v2", Item: { orderId: { "S.$": "$.orderId" } } },
      End: true,
    },
  });

  expect(await startFailure(orderDeployment(definition))).toEqual(
    new Error(
      "Task state `Save` writes to table `orders-v2`, which the deployment does not contain " +
        `(it contains: \`${ORDERS_TABLE}\`)`,
    ),
  );
});

test("fails when a publish goes to a topic the deployment does not contain", async () => {
  const definition = definitionOf({
    Notify: {
      Type: "Task",
      Resource: "arn:aws-cn:states:::sns:publish",
      Parameters: { TopicArn: `${TOPIC_ARN}-v2`, Message: "m" },
      End: true,
    },
  });

  expect(await startFailure(orderDeployment(definition))).toEqual(
    new Error(
      `Task state \`Notify\` publishes to topic \`${TOPIC_ARN}-v2\`, which the deployment does not contain ` +
        `(it contains: \`${TOPIC_ARN}\`)`,
    ),
  );
});

test("fails when a Task passes a parameter the simulator does not model", async () => {
  const definition = definitionOf({
    Notify: {
      Type: "Task",
      Resource: "arn:aws:states:::sns:publish",
      Parameters: { TopicArn: TOPIC_ARN, Message: "m", MessageStructure: "json" },
      End: true,
    },
  });

  expect(await startFailure(orderDeployment(definition))).toEqual(
    new Error(
      "Task state `Notify` passes `MessageStructure` to sns:publish, which the local simulator does not support; " +
        "it supports: TopicArn, Message, Subject, MessageAttributes (each but TopicArn may be given with .$)",
    ),
  );
});

test("fails when a function sets an environment variable that Lambda reserves", async () => {
  const deployment = orderDeployment();
  const [validate, ...others] = deployment.functions;
  if (validate === undefined) throw new Error("the fixture has no functions");
  const withReserved = {
    ...deployment,
    functions: [{ ...validate, environment: { AWS_REGION: "eu-west-1", STAGE: "test" } }, ...others],
  };

  expect(await startFailure(withReserved)).toEqual(
    new Error(
      "Function `order-fixture-validate-order` sets the reserved environment variables AWS_REGION; Lambda sets " +
        "these itself and refuses them: _HANDLER, _X_AMZN_TRACE_ID, AWS_REGION, AWS_DEFAULT_REGION, " +
        "AWS_EXECUTION_ENV, AWS_LAMBDA_FUNCTION_NAME, AWS_LAMBDA_FUNCTION_MEMORY_SIZE, AWS_LAMBDA_FUNCTION_VERSION, " +
        "AWS_LAMBDA_INITIALIZATION_TYPE, AWS_LAMBDA_LOG_GROUP_NAME, AWS_LAMBDA_LOG_STREAM_NAME, AWS_ACCESS_KEY, " +
        "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_LAMBDA_RUNTIME_API, LAMBDA_TASK_ROOT, " +
        "LAMBDA_RUNTIME_DIR",
    ),
  );
});

const INVALID_ASL = new Error(
  "The definition of state machine `order-fixture` is not valid: Error: State machine definition is invalid, " +
    "see error(s) below:\n MISSING_TRANSITION_TARGET: Missing 'StartAt'|'Next'|'Default' target: Missing\n" +
    "MISSING_TERMINAL_STATE: State machine fsm1 is missing a terminal state",
);

test("fails when the definition is not valid ASL", async () => {
  expect(await startFailure(orderDeployment({ StartAt: "Missing", States: {} }))).toEqual(INVALID_ASL);
});

test("fails again when the same invalid definition is given a second time", async () => {
  const deployment = orderDeployment({ StartAt: "Missing", States: {}, Comment: "given twice" });

  expect(await startFailure(deployment)).toEqual(INVALID_ASL);
  expect(await startFailure(deployment)).toEqual(INVALID_ASL);
});
