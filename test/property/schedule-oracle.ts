import { ORDER_STATUS, STATES, type OrderStatus } from "../../components/order-definition";
import { EXECUTION_KEY_PREFIX, validateOrder } from "../../functions/validate-order/validate-order";
import {
  integrationOfTask,
  outcomeOfAttempts,
  type TaskRetries,
} from "../../local/commands/bench/task-retries";
import { stepFunctionsErrorOf } from "../../local/engine/aws-errors";
import type { InjectedFault } from "../../local/engine/simulator";
import { SUPPORTED_INTEGRATIONS, type Integration } from "../../local/engine/task-plan";
import type { FaultSchedule } from "./property-simulator";

/** What an execution must do, given its input and fault schedule. */
export interface ExpectedRun {
  /** The order's status, as recorded when the record was written; none when the payment's outcome is unknown. */
  readonly status?: OrderStatus;
  /** Whether the order went to the failure queue, the execution failing in OrderFailureQueued. */
  readonly queued: boolean;
  /** Whether the order record was written (it is, unless its persist state exhausted its retries). */
  readonly recorded: boolean;
  readonly key: string;
  /** The error recorded with a FAILED_AUTH order. */
  readonly authError?: string;
  readonly statesEntered: readonly string[];
  /** States entered plus retries, as Standard workflows bill them. */
  readonly transitions: number;
  /** Handler runs: one per Lambda state whose last attempt was not injected. */
  readonly lambdaInvocations: number;
}

/** The integration a deployed Task state calls, as the simulator's error table is keyed. */
export function integrationOf(task: TaskRetries): Integration {
  const integration = SUPPORTED_INTEGRATIONS.find((candidate) => candidate === integrationOfTask(task));
  if (integration === undefined) throw new Error(`\`${task.stateName}\` calls ${integrationOfTask(task)}`);
  return integration;
}

/**
 * The Error Step Functions reports for an injected fault: a function error's own name, or the service's code
 * as the simulator's error table names it. Retry and Catch then act on that name.
 */
export function errorNameOf(task: TaskRetries, fault: InjectedFault): string {
  return fault.functionError ?? stepFunctionsErrorOf(integrationOf(task), fault.code);
}

/**
 * The outcome a schedule implies, from the deployed states' Retry and Catch fields, matched on the Error each
 * fault is reported as, and the validator's rules; it never runs the workflow. A persist or notify state that
 * exhausts its retries sends the order to the failure queue, which the schedule never fails, and so does the
 * payment state for an idempotency error left after its retries.
 */
export function expectedRun(
  tasks: ReadonlyMap<string, TaskRetries>,
  schedule: FaultSchedule,
  input: unknown,
  executionName: string,
): ExpectedRun {
  const statesEntered: string[] = [];
  let retries = 0;
  let lambdaInvocations = 0;
  const enter = (stateName: string) => {
    statesEntered.push(stateName);
    const task = tasks.get(stateName);
    if (task === undefined) return undefined;
    const outcome = outcomeOfAttempts(
      task,
      (schedule[stateName] ?? []).map((fault) => errorNameOf(task, fault)),
    );
    retries += outcome.retries;
    if (task.resourceType === "lambda" && outcome.kind === "succeeded") lambdaInvocations += 1;
    return outcome;
  };
  let queued = false;
  let recorded = false;
  const record = (persist: string, notify: string) => {
    for (const stateName of [persist, notify]) {
      const outcome = enter(stateName);
      if (outcome?.kind === "succeeded") {
        recorded ||= stateName === persist;
        continue;
      }
      if (outcome?.kind !== "caught" || outcome.next !== STATES.sendToFailureQueue) {
        throw new Error(`\`${stateName}\` has no Catch to the failure queue for ${JSON.stringify(schedule)}`);
      }
      enter(STATES.sendToFailureQueue);
      enter(STATES.failureQueued);
      queued = true;
      return;
    }
  };
  const done = (status: OrderStatus | undefined, key: string, authError?: string): ExpectedRun => ({
    ...(status === undefined ? {} : { status }),
    queued,
    recorded,
    key,
    ...(authError === undefined ? {} : { authError }),
    statesEntered,
    transitions: statesEntered.length + retries,
    lambdaInvocations,
  });

  const validated = enter(STATES.validate);
  if (validated?.kind === "caught") {
    enter(validated.next);
    record(STATES.persistInvalid, STATES.notifyInvalid);
    return done(ORDER_STATUS.invalid, `${EXECUTION_KEY_PREFIX}${executionName}`);
  }
  if (validated?.kind !== "succeeded")
    throw new Error(`\`${STATES.validate}\` has no Catch for ${JSON.stringify(schedule)}`);
  const validation = validateOrder(input, executionName);
  enter(STATES.isValid);
  if (!validation.isValid) {
    record(STATES.persistInvalid, STATES.notifyInvalid);
    return done(ORDER_STATUS.invalid, validation.orderKey);
  }
  const authorized = enter(STATES.authorize);
  if (authorized?.kind === "caught" && authorized.next === STATES.persistAuthFailed) {
    record(STATES.persistAuthFailed, STATES.notifyAuthFailed);
    return done(ORDER_STATUS.failedAuth, validation.orderKey, authorized.error);
  }
  if (authorized?.kind === "caught" && authorized.next === STATES.sendToFailureQueue) {
    enter(STATES.sendToFailureQueue);
    enter(STATES.failureQueued);
    queued = true;
    return done(undefined, validation.orderKey);
  }
  if (authorized?.kind !== "succeeded")
    throw new Error(`Unexpected outcome of \`${STATES.authorize}\`: ${JSON.stringify(authorized)}`);
  record(STATES.persistAuthorized, STATES.notifyAuthorized);
  return done(ORDER_STATUS.authorized, validation.orderKey);
}
