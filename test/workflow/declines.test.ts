import { STATES } from "../../components/order-definition";
import type { LocalSimulator } from "../../local/engine/simulator";
import { startDev } from "./harness";

let simulator: LocalSimulator;

beforeAll(async () => {
  simulator = await startDev({ failureRate: "1" });
});

afterAll(async () => {
  await simulator.close();
});

test("a gateway that always declines: the handler's named error is retried three times, then FAILED_AUTH", async () => {
  const report = await simulator.run({ orderId: "o-declined", amount: 99.99 }, { executionName: "declined" });

  expect(report.status).toBe("SUCCEEDED");
  expect(report.statesEntered).toEqual([
    STATES.validate,
    STATES.isValid,
    STATES.authorize,
    STATES.persistAuthFailed,
    STATES.notifyAuthFailed,
  ]);
  const retried = report.events.filter((event) => event.type === "StateRetried");
  expect(retried.map((event) => [event.stateName, event.error])).toEqual([
    [STATES.authorize, "PaymentDeclinedError"],
    [STATES.authorize, "PaymentDeclinedError"],
    [STATES.authorize, "PaymentDeclinedError"],
  ]);
  expect(report.transitions).toBe(8);
  expect(report.lambdaInvocations).toBe(5);

  const items = await simulator.items("order-workflow-dev-orders");
  const [record, ...others] = items.filter((item) => item.executionArn === report.executionArn);
  expect(others).toEqual([]);
  expect(record).toMatchObject({
    orderId: "o-declined",
    status: "FAILED_AUTH",
    amount: 99.99,
    error: "PaymentDeclinedError",
  });
  const detail = JSON.parse(String(record?.detail)) as { Error: string; Cause: string };
  expect(detail.Error).toBe("PaymentDeclinedError");
  expect(JSON.parse(detail.Cause)).toMatchObject({
    errorType: "PaymentDeclinedError",
    errorMessage: "Payment declined for order o-declined",
  });
  expect(simulator.notifications().map((n) => [n.subject, n.message])).toEqual([
    ["Order authorization failed", "Order o-declined FAILED AUTH: PaymentDeclinedError"],
  ]);
});
