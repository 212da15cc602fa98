import { FAILURE_QUEUED_ERROR, IDEMPOTENCY_RETRIER, STATES } from "../../components/order-definition";
import { cachedSynthesis } from "../../local/capture/synth-cache";
import { type InjectedFault, LocalSimulator, type TaskCall } from "../../local/engine/simulator";
import { gatewayCallsByOrder } from "../property/gateway-calls";
import { startDev, withGateway } from "./harness";

/*
 * Powertools Idempotency's two errors reach the state machine: another execution of the same order is authorizing
 * (IdempotencyAlreadyInProgressError), or the idempotency table fails (IdempotencyPersistenceLayerError). Neither
 * says whether the payment went through, so neither may be recorded as FAILED_AUTH.
 */

const DEV_TABLE = "order-workflow-dev-orders";
const PROD_TABLE = "order-workflow-prod-orders";
const ATTEMPTS = 1 + (IDEMPOTENCY_RETRIER.MaxAttempts ?? 3);

/** Faults by execution name for AuthorizePayment, while `down` holds that execution's name. */
function authorizeFaults(
  plan: Readonly<Record<string, { error: string; times: number }>>,
  down: Set<string>,
) {
  return (call: TaskCall): InjectedFault | undefined => {
    const planned = plan[call.executionName];
    if (call.stateName !== STATES.authorize || planned === undefined) return undefined;
    const faulted = down.has(call.executionName) || call.attempt <= planned.times;
    return faulted ? { functionError: planned.error, message: `injected #${call.attempt}` } : undefined;
  };
}

function retriesOf(events: readonly { type: string; stateName?: string }[]): (string | undefined)[] {
  return events.filter((event) => event.type === "StateRetried").map((event) => event.stateName);
}

async function statuses(simulator: LocalSimulator, table: string, executionArn: string): Promise<unknown[]> {
  return (await simulator.items(table))
    .filter((item) => item.executionArn === executionArn)
    .map((item) => item.status);
}

describe("dev", () => {
  const plan = {
    "in-progress": { error: "IdempotencyAlreadyInProgressError", times: 2 },
    "table-down": { error: "IdempotencyPersistenceLayerError", times: ATTEMPTS },
  };
  let simulator: LocalSimulator;

  beforeAll(async () => {
    simulator = await startDev({ failureRate: "0" }, { injectFault: authorizeFaults(plan, new Set()) });
  });

  afterAll(async () => {
    await simulator.close();
  });

  test("an order being authorized by another execution is retried until that one ends: AUTHORIZED, charged once", async () => {
    const report = await simulator.run(
      { orderId: "o-in-progress", amount: 12 },
      { executionName: "in-progress" },
    );

    expect(report.status).toBe("SUCCEEDED");
    expect(retriesOf(report.events)).toEqual([STATES.authorize, STATES.authorize]);
    expect(await statuses(simulator, DEV_TABLE, report.executionArn)).toEqual(["AUTHORIZED"]);
    expect(gatewayCallsByOrder([report]).get("o-in-progress")?.calls).toBe(1);
  });

  test("an idempotency table down after the retries sends the order to the failure queue, never to FAILED_AUTH", async () => {
    const report = await simulator.run(
      { orderId: "o-table-down", amount: 12 },
      { executionName: "table-down" },
    );

    expect([report.status, report.error]).toEqual(["FAILED", FAILURE_QUEUED_ERROR]);
    expect(retriesOf(report.events)).toEqual(Array.from({ length: ATTEMPTS - 1 }, () => STATES.authorize));
    expect(report.statesEntered.slice(-3)).toEqual([
      STATES.authorize,
      STATES.sendToFailureQueue,
      STATES.failureQueued,
    ]);
    expect(await statuses(simulator, DEV_TABLE, report.executionArn)).toEqual([]);
    const [message, ...others] = simulator
      .queuedMessages()
      .filter((each) => each.executionName === "table-down");
    expect(others).toEqual([]);
    expect(message?.messageAttributes?.error).toMatchObject({
      StringValue: "IdempotencyPersistenceLayerError",
    });
    expect(JSON.parse(message?.body ?? "{}")).toMatchObject({
      state: { order: { orderId: "o-table-down" } },
    });
    expect(gatewayCallsByOrder([report]).size).toBe(0);
  });
});

describe("prod", () => {
  test("an idempotency table down after the retries fails the execution at AuthorizePayment; once it is back, a redrive authorizes once", async () => {
    const { deployment } = await cachedSynthesis("prod");
    const down = new Set(["prod-table-down"]);
    const simulator = await LocalSimulator.start(withGateway(deployment, { failureRate: "0" }), {
      retryDelay: "skip",
      injectFault: authorizeFaults(
        { "prod-table-down": { error: "IdempotencyPersistenceLayerError", times: 0 } },
        down,
      ),
    });
    try {
      const failed = await simulator.run(
        { orderId: "o-prod", amount: 12 },
        { executionName: "prod-table-down" },
      );

      expect([failed.status, failed.error]).toEqual(["FAILED", "IdempotencyPersistenceLayerError"]);
      expect(failed.statesEntered.at(-1)).toBe(STATES.authorize);
      expect(await statuses(simulator, PROD_TABLE, failed.executionArn)).toEqual([]);
      expect(simulator.queuedMessages().map((message) => message.ruleName)).toEqual([
        "order-workflow-prod-failed-executions-rule",
      ]);
      expect(simulator.redriveStatus("prod-table-down").status).toBe("REDRIVABLE");

      down.clear();
      const redriven = await simulator.redrive("prod-table-down").report;

      expect(redriven.status).toBe("SUCCEEDED");
      expect(await statuses(simulator, PROD_TABLE, failed.executionArn)).toEqual(["AUTHORIZED"]);
      expect(gatewayCallsByOrder([redriven]).get("o-prod")?.calls).toBe(1);
    } finally {
      await simulator.close();
    }
  });
});
