import fc from "fast-check";

import { FAILURE_QUEUED_ERROR, IDEMPOTENCY_ERRORS, STATES } from "../../components/order-definition";
import { PAYMENT_DECLINED_ERROR } from "../../functions/authorize-payment/errors";
import { taskRetriesOf, type TaskRetries } from "../../local/commands/bench/task-retries";
import { functionErrorsOf, scheduleArbitrary } from "./fault-arbitraries";
import { asExecutionInput, orderShapedArbitrary, validOrderArbitrary } from "./order-arbitraries";
import { PropertySimulator } from "./property-simulator";
import { expectedRun } from "./schedule-oracle";

/** Enough runs to combine faults on every state many times, within about 3 s on a CI core. */
const NUM_RUNS = 120;

let simulator: PropertySimulator;
let queuedRuns = 0;
let tasks: ReadonlyMap<string, TaskRetries>;

beforeAll(async () => {
  simulator = await PropertySimulator.start();
  tasks = taskRetriesOf(simulator.deployment);
});

afterAll(async () => {
  await simulator.close();
});

test("the schedule's function errors are drawn from the deployed retriers", () => {
  const withFunctionErrors = [...tasks.values()]
    .filter((task) => task.resourceType === "lambda")
    .map((task) => [task.stateName, functionErrorsOf(task)]);
  expect(withFunctionErrors).toEqual([
    [STATES.validate, []],
    [STATES.authorize, [PAYMENT_DECLINED_ERROR, ...IDEMPOTENCY_ERRORS]],
  ]);
});

test("any fault schedule: the outcome the schedule implies; a record and a notification, or the failure queue", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(validOrderArbitrary, orderShapedArbitrary),
      scheduleArbitrary(tasks),
      async (generated, schedule) => {
        const executionName = simulator.uniqueName("prop-fault");
        const input = asExecutionInput(generated, executionName);
        const expected = expectedRun(tasks, schedule, input, executionName);

        const { report, records, notifications, queued } = await simulator.run(
          input,
          executionName,
          schedule,
        );

        expect(report.statesEntered).toEqual(expected.statesEntered);
        expect(report.transitions).toBe(expected.transitions);
        expect(report.lambdaInvocations).toBe(expected.lambdaInvocations);
        expect(records.map((record) => [record.orderId, record.status, record.error])).toEqual(
          expected.recorded ? [[expected.key, expected.status, expected.authError]] : [],
        );
        if (expected.queued) {
          queuedRuns += 1;
          expect([report.status, report.error, queued]).toEqual(["FAILED", FAILURE_QUEUED_ERROR, 1]);
        } else {
          expect([report.status, queued]).toEqual(["SUCCEEDED", 0]);
          expect(notifications).toBeGreaterThanOrEqual(1);
        }
      },
    ),
    { numRuns: NUM_RUNS },
  );
  // The arbitrary must reach the failure queue, or the property would say nothing about it.
  expect(queuedRuns).toBeGreaterThan(0);
});
