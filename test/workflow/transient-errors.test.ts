import { FAILURE_QUEUED_ERROR, STATES } from "../../components/order-definition";
import { transientAwsErrors } from "../../local/engine/aws-errors";
import type { InjectedFault, LocalSimulator, TaskCall } from "../../local/engine/simulator";
import type { Integration } from "../../local/engine/task-plan";
import { startDev } from "./harness";

/** The authorized path's Task states, and the integration each calls. */
const AUTHORIZED_PATH: readonly (readonly [string, Integration])[] = [
  [STATES.validate, "lambda:invoke"],
  [STATES.authorize, "lambda:invoke"],
  [STATES.persistAuthorized, "dynamodb:putItem"],
  [STATES.notifyAuthorized, "sns:publish"],
];

/** Every transient error each state's service documents, once per state. */
const CASES = AUTHORIZED_PATH.flatMap(([stateName, integration]) =>
  transientAwsErrors(integration).map((error) => ({ stateName, integration, ...error })),
);
const QUEUE_CASES = transientAwsErrors("sqs:sendMessage");

/** The execution injected with `code` at `stateName`. */
const executionName = (stateName: string, code: string) => `${stateName}-${code}`;

/**
 * The first attempt of the named state fails with the code. For the failure queue, the record is first refused
 * for good (a ValidationException on each of its attempts), so that the order goes to the queue.
 */
function injectFault(call: TaskCall): InjectedFault | undefined {
  const toQueue = QUEUE_CASES.find(
    (error) => call.executionName === executionName(STATES.sendToFailureQueue, error.code),
  );
  if (toQueue !== undefined) {
    if (call.stateName === STATES.persistAuthorized) return { code: "ValidationException" };
    return call.stateName === STATES.sendToFailureQueue && call.attempt === 1
      ? { code: toQueue.code }
      : undefined;
  }
  const planned = CASES.find(
    (error) =>
      call.stateName === error.stateName && call.executionName === executionName(error.stateName, error.code),
  );
  return planned !== undefined && call.attempt === 1 ? { code: planned.code } : undefined;
}

let simulator: LocalSimulator;

beforeAll(async () => {
  simulator = await startDev({ failureRate: "0" }, { injectFault });
});

afterAll(async () => {
  await simulator.close();
});

test.each(CASES.map((error) => [error.stateName, error.code, error.stepFunctionsError] as const))(
  "%s: %s, reported as %s, is retried and the order is AUTHORIZED",
  async (stateName, code, stepFunctionsError) => {
    const name = executionName(stateName, code);
    const report = await simulator.run({ orderId: `o-${name}`, amount: 12 }, { executionName: name });

    expect(report.status).toBe("SUCCEEDED");
    const retried = report.events.filter((event) => event.type === "StateRetried");
    expect(retried.map((event) => [event.stateName, event.error])).toEqual([[stateName, stepFunctionsError]]);
    const items = await simulator.items("order-workflow-dev-orders");
    expect(
      items.filter((item) => item.executionArn === report.executionArn).map((item) => item.status),
    ).toEqual(["AUTHORIZED"]);
  },
);

test.each(QUEUE_CASES.map((error) => [error.code, error.stepFunctionsError] as const))(
  "the failure queue: %s, reported as %s, is retried and the order is queued",
  async (code, stepFunctionsError) => {
    const name = executionName(STATES.sendToFailureQueue, code);
    const report = await simulator.run({ orderId: `o-${name}`, amount: 12 }, { executionName: name });

    expect([report.status, report.error]).toEqual(["FAILED", FAILURE_QUEUED_ERROR]);
    const retried = report.events.filter(
      (event) => event.type === "StateRetried" && event.stateName === STATES.sendToFailureQueue,
    );
    expect(retried.map((event) => event.error)).toEqual([stepFunctionsError]);
    expect(simulator.queuedMessages().filter((message) => message.executionName === name)).toHaveLength(1);
  },
);
