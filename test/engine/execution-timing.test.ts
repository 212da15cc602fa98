import { LocalSimulator, type TaskCall } from "../../local/engine/simulator";
import { definitionOf, orderDeployment } from "../fixtures/local/order-fixture";

describe("with retryDelay honour (the default)", () => {
  let simulator: LocalSimulator;

  beforeAll(async () => {
    simulator = await LocalSimulator.start(orderDeployment(), {
      injectFault: (call: TaskCall) =>
        call.stateName === "ValidateOrder" && call.attempt === 1
          ? { error: "Lambda.TooManyRequestsException", cause: "Rate exceeded" }
          : undefined,
    });
  });

  afterAll(async () => {
    await simulator.close();
  });

  test("a retry waits the retrier's IntervalSeconds", async () => {
    const report = await simulator.run({ orderId: "o-1", amount: 1, subject: "s" });

    const failed = report.events.find((event) => event.type === "StateFailed");
    const retried = report.events.find((event) => event.type === "StateRetried");
    expect(report.status).toBe("SUCCEEDED");
    // IntervalSeconds 1; a timer may fire a millisecond early against Date.now.
    expect((retried?.timestamp ?? 0) - (failed?.timestamp ?? Infinity)).toBeGreaterThanOrEqual(999);
  });
});

describe("a state machine with TimeoutSeconds", () => {
  let simulator: LocalSimulator;

  beforeAll(async () => {
    const definition = {
      TimeoutSeconds: 1,
      ...definitionOf({ Pause: { Type: "Wait", Seconds: 5, End: true } }),
    };
    simulator = await LocalSimulator.start(orderDeployment(definition));
  });

  afterAll(async () => {
    await simulator.close();
  });

  test("times out after it", async () => {
    const report = await simulator.run({});

    expect(report.status).toBe("TIMED_OUT");
    expect(report.events.map((event) => event.type)).toEqual([
      "ExecutionStarted",
      "StateEntered",
      "ExecutionTimeout",
    ]);
  });
});
