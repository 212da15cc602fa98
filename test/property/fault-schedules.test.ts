import fc from "fast-check";

import {
  CONDITIONAL_CHECK_FAILED,
  FAILURE_QUEUED_ERROR,
  IDEMPOTENCY_ERRORS,
  STATES,
} from "../../components/order-definition";
import { PAYMENT_DECLINED_ERROR } from "../../functions/authorize-payment/errors";
import { taskRetriesOf, type TaskRetries } from "../../local/commands/bench/task-retries";
import { raisedErrorNames, SERVICE_ERRORS } from "../../local/engine/aws-errors";
import type { InjectedFault } from "../../local/engine/simulator";
import { asExecutionInput, orderShapedArbitrary, validOrderArbitrary } from "./order-arbitraries";
import { PropertySimulator, type FaultSchedule } from "./property-simulator";
import { expectedRun, integrationOf } from "./schedule-oracle";

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
 * The function errors a Lambda state's retriers name: names that are neither `States.*` nor one Lambda's
 * service raises. The property injects them as the function's own errors.
 */
function functionErrorsOf(task: TaskRetries): string[] {
  const serviceNames = raisedErrorNames(integrationOf(task));
  return task.retriers
    .flatMap((retrier) => retrier.errorEquals)
    .filter((name) => !name.startsWith("States.") && !serviceNames.includes(name));
}

/**
 * Faults a state's service can answer with, as API error codes: mostly the transient ones, which its retriers
 * must absorb, and any other of its API's codes, which its Catch must handle. A refused conditional write is left
 * out: it is an answer to a record that exists, which these runs never have.
 */
function serviceFaultArbitrary(task: TaskRetries): fc.Arbitrary<InjectedFault> {
  const errors = SERVICE_ERRORS[integrationOf(task)].errors.filter(
    (error) => error.stepFunctionsError !== CONDITIONAL_CHECK_FAILED,
  );
  const code = (codes: readonly string[]) =>
    fc.constantFrom(...codes).map((each): InjectedFault => ({ code: each }));
  return fc.oneof(
    { weight: 4, arbitrary: code(errors.filter((error) => error.transient).map((error) => error.code)) },
    { weight: 1, arbitrary: code(errors.map((error) => error.code)) },
  );
}

/**
 * Per Task state, faults for its first attempts. A Lambda state may get any number, since exhausting its retries
 * is caught, and the function errors its retriers name; a DynamoDB or SNS state up to one more than its retriers
 * allow, so that some schedules exhaust them and send the order to the failure queue. The failure queue itself
 * is never failed.
 */
function scheduleArbitrary(): fc.Arbitrary<FaultSchedule> {
  const perState: Record<string, fc.Arbitrary<InjectedFault[]>> = {};
  for (const task of tasks.values()) {
    if (task.resourceType === "lambda") {
      const functionErrors = functionErrorsOf(task);
      const fault =
        functionErrors.length === 0
          ? serviceFaultArbitrary(task)
          : fc.oneof(
              serviceFaultArbitrary(task),
              fc.constantFrom(...functionErrors).map((name): InjectedFault => ({ functionError: name })),
            );
      perState[task.stateName] = fc.array(fault, { maxLength: MAX_LAMBDA_FAULTS });
    } else if (task.resourceType === "dynamodb" || task.resourceType === "sns") {
      const budget = Math.max(...task.retriers.map((retrier) => retrier.maxAttempts));
      perState[task.stateName] = fc.array(serviceFaultArbitrary(task), { maxLength: budget + 1 });
    }
  }
  return fc.record(perState);
}

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
