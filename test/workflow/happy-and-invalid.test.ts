import { STATES } from "../../components/order-definition";
import type { LocalSimulator } from "../../local/engine/simulator";
import { JAVASCRIPT_BUILT_IN_ERRORS, startDev } from "./harness";

let simulator: LocalSimulator;

beforeAll(async () => {
  simulator = await startDev({ failureRate: "0" });
});

afterAll(async () => {
  await simulator.close();
});

const TOPIC = "arn:aws:sns:us-east-1:123456789012:order-workflow-dev-order-events";
const EXECUTION_PREFIX = "arn:aws:states:us-east-1:123456789012:execution:order-workflow-dev-state-machine";

async function recordsOf(executionArn: string): Promise<Record<string, unknown>[]> {
  const items = await simulator.items("order-workflow-dev-orders");
  return items.filter((item) => item.executionArn === executionArn);
}

function notificationsOf(executionName: string) {
  return simulator.notifications().filter((notification) => notification.executionName === executionName);
}

test("the workflow runs on Node 24, the Lambda runtime's version", () => {
  expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(24);
});

test("a valid order is authorized, recorded once and notified", async () => {
  const report = await simulator.run(
    { orderId: "o-2001", amount: 25.5, currency: "EUR" },
    { executionName: "happy" },
  );

  expect(report.status).toBe("SUCCEEDED");
  expect(report.statesEntered).toEqual([
    STATES.validate,
    STATES.isValid,
    STATES.authorize,
    STATES.persistAuthorized,
    STATES.notifyAuthorized,
  ]);
  expect(report.transitions).toBe(5);
  expect(report.lambdaInvocations).toBe(2);
  const [record, ...others] = await recordsOf(`${EXECUTION_PREFIX}:happy`);
  expect(others).toEqual([]);
  expect(record).toEqual({
    orderId: "o-2001",
    status: "AUTHORIZED",
    amount: 25.5,
    currency: "EUR",
    authorizationId: expect.stringMatching(/^auth-[0-9a-f-]{36}$/) as unknown,
    executionArn: `${EXECUTION_PREFIX}:happy`,
    receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
  });
  expect(notificationsOf("happy")).toEqual([
    {
      topicArn: TOPIC,
      subject: "Order authorized",
      message: `Order o-2001 AUTHORIZED with ${String(record?.authorizationId)}`,
      messageAttributes: { status: { DataType: "String", StringValue: "AUTHORIZED" } },
      executionName: "happy",
      stateName: STATES.notifyAuthorized,
    },
  ]);
  expect(report.events.filter((event) => event.error !== undefined)).toEqual([]);
});

test("the currency defaults to USD", async () => {
  const report = await simulator.run({ orderId: "o-usd", amount: 1 }, { executionName: "usd" });
  const [record] = await recordsOf(report.executionArn);
  expect(record).toMatchObject({ orderId: "o-usd", status: "AUTHORIZED", amount: 1, currency: "USD" });
});

const AMOUNT_RULE =
  "amount must be a number greater than 0 and at most 1000000, with at most 2 decimal places";
const ORDER_ID_RULE =
  "orderId must be a string of 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";

describe.each([
  [
    "amount is a boolean",
    { orderId: "o-b", amount: true },
    "o-b",
    [`${AMOUNT_RULE}; received true (a boolean)`],
  ],
  ["amount is a string", { orderId: "o-s", amount: "10" }, "o-s", [`${AMOUNT_RULE}; received "10"`]],
  ["amount is null", { orderId: "o-n", amount: null }, "o-n", [`${AMOUNT_RULE}; received null`]],
  ["amount is zero", { orderId: "o-z", amount: 0 }, "o-z", [`${AMOUNT_RULE}; received 0 (a number)`]],
  ["amount is missing", { orderId: "o-m" }, "o-m", ["amount is required"]],
  [
    "amount has three decimals",
    { orderId: "o-d", amount: 10.005 },
    "o-d",
    [`${AMOUNT_RULE}; received 10.005 (a number)`],
  ],
  [
    "currency is lower case",
    { orderId: "o-c", amount: 5, currency: "usd" },
    "o-c",
    ['currency must be an ISO 4217 code of three uppercase letters; received "usd"'],
  ],
  ["orderId is missing", { amount: 5 }, "execution:no-id", ["orderId is required"]],
  ["orderId is empty", { orderId: "", amount: 5 }, "execution:empty-id", [`${ORDER_ID_RULE}; received ""`]],
  [
    "orderId is a number",
    { orderId: 42, amount: 5 },
    "execution:numeric-id",
    [`${ORDER_ID_RULE}; received 42 (a number)`],
  ],
  [
    "orderId is longer than a key may be",
    { orderId: "o".repeat(65), amount: 5 },
    "execution:long-id",
    [`${ORDER_ID_RULE}; received "${"o".repeat(32)}…" (65 characters)`],
  ],
  ["the input is an array", [1, 2], "execution:array", ["order must be a JSON object; received an array"]],
  ["the input is a string", "o-1", "execution:string", ["order must be a JSON object; received a string"]],
  ["the input is a number", 7, "execution:number", ["order must be a JSON object; received a number"]],
  ["the input is a boolean", false, "execution:boolean", ["order must be a JSON object; received a boolean"]],
  ["the input is null", null, "execution:null", ["order must be a JSON object; received null"]],
])("an invalid order (%s)", (_case, input, key, errors) => {
  const executionName = key.startsWith("execution:") ? key.slice("execution:".length) : `invalid-${key}`;

  test("is recorded INVALID under its key, notified, and never reaches the payment function", async () => {
    const report = await simulator.run(input, { executionName });

    expect(report.status).toBe("SUCCEEDED");
    expect(report.statesEntered).toEqual([
      STATES.validate,
      STATES.isValid,
      STATES.persistInvalid,
      STATES.notifyInvalid,
    ]);
    expect(report.lambdaInvocations).toBe(1);
    expect(await recordsOf(report.executionArn)).toEqual([
      {
        orderId: key,
        status: "INVALID",
        detail: JSON.stringify(errors),
        executionArn: report.executionArn,
        receivedAt: expect.any(String) as unknown,
      },
    ]);
    expect(notificationsOf(executionName)).toEqual([
      {
        topicArn: TOPIC,
        subject: "Order invalid",
        message: `Order ${key} is INVALID: ${JSON.stringify(errors)}`,
        messageAttributes: { status: { DataType: "String", StringValue: "INVALID" } },
        executionName,
        stateName: STATES.notifyInvalid,
      },
    ]);
    const errorsSeen = report.events.flatMap((event) => (event.error === undefined ? [] : [event.error]));
    expect(errorsSeen.filter((name) => JAVASCRIPT_BUILT_IN_ERRORS.has(name))).toEqual([]);
  });
});
