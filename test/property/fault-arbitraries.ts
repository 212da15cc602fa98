import fc from "fast-check";

import { CONDITIONAL_CHECK_FAILED } from "../../components/order-definition";
import type { TaskRetries } from "../../local/commands/bench/task-retries";
import { raisedErrorNames, SERVICE_ERRORS } from "../../local/engine/aws-errors";
import type { InjectedFault } from "../../local/engine/simulator";
import type { FaultSchedule } from "./property-simulator";
import { integrationOf } from "./schedule-oracle";

/** Longer than any Lambda state's retries together, so that exhausting them (and the Catch) is reached. */
const MAX_LAMBDA_FAULTS = 8;

/**
 * The function errors a Lambda state's retriers name: names that are neither `States.*` nor one Lambda's
 * service raises. The properties inject them as the function's own errors.
 */
export function functionErrorsOf(task: TaskRetries): string[] {
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
 * allow, so that some schedules exhaust them and the order goes to the failure queue. The failure queue itself
 * is never failed.
 */
export function scheduleArbitrary(tasks: ReadonlyMap<string, TaskRetries>): fc.Arbitrary<FaultSchedule> {
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
