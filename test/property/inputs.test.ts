import fc from "fast-check";

import { ORDER_STATUS, STATES } from "../../components/order-definition";
import { validateOrder } from "../../functions/validate-order/validate-order";
import { functionOfState } from "../../local/commands/bench/task-retries";
import { asExecutionInput, executionInputArbitrary } from "./order-arbitraries";
import { PropertySimulator } from "./property-simulator";

/** Enough runs to reach every validation rule many times, within about 2 s on a CI core. */
const NUM_RUNS = 120;

let simulator: PropertySimulator;
let authorizeFunctionName: string;

beforeAll(async () => {
  simulator = await PropertySimulator.start();
  const name = functionOfState(simulator.deployment).get(STATES.authorize);
  if (name === undefined) throw new Error(`\`${STATES.authorize}\` invokes no deployed function`);
  authorizeFunctionName = name;
});

afterAll(async () => {
  await simulator.close();
});

test("any JSON input: one record under its key, a notification, and an invalid order never reaches payment", async () => {
  await fc.assert(
    fc.asyncProperty(executionInputArbitrary, async (generated) => {
      const executionName = simulator.uniqueName("prop-in");
      const input = asExecutionInput(generated, executionName);
      const validation = validateOrder(input, executionName);

      const { report, records, notifications } = await simulator.run(input, executionName);

      expect(report.status).toBe("SUCCEEDED");
      expect(records.map((record) => [record.orderId, record.status])).toEqual([
        [validation.orderKey, validation.isValid ? ORDER_STATUS.authorized : ORDER_STATUS.invalid],
      ]);
      expect(notifications).toBeGreaterThanOrEqual(1);
      const authorizeRuns = report.lambdaLogs.filter((log) => log.functionName === authorizeFunctionName);
      expect([report.statesEntered.includes(STATES.authorize), authorizeRuns.length]).toEqual(
        validation.isValid ? [true, 1] : [false, 0],
      );
    }),
    { numRuns: NUM_RUNS },
  );
});
