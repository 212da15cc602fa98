import { FAILURE_QUEUED_ERROR, STATES } from "../../components/order-definition";
import type { InjectedFault, LocalSimulator, TaskCall } from "../../local/engine/simulator";
import { startDev } from "./harness";

const TABLE = "order-workflow-dev-orders";
const QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/order-workflow-dev-failures";

/** Every attempt of the named state fails with the service's error code, for the executions named here. */
const ALWAYS_FAILING: Readonly<Record<string, { state: string; code: string }>> = {
  "table-down": { state: STATES.persistAuthorized, code: "InternalServerError" },
  "topic-down": { state: STATES.notifyInvalid, code: "InternalError" },
  "everything-down": { state: STATES.persistAuthorized, code: "ThrottlingException" },
};

function injectFault(call: TaskCall): InjectedFault | undefined {
  const queueDown = call.executionName === "everything-down" && call.stateName === STATES.sendToFailureQueue;
  if (queueDown) return { code: "KmsThrottled", message: `injected #${call.attempt}` };
  const plan = ALWAYS_FAILING[call.executionName];
  return plan?.state === call.stateName
    ? { code: plan.code, message: `injected #${call.attempt}` }
    : undefined;
}

/** The Cause Step Functions reports for a service's answer, in the AWS SDK for Java's words. */
function causeOf(message: string, service: string, status: number, code: string): unknown {
  return expect.stringMatching(
    new RegExp(
      `^${message} \\(Service: ${service}; Status Code: ${status}; Error Code: ${code}; Request ID: [0-9a-f-]{36}; Proxy: null\\)$`,
    ),
  );
}

let simulator: LocalSimulator;

beforeAll(async () => {
  simulator = await startDev({ failureRate: "0" }, { injectFault });
});

afterAll(async () => {
  await simulator.close();
});

function queuedBy(executionName: string) {
  return simulator.queuedMessages().filter((message) => message.executionName === executionName);
}

async function recordsOf(executionArn: string) {
  return (await simulator.items(TABLE)).filter((item) => item.executionArn === executionArn);
}

test("a table that stays down: the order and the error go to the failure queue, the execution fails in a named state", async () => {
  const report = await simulator.run(
    { orderId: "o-lost-table", amount: 12 },
    { executionName: "table-down" },
  );

  expect(report.status).toBe("FAILED");
  expect([report.error, report.cause]).toEqual([
    FAILURE_QUEUED_ERROR,
    "The order could not be recorded or notified after retries; it is in the failure queue with the error.",
  ]);
  expect(report.statesEntered).toEqual([
    STATES.validate,
    STATES.isValid,
    STATES.authorize,
    STATES.persistAuthorized,
    STATES.sendToFailureQueue,
    STATES.failureQueued,
  ]);
  // DYNAMODB_TRANSIENT_RETRIER: 4 retries, then the Catch.
  expect(report.events.filter((event) => event.type === "StateRetried")).toHaveLength(4);
  expect(await recordsOf(report.executionArn)).toEqual([]);

  const [message, ...others] = queuedBy("table-down");
  expect(others).toEqual([]);
  expect(message?.queueUrl).toBe(QUEUE_URL);
  expect(message?.messageAttributes).toEqual({
    error: { DataType: "String", StringValue: "DynamoDB.InternalServerErrorException" },
  });
  expect(JSON.parse(message?.body ?? "null")).toEqual({
    executionArn: report.executionArn,
    state: {
      isValid: true,
      orderKey: "o-lost-table",
      order: { orderId: "o-lost-table", amount: 12, currency: "USD" },
      errors: [],
      payment: { authorizationId: expect.any(String) as unknown },
      failure: {
        Error: "DynamoDB.InternalServerErrorException",
        Cause: causeOf("injected #5", "AmazonDynamoDBv2", 500, "InternalServerError"),
      },
    },
  });
});

test("a topic that stays down after the record was written: the record stays, the order is also queued", async () => {
  const report = await simulator.run({ orderId: "o-unheard", amount: -1 }, { executionName: "topic-down" });

  expect(report.status).toBe("FAILED");
  expect(report.error).toBe(FAILURE_QUEUED_ERROR);
  expect(report.statesEntered.slice(-3)).toEqual([
    STATES.notifyInvalid,
    STATES.sendToFailureQueue,
    STATES.failureQueued,
  ]);
  expect((await recordsOf(report.executionArn)).map((item) => [item.orderId, item.status])).toEqual([
    ["o-unheard", "INVALID"],
  ]);
  expect(queuedBy("topic-down").map((message) => message.messageAttributes?.error?.StringValue)).toEqual([
    "SNS.InternalErrorException",
  ]);
});

test("a failure queue that also stays down fails the execution with the queue's error, for the alarm to see", async () => {
  const report = await simulator.run(
    { orderId: "o-nowhere", amount: 12 },
    { executionName: "everything-down" },
  );

  expect(report.status).toBe("FAILED");
  expect([report.error, report.cause]).toEqual([
    "SQS.KmsThrottledException",
    causeOf("injected #7", "AmazonSQS", 400, "KmsThrottled"),
  ]);
  expect(
    report.events.filter((event) => event.type === "StateRetried").map((event) => event.stateName),
  ).toEqual([
    ...Array<string>(4).fill(STATES.persistAuthorized),
    ...Array<string>(6).fill(STATES.sendToFailureQueue),
  ]);
  expect(queuedBy("everything-down")).toEqual([]);
});
