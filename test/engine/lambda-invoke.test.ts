import type { HistoryEvent } from "../../local/engine/history";
import { SimulatorDefectError } from "../../local/engine/simulator-defect-error";
import { LocalSimulator, type InjectedFault, type TaskCall } from "../../local/engine/simulator";
import { CHARGE_NAME, orderDeployment, VALIDATE_ARN, VALIDATE_NAME } from "../fixtures/local/order-fixture";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

const calls: TaskCall[] = [];

function injectFault(call: TaskCall): InjectedFault | undefined {
  calls.push(call);
  if (call.executionName === "throttled" && call.stateName === "ValidateOrder" && call.attempt <= 2) {
    return { code: "TooManyRequestsException", message: `Rate exceeded (attempt ${call.attempt})` };
  }
  if (call.executionName === "broken-fault-hook") throw new Error("the fault hook is broken");
  if (call.executionName === "unknown-code" && call.stateName === "ValidateOrder")
    return { code: "Throttled" };
  if (call.executionName === "function-error-on-table" && call.stateName === "SaveOrder") {
    return { functionError: "PaymentDeclinedError" };
  }
  return undefined;
}

let simulator: LocalSimulator;

beforeAll(async () => {
  simulator = await LocalSimulator.start(orderDeployment(), { retryDelay: "skip", injectFault });
});

afterAll(async () => {
  await simulator.close();
});

function eventOf(
  events: readonly HistoryEvent[],
  type: HistoryEvent["type"],
  stateName: string,
): HistoryEvent {
  const event = events.find((candidate) => candidate.type === type && candidate.stateName === stateName);
  if (event === undefined) throw new Error(`no ${type} event for ${stateName}`);
  return event;
}

async function defectOf(run: Promise<unknown>): Promise<SimulatorDefectError> {
  const error = await run.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  if (!(error instanceof SimulatorDefectError))
    throw new Error(`expected a SimulatorDefectError, got ${String(error)}`);
  return error;
}

test("returns the handler's value in the result shape of Step Functions' lambda:invoke", async () => {
  const report = await simulator.run({ orderId: "o-happy", amount: 25, subject: "Your order" });

  expect(report.status).toBe("SUCCEEDED");
  expect(report.statesEntered).toEqual(["ValidateOrder", "ChargeCard", "SaveOrder", "NotifyCustomer"]);
  expect(report.transitions).toBe(4);
  expect(report.lambdaInvocations).toBe(2);
  const [validateLog, chargeLog] = report.lambdaLogs;
  const requestId = validateLog?.requestId ?? "";
  expect(requestId).toMatch(UUID);
  expect(report.output).toEqual({
    orderId: "o-happy",
    amount: 25,
    subject: "Your order",
    validation: {
      ExecutedVersion: "$LATEST",
      Payload: {
        received: { orderId: "o-happy", amount: 25 },
        stage: "test",
        path: null,
        // The function's own variables, those Lambda sets (credentials included), and the local DynamoDB's
        // endpoint, which only the simulator adds.
        environmentNames: [
          "AWS_ACCESS_KEY_ID",
          "AWS_DEFAULT_REGION",
          "AWS_ENDPOINT_URL_DYNAMODB",
          "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
          "AWS_LAMBDA_FUNCTION_NAME",
          "AWS_REGION",
          "AWS_SECRET_ACCESS_KEY",
          "AWS_SESSION_TOKEN",
          "STAGE",
        ],
        context: {
          functionName: VALIDATE_NAME,
          functionVersion: "$LATEST",
          invokedFunctionArn: VALIDATE_ARN,
          memoryLimitInMB: "256",
          awsRequestId: requestId,
          logGroupName: `/aws/lambda/${VALIDATE_NAME}`,
          hasTimeLeft: true,
        },
      },
      SdkHttpMetadata: { HttpStatusCode: 200 },
      SdkResponseMetadata: { RequestId: requestId },
      StatusCode: 200,
    },
    charge: { chargeId: "ch-o-happy" },
    notification: {
      MessageId: expect.stringMatching(UUID) as unknown,
      SdkHttpMetadata: { HttpStatusCode: 200 },
      SdkResponseMetadata: { RequestId: expect.stringMatching(UUID) as unknown },
    },
  });
  expect(report.executionName).toMatch(UUID);
  expect(report.executionArn).toBe(
    `arn:aws:states:us-east-1:123456789012:execution:order-fixture:${report.executionName}`,
  );
  expect(validateLog?.stateName).toBe("ValidateOrder");
  expect(validateLog?.functionName).toBe(VALIDATE_NAME);
  const [line, ...otherLines] = validateLog?.lines ?? [];
  const [timestamp, lineRequestId, level, message] = (line ?? "").split("\t");
  expect([lineRequestId, level, message, otherLines]).toEqual([
    requestId,
    "INFO",
    "validating order o-happy",
    [],
  ]);
  expect(timestamp).toMatch(ISO_TIMESTAMP);
  expect(chargeLog).toEqual({
    stateName: "ChargeCard",
    functionName: CHARGE_NAME,
    requestId: expect.stringMatching(UUID) as unknown,
    lines: [],
  });
});

test("a handler that throws a named error fails the task with that name and Lambda's JSON cause", async () => {
  const report = await simulator.run({ orderId: "o-declined", amount: 5000, subject: "s" });

  const failed = eventOf(report.events, "StateFailed", "ChargeCard");
  expect(failed.error).toBe("PaymentDeclinedError");
  const cause = JSON.parse(failed.cause ?? "") as { trace: string[] };
  expect(Object.keys(cause)).toEqual(["errorType", "errorMessage", "trace"]);
  expect(cause).toMatchObject({
    errorType: "PaymentDeclinedError",
    errorMessage: "Card declined for order o-declined: 5000 exceeds the limit of 1000",
  });
  expect(cause.trace[0]).toBe(
    "PaymentDeclinedError: Card declined for order o-declined: 5000 exceeds the limit of 1000",
  );
  expect(cause.trace[1]).toMatch(/^ {4}at handler \(file:\/\/\/.+\/index\.mjs:\d+:\d+\)$/);
  const caught = eventOf(report.events, "StateCaught", "ChargeCard");
  expect([caught.error, caught.cause]).toEqual(["PaymentDeclinedError", failed.cause]);
  expect(report.statesEntered).toEqual(["ValidateOrder", "ChargeCard", "NotifyFailure", "PaymentFailed"]);
  expect([report.status, report.error, report.cause]).toEqual([
    "FAILED",
    "PaymentFailed",
    "The card could not be charged",
  ]);
  const published = simulator.notifications().filter((n) => n.executionName === report.executionName);
  expect(published.map((n) => [n.stateName, n.subject, n.message])).toEqual([
    ["NotifyFailure", "Payment failed", failed.cause],
  ]);
});

test("an injected TooManyRequestsException is Lambda.TooManyRequestsException, retried twice, then the task succeeds", async () => {
  const report = await simulator.run(
    { orderId: "o-throttled", amount: 7, subject: "s" },
    { executionName: "throttled" },
  );

  expect(report.status).toBe("SUCCEEDED");
  const ofThisRun = calls.filter((call) => call.executionName === "throttled");
  expect(ofThisRun.map((call) => [call.stateName, call.attempt])).toEqual([
    ["ValidateOrder", 1],
    ["ValidateOrder", 2],
    ["ValidateOrder", 3],
    ["ChargeCard", 1],
    ["SaveOrder", 1],
    ["NotifyCustomer", 1],
  ]);
  expect(ofThisRun[0]).toEqual({
    stateName: "ValidateOrder",
    integration: "lambda:invoke",
    resourceName: VALIDATE_NAME,
    attempt: 1,
    executionName: "throttled",
  });
  const retries = report.events.filter((event) => event.type === "StateRetried");
  expect(retries.map((event) => [event.stateName, event.error, event.cause, event.retryAttempt])).toEqual([
    ["ValidateOrder", "Lambda.TooManyRequestsException", throttled(1), 1],
    ["ValidateOrder", "Lambda.TooManyRequestsException", throttled(2), 2],
  ]);
  expect(report.statesEntered).toEqual(["ValidateOrder", "ChargeCard", "SaveOrder", "NotifyCustomer"]);
  // 4 states entered + 2 retries.
  expect(report.transitions).toBe(6);
  // The throttled calls never reached the handler.
  expect(report.lambdaInvocations).toBe(2);
});

/** The Cause Step Functions reports for Lambda's throttling answer, in the AWS SDK for Java's words. */
function throttled(attempt: number): unknown {
  return expect.stringMatching(
    new RegExp(
      `^Rate exceeded \\(attempt ${attempt}\\) \\(Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException; ` +
        `Request ID: [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}; Proxy: null\\)$`,
    ),
  );
}

test.each([
  [
    "unknown-code",
    "ValidateOrder",
    "`Throttled` is not an error code of lambda:invoke; its API's codes are: CodeArtifactUserDeletedException, ",
  ],
  [
    "function-error-on-table",
    "SaveOrder",
    "A function error was injected into `SaveOrder`, a dynamodb:putItem Task",
  ],
])(
  "fails when a fault the service could not answer is injected: %s",
  async (executionName, state, message) => {
    const defect = await defectOf(
      simulator.run({ orderId: `o-${executionName}`, amount: 1, subject: "s" }, { executionName }),
    );

    expect(defect.stateName).toBe(state);
    expect(String(defect.cause)).toContain(message);
  },
);

test("a handler that outlives its timeout fails with Sandbox.Timedout; the next call gets a fresh environment", async () => {
  const report = await simulator.run({ orderId: "o-slow", amount: 1, subject: "s", behaviour: "hang" });

  const failed = eventOf(report.events, "StateFailed", "ChargeCard");
  expect(failed.error).toBe("Sandbox.Timedout");
  const cause = JSON.parse(failed.cause ?? "") as { errorType: string; errorMessage: string };
  expect(Object.keys(cause)).toEqual(["errorType", "errorMessage"]);
  expect(cause.errorType).toBe("Sandbox.Timedout");
  const requestId = report.lambdaLogs[1]?.requestId ?? "";
  const [timestamp, messageRequestId, ...rest] = cause.errorMessage.split(" ");
  expect(timestamp).toMatch(ISO_TIMESTAMP);
  expect(messageRequestId).toBe(requestId);
  expect(rest.join(" ")).toBe("Task timed out after 1.00 seconds");
  expect(report.lambdaInvocations).toBe(2);
  expect([report.status, report.error]).toEqual(["FAILED", "PaymentFailed"]);

  const next = await simulator.run({ orderId: "o-after-slow", amount: 1, subject: "s" });
  expect(next.status).toBe("SUCCEEDED");
});

test("fails when a handler throws a TypeError, although a States.ALL Catch absorbs it in the execution", async () => {
  const defect = await defectOf(
    simulator.run({ orderId: "o-bug", amount: 1, subject: "s", behaviour: "bug" }),
  );

  expect(defect.stateName).toBe("ChargeCard");
  expect(defect.errorName).toBe("TypeError");
  expect(defect.message).toBe(
    "State `ChargeCard` failed with the JavaScript built-in error `TypeError`: Cannot read properties of undefined " +
      "(reading 'number'). That means a bug in a handler, its build or the local simulator, not a service failure, " +
      "so the simulator does not let a Retry or Catch of the workflow absorb it.",
  );
  // Without the check, the Catch would have turned the bug into an ordinary declined payment.
  expect(eventOf(defect.events, "StateCaught", "ChargeCard").error).toBe("TypeError");
});

test("fails when the simulator's own code throws, stopping the execution before any Retry or Catch", async () => {
  const defect = await defectOf(
    simulator.run({ orderId: "o-hook", amount: 1, subject: "s" }, { executionName: "broken-fault-hook" }),
  );

  expect([defect.stateName, defect.errorName]).toEqual(["ValidateOrder", "Error"]);
  expect(defect.message).toBe(
    "The local simulator's own code failed in Task state `ValidateOrder` with Error: the fault hook is broken; " +
      "the execution was stopped so that no Retry or Catch could take it for a service error.",
  );
  expect(defect.cause).toEqual(new Error("the fault hook is broken"));
  expect(defect.events.map((event) => event.type)).toEqual([
    "ExecutionStarted",
    "StateEntered",
    "ExecutionAborted",
  ]);
});
