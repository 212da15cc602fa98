import { planOrders } from "../../local/commands/start/planned-execution";
import { MAX_CONCURRENT_EXECUTIONS, runExecutions } from "../../local/commands/start/run-executions";
import type { ExecutionReport } from "../../local/engine/execution-report";
import type { LocalSimulator, RunOptions } from "../../local/engine/simulator";
import { orderDeployment } from "../fixtures/local/order-fixture";

/** What runExecutions calls of a simulator, with executions that each end a turn later, counted as they run. */
class CountingSimulator {
  inFlight = 0;
  mostAtOnce = 0;
  readonly started: string[] = [];

  async run(_input: unknown, options: RunOptions = {}): Promise<ExecutionReport> {
    const executionName = options.executionName ?? "unnamed";
    this.started.push(executionName);
    this.inFlight += 1;
    this.mostAtOnce = Math.max(this.mostAtOnce, this.inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    this.inFlight -= 1;
    return {
      executionName,
      executionArn: `arn:aws:states:us-east-1:123456789012:execution:order-fixture:${executionName}`,
      status: "SUCCEEDED",
      events: [],
      statesEntered: [],
      transitions: 0,
      lambdaInvocations: 0,
      lambdaLogs: [],
    };
  }

  items(): Promise<Record<string, unknown>[]> {
    return Promise.resolve([]);
  }

  notifications(): [] {
    return [];
  }

  queuedMessages(): [] {
    return [];
  }
}

const EXECUTIONS = planOrders(
  Array.from({ length: MAX_CONCURRENT_EXECUTIONS + 8 }, (_, index) => ({ orderId: `o-${index + 1}` })),
  5,
);

test.each([
  [
    `by default: ${MAX_CONCURRENT_EXECUTIONS} (MAX_CONCURRENT_EXECUTIONS)`,
    undefined,
    MAX_CONCURRENT_EXECUTIONS,
  ],
  ["with concurrency 1: one", 1, 1],
  ["with concurrency 3: three", 3, 3],
])("%s execution(s) at most run at once, started in order", async (_case, concurrency, most) => {
  const simulator = new CountingSimulator();
  const results = await runExecutions(
    simulator as unknown as LocalSimulator,
    orderDeployment(),
    EXECUTIONS,
    concurrency,
  );
  expect(simulator.mostAtOnce).toBe(most);
  expect(simulator.started).toEqual(EXECUTIONS.map((execution) => execution.name));
  expect(results.map((result) => [result.planned.name, result.report.executionName])).toEqual(
    EXECUTIONS.map((execution) => [execution.name, execution.name]),
  );
});
