import { LocalSimulator, type TaskCall } from "../../local/engine/simulator";
import { definitionOf, orderDeployment } from "../fixtures/local/order-fixture";

/**
 * The library's waits are setTimeout calls timestamped with Date.now, so a fake clock stands in for the real
 * seconds. Nothing else is faked: the simulator's own hand-offs (setImmediate), the Lambda workers and the
 * local DynamoDB keep running on the real event loop.
 */
function useFakeClock(): void {
  jest.useFakeTimers({
    doNotFake: [
      "hrtime",
      "nextTick",
      "performance",
      "queueMicrotask",
      "setImmediate",
      "clearImmediate",
      "setInterval",
      "clearInterval",
    ],
  });
}

afterEach(() => {
  jest.useRealTimers();
});

describe("with retryDelay honour (the default)", () => {
  let simulator: LocalSimulator;
  let firstAttemptFailed: () => void = () => undefined;

  beforeAll(async () => {
    simulator = await LocalSimulator.start(orderDeployment(), {
      injectFault: (call: TaskCall) => {
        if (call.stateName !== "ValidateOrder" || call.attempt !== 1) return undefined;
        firstAttemptFailed();
        return { code: "TooManyRequestsException", message: "Rate exceeded" };
      },
    });
  });

  afterAll(async () => {
    await simulator.close();
  });

  test("a retry waits the retrier's IntervalSeconds", async () => {
    useFakeClock();
    const failed = new Promise<void>((resolve) => {
      firstAttemptFailed = resolve;
    });
    const running = simulator.run({ orderId: "o-1", amount: 1, subject: "s" });
    await failed;
    // IntervalSeconds 1: the retry can only come once the clock has moved a second on.
    await jest.advanceTimersByTimeAsync(1000);
    const report = await running;

    const failure = report.events.find((event) => event.type === "StateFailed");
    const retry = report.events.find((event) => event.type === "StateRetried");
    expect(report.status).toBe("SUCCEEDED");
    expect((retry?.timestamp ?? 0) - (failure?.timestamp ?? Infinity)).toBe(1000);
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
    useFakeClock();
    const running = simulator.run({});
    // Long enough for the Wait to end, had the timeout not ended the execution first.
    await jest.advanceTimersByTimeAsync(5000);
    const report = await running;

    expect(report.status).toBe("TIMED_OUT");
    expect(report.events.map((event) => event.type)).toEqual([
      "ExecutionStarted",
      "StateEntered",
      "ExecutionTimeout",
    ]);
    const [started, , timedOut] = report.events;
    expect((timedOut?.timestamp ?? 0) - (started?.timestamp ?? Infinity)).toBe(1000);
  });
});
