import { ORDER_STATUS, STATES, type OrderStatus } from "../../../components/order-definition";
import { PAYMENT_DECLINED_ERROR } from "../../../functions/authorize-payment/errors";
import { MAX_AMOUNT, validateOrder } from "../../../functions/validate-order/validate-order";
import { transientAwsErrors, type AwsError } from "../../engine/aws-errors";
import type { InjectedFault } from "../../engine/simulator";
import { SUPPORTED_INTEGRATIONS } from "../../engine/task-plan";
import { ORDER_KINDS, type Mix, type OrderKind } from "./mix";
import type { SeededRandom } from "./random";
import { integrationOfTask, outcomeOfAttempts, retrierFor, type TaskRetries } from "./task-retries";

/** How an order goes through the workflow; the report breaks its figures down by path. */
export const PATHS = {
  authorizedFirstTry: "AUTHORIZED first try",
  authorizedAfterDeclines: "AUTHORIZED after declines",
  failedAuth: "FAILED_AUTH after declines",
  invalid: "INVALID",
  authorizedWithFaults: "AUTHORIZED with transient faults",
} as const;
export type PathName = (typeof PATHS)[keyof typeof PATHS];

/** One order of the bench, with everything its execution must end with, known before it runs. */
export interface PlannedOrder {
  readonly executionName: string;
  readonly input: unknown;
  readonly kind: OrderKind;
  readonly path: PathName;
  readonly expectedStatus: OrderStatus;
  /** The order record's key: the orderId, or `execution:<name>` when the order has no usable one. */
  readonly expectedKey: string;
  /** Faults injected into the first attempts of a state, by state name. */
  readonly faults: Readonly<Record<string, readonly InjectedFault[]>>;
}

/** The Task states an authorized order goes through, in order. */
const AUTHORIZED_PATH = [
  STATES.validate,
  STATES.authorize,
  STATES.persistAuthorized,
  STATES.notifyAuthorized,
];

/** Ways to make an order invalid; each keeps to one broken field, as real bad input mostly does. */
const BAD_ORDERS: readonly ((orderId: string) => unknown)[] = [
  (orderId) => ({ orderId }),
  (orderId) => ({ orderId, amount: 0 }),
  (orderId) => ({ orderId, amount: -5 }),
  (orderId) => ({ orderId, amount: 12.345 }),
  (orderId) => ({ orderId, amount: MAX_AMOUNT + 0.01 }),
  (orderId) => ({ orderId, amount: "12.00" }),
  (orderId) => ({ orderId, amount: 12, currency: "usd" }),
  (orderId) => ({ orderId: `${orderId}:bad`, amount: 12 }),
  (orderId) => ({ orderId: orderId.padEnd(65, "x"), amount: 12 }),
  () => ({ amount: 12 }),
  (orderId) => `order ${orderId}`,
  (orderId) => [orderId, 12],
  () => null,
];

export class OrderPlanner {
  private readonly authorize: TaskRetries;
  private readonly declineBudget: number;

  constructor(
    private readonly tasks: ReadonlyMap<string, TaskRetries>,
    private readonly mix: Mix,
    private readonly random: SeededRandom,
    private readonly runId: string,
  ) {
    this.authorize = taskOf(tasks, STATES.authorize);
    const decline = this.authorize.retriers.find((retrier) =>
      retrier.errorEquals.includes(PAYMENT_DECLINED_ERROR),
    );
    if (decline === undefined) {
      throw new Error(`Task state \`${STATES.authorize}\` has no retrier for ${PAYMENT_DECLINED_ERROR}`);
    }
    this.declineBudget = decline.maxAttempts;
  }

  plan(index: number): PlannedOrder {
    const executionName = `${this.runId}-${index}`;
    const orderId = `o-${this.runId}-${index}`;
    const kind = this.kind();
    const valid = { orderId, amount: this.amount(), currency: "USD" };
    switch (kind) {
      case "valid":
        return planned(executionName, valid, kind, PATHS.authorizedFirstTry, ORDER_STATUS.authorized, {});
      case "invalid": {
        const input = this.random.pick(BAD_ORDERS)(orderId);
        const validation = validateOrder(input, executionName);
        if (validation.isValid)
          throw new Error(`The bench generated a valid order as invalid: ${JSON.stringify(input)}`);
        return {
          ...planned(executionName, input, kind, PATHS.invalid, ORDER_STATUS.invalid, {}),
          expectedKey: validation.orderKey,
        };
      }
      case "decline": {
        const declines = Array.from(
          { length: this.random.int(1, this.declineBudget + 1) },
          () => PAYMENT_DECLINED_ERROR,
        );
        const authorized = outcomeOfAttempts(this.authorize, declines).kind === "succeeded";
        return planned(
          executionName,
          valid,
          kind,
          authorized ? PATHS.authorizedAfterDeclines : PATHS.failedAuth,
          authorized ? ORDER_STATUS.authorized : ORDER_STATUS.failedAuth,
          { [STATES.authorize]: declines.map((error) => ({ functionError: error })) },
        );
      }
      case "fault":
        return planned(
          executionName,
          valid,
          kind,
          PATHS.authorizedWithFaults,
          ORDER_STATUS.authorized,
          this.faults(),
        );
    }
  }

  private kind(): OrderKind {
    let draw = this.random.fraction();
    for (const kind of ORDER_KINDS) {
      draw -= this.mix[kind];
      if (draw < 0) return kind;
    }
    // Rounding can leave a sliver above the last share; it belongs to the last kind with a share.
    return ORDER_KINDS.findLast((kind) => this.mix[kind] > 0) ?? "valid";
  }

  /** Two decimals at most, as the validator requires. */
  private amount(): number {
    return this.random.int(1, 100_000) / 100;
  }

  /**
   * Transient faults on at least one state of the authorized path: API error codes the state's service documents
   * as transient, named as Step Functions names them, each state's within the budget of the retrier that
   * matches them.
   */
  private faults(): Record<string, readonly InjectedFault[]> {
    const faults: Record<string, readonly InjectedFault[]> = {};
    const faulted = AUTHORIZED_PATH.filter(() => this.random.int(0, 1) === 1);
    for (const stateName of faulted.length > 0 ? faulted : [this.random.pick(AUTHORIZED_PATH)]) {
      const task = taskOf(this.tasks, stateName);
      const byRetrier = new Map<number, { maxAttempts: number; errors: AwsError[] }>();
      for (const error of transientErrorsOfTask(task)) {
        const retrier = retrierFor(task, error.stepFunctionsError);
        if (retrier === undefined || retrier.maxAttempts === 0) {
          throw new Error(`\`${stateName}\` does not retry ${error.stepFunctionsError} (${error.code})`);
        }
        const group = byRetrier.get(retrier.index) ?? { maxAttempts: retrier.maxAttempts, errors: [] };
        group.errors.push(error);
        byRetrier.set(retrier.index, group);
      }
      const group = this.random.pick([...byRetrier.values()]);
      const errors = Array.from({ length: this.random.int(1, group.maxAttempts) }, () =>
        this.random.pick(group.errors),
      );
      if (
        outcomeOfAttempts(
          task,
          errors.map((error) => error.stepFunctionsError),
        ).kind !== "succeeded"
      ) {
        throw new Error(
          `The bench planned faults beyond the retries of \`${stateName}\`: ${errors.map((error) => error.code).join(", ")}`,
        );
      }
      faults[stateName] = errors.map((error) => ({ code: error.code }));
    }
    return faults;
  }
}

/** The errors a Task state's service documents as transient. */
function transientErrorsOfTask(task: TaskRetries): readonly AwsError[] {
  const integration = SUPPORTED_INTEGRATIONS.find((candidate) => candidate === integrationOfTask(task));
  if (integration === undefined) {
    throw new Error(
      `\`${task.stateName}\` calls ${integrationOfTask(task)}, which the simulator does not run`,
    );
  }
  return transientAwsErrors(integration);
}

function planned(
  executionName: string,
  input: unknown,
  kind: OrderKind,
  path: PathName,
  expectedStatus: OrderStatus,
  faults: Record<string, readonly InjectedFault[]>,
): PlannedOrder {
  const expectedKey = validateOrder(input, executionName).orderKey;
  return { executionName, input, kind, path, expectedStatus, expectedKey, faults };
}

function taskOf(tasks: ReadonlyMap<string, TaskRetries>, stateName: string): TaskRetries {
  const task = tasks.get(stateName);
  if (task === undefined) throw new Error(`The deployed definition has no Task state \`${stateName}\``);
  return task;
}
