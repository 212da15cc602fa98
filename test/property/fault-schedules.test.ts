import fc from "fast-check";

import { FAILURE_QUEUED_ERROR } from "../../components/order-definition";
import { PAYMENT_DECLINED_ERROR } from "../../functions/authorize-payment/errors";
import { taskRetriesOf, transientErrorsOf, type TaskRetries } from "../../local/commands/bench/task-retries";
import { asExecutionInput, orderShapedArbitrary, validOrderArbitrary } from "./order-arbitraries";
import { PropertySimulator, type FaultSchedule } from "./property-simulator";
import { expectedRun } from "./schedule-oracle";

/** Enough runs to combine faults on every state many times, within about 3 s on a CI core. */
const NUM_RUNS = 120;
/** Longer than any Lambda state's retries together, so that exhausting them (and the Catch) is reached. */
const MAX_LAMBDA_FAULTS = 8;

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

/**
 * Per Task state, errors for its first attempts, drawn from the errors its retriers name. A Lambda state may get
 * any number, since exhausting its retries is caught; a DynamoDB or SNS state up to one more than its retrier
 * allows, so that some schedules exhaust it and send the order to the failure queue.
 */
function scheduleArbitrary(): fc.Arbitrary<FaultSchedule> {
  const perState: Record<string, fc.Arbitrary<string[]>> = {};
  for (const task of tasks.values()) {
    const retriers = transientErrorsOf(task);
    const errors = retriers.flatMap((retrier) => retrier.errors);
    if (errors.length === 0) continue;
    if (task.resourceType === "lambda") {
      perState[task.stateName] = fc.array(fc.constantFrom(...errors), { maxLength: MAX_LAMBDA_FAULTS });
    } else if (task.resourceType === "dynamodb" || task.resourceType === "sns") {
      const budget = Math.min(...retriers.map((retrier) => retrier.maxAttempts));
      perState[task.stateName] = fc.array(fc.constantFrom(...errors), { maxLength: budget + 1 });
    }
  }
  return fc.record(perState);
}

test("the schedule's catch path is drawn from the deployed retriers", () => {
  const authorize = [...tasks.values()].find((task) =>
    transientErrorsOf(task).some((retrier) => retrier.errors.includes(PAYMENT_DECLINED_ERROR)),
  );
  expect(authorize?.resourceType).toBe("lambda");
});

test("any fault schedule: the outcome the schedule implies; a record and a notification, or the failure queue", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(validOrderArbitrary, orderShapedArbitrary),
      scheduleArbitrary(),
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
