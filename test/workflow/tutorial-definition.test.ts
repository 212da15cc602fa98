import * as fs from "node:fs";
import * as path from "node:path";
import type { Deployment } from "../../local/model/deployment";
import { LocalSimulator } from "../../local/engine/simulator";
import { cachedSynthesis } from "../../local/capture/synth-cache";

const FIXTURES = path.join(__dirname, "..", "fixtures", "tutorial");
const ACCOUNT = "123456789012";
const VALIDATE_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:OrderValidateFunction-sf-order-lab`;
const AUTH_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:PaymentAuthorizeFunction-sf-order-lab`;
const TABLE = "Orders-sf-order-lab";
const TOPIC_ARN = `arn:aws:sns:us-east-1:${ACCOUNT}:order-events-sf-order-lab`;

/** The tutorial's lab (section 10, steps 2 to 9), deployed as its CLI commands would deploy it. */
function tutorialDeployment(failureRate: string): Deployment {
  const definition = fs
    .readFileSync(path.join(FIXTURES, "state-machine.json.template"), "utf8")
    .replaceAll("$VALIDATE_FN_ARN", VALIDATE_ARN)
    .replaceAll("$AUTH_FN_ARN", AUTH_ARN)
    .replaceAll("$TABLE_NAME", TABLE)
    .replaceAll("$TOPIC_ARN", TOPIC_ARN);
  const fn = (name: string, arn: string, file: string, environment: Record<string, string>) => ({
    name,
    arn,
    handler: "index.handler",
    files: { "index.mjs": fs.readFileSync(path.join(FIXTURES, file), "utf8") },
    environment,
    timeoutSeconds: 3,
    memorySizeMb: 128,
  });
  return {
    stateMachineName: "OrderWorkflow-sf-order-lab",
    stateMachineArn: `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:OrderWorkflow-sf-order-lab`,
    liveAliasArn: `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:OrderWorkflow-sf-order-lab:live`,
    region: "us-east-1",
    accountId: ACCOUNT,
    definition,
    functions: [
      fn("OrderValidateFunction-sf-order-lab", VALIDATE_ARN, "validate.mjs", {}),
      fn("PaymentAuthorizeFunction-sf-order-lab", AUTH_ARN, "authorize.mjs", { FAILURE_RATE: failureRate }),
    ],
    tables: [
      {
        name: TABLE,
        arn: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${TABLE}`,
        hashKey: "orderId",
        attributes: [{ name: "orderId", type: "S" }],
      },
    ],
    topics: [{ name: "order-events-sf-order-lab", arn: TOPIC_ARN }],
    queues: [],
  };
}

describe.each([
  ["the payment is authorized", "0", { orderId: "o-2001", amount: 25 }, "AUTHORIZED", "NotifyAuthorized"],
  ["the payment fails", "1", { orderId: "o-2002", amount: 25 }, "FAILED_AUTH", "NotifyAuthFailed"],
])("the tutorial's own definition, when %s", (_case, failureRate, order, status, failedState) => {
  let simulator: LocalSimulator;

  beforeAll(async () => {
    simulator = await LocalSimulator.start(tutorialDeployment(failureRate), { retryDelay: "skip" });
  });

  afterAll(async () => {
    await simulator.close();
  });

  test("writes the record, then fails at the notification: PutItem's result replaced the order", async () => {
    const report = await simulator.run(order, { executionName: "lab" });

    expect(report.status).toBe("FAILED");
    expect(report.error).toBe("States.Runtime");
    expect(report.statesEntered.at(-1)).toBe(failedState);
    expect((await simulator.items(TABLE)).map((item) => [item.orderId, item.status])).toEqual([
      [order.orderId, status],
    ]);
    expect(simulator.notifications()).toEqual([]);
  });
});

describe("the tutorial's own definition, with inputs ours handles", () => {
  let simulator: LocalSimulator;

  beforeAll(async () => {
    simulator = await LocalSimulator.start(tutorialDeployment("0"), { retryDelay: "skip" });
  });

  afterAll(async () => {
    await simulator.close();
  });

  test("an order without orderId crashes PersistInvalidOrder and leaves no record", async () => {
    const report = await simulator.run({ amount: 5 }, { executionName: "no-id" });

    expect(report.status).toBe("FAILED");
    expect(report.error).toBe("States.Runtime");
    expect(report.statesEntered.at(-1)).toBe("PersistInvalidOrder");
    expect(await simulator.items(TABLE)).toEqual([]);
  });

  test("`amount: true` passes its validation and is sent to payment", async () => {
    const report = await simulator.run({ orderId: "o-bool", amount: true }, { executionName: "bool" });

    expect(report.statesEntered).toContain("AuthorizePayment");
  });
});

describe("ours, on the same inputs", () => {
  let simulator: LocalSimulator;

  beforeAll(async () => {
    const { deployment } = await cachedSynthesis("dev");
    simulator = await LocalSimulator.start(deployment, { retryDelay: "skip" });
  });

  afterAll(async () => {
    await simulator.close();
  });

  test.each([
    [{ orderId: "o-2001", amount: 25 }, "ok"],
    [{ amount: 5 }, "no-id"],
    [{ orderId: "o-bool", amount: true }, "bool"],
  ])("%j succeeds with exactly one record and one notification", async (input, executionName) => {
    const report = await simulator.run(input, { executionName });

    expect(report.status).toBe("SUCCEEDED");
    const records = (await simulator.items("order-workflow-dev-orders")).filter(
      (item) => item.executionArn === report.executionArn,
    );
    expect(records).toHaveLength(1);
    expect(simulator.notifications().filter((n) => n.executionName === executionName)).toHaveLength(1);
    expect(report.statesEntered.includes("AuthorizePayment")).toBe(executionName === "ok");
  });
});
