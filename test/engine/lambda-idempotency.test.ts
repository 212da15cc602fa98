import { GATEWAY_CALL_MESSAGE, type GatewayCall } from "../../functions/authorize-payment/authorize-payment";
import { withGateway, type GatewaySettings } from "../../local/commands/shared/gateway";
import { cachedSynthesis } from "../../local/capture/synth-cache";
import type { ExecutionReport } from "../../local/engine/execution-report";
import { LocalSimulator } from "../../local/engine/simulator";
import type { Deployment } from "../../local/model/deployment";

const IDEMPOTENCY_TABLE = "order-workflow-dev-idempotency";
const FOURTEEN_DAYS_SECONDS = 14 * 24 * 60 * 60;

let deployment: Deployment;

beforeAll(async () => {
  ({ deployment } = await cachedSynthesis("dev"));
});

async function simulate(gateway: GatewaySettings, seed?: number): Promise<LocalSimulator> {
  return LocalSimulator.start(withGateway(deployment, gateway), {
    retryDelay: "skip",
    ...(seed === undefined ? {} : { seed }),
  });
}

/** The gateway calls an execution made, from the one structured line the function logs per call. */
function gatewayCalls(report: ExecutionReport): GatewayCall[] {
  return report.lambdaLogs
    .flatMap((log) => log.lines)
    .map((line) => line.slice(line.indexOf("{")))
    .filter((json) => json.startsWith("{"))
    .map((json) => JSON.parse(json) as Partial<GatewayCall>)
    .filter((call): call is GatewayCall => call.message === GATEWAY_CALL_MESSAGE);
}

function authorizationIdOf(report: ExecutionReport): unknown {
  const output = report.output as { payment?: { authorizationId?: unknown } } | undefined;
  return output?.payment?.authorizationId;
}

describe("the authorize function in the simulator, with its idempotency table in the local DynamoDB", () => {
  it("creates the idempotency table from the deployment", () => {
    expect(deployment.tables.map((table) => [table.name, table.hashKey])).toContainEqual([
      IDEMPOTENCY_TABLE,
      "id",
    ]);
  });

  it("charges an order run twice once: the second execution gets the first authorization", async () => {
    const simulator = await simulate({ failureRate: "0" });
    try {
      const started = Date.now() / 1000;
      const first = await simulator.run({ orderId: "o-twice", amount: 12 }, { executionName: "first" });
      const second = await simulator.run({ orderId: "o-twice", amount: 12 }, { executionName: "second" });

      expect([first.status, second.status]).toEqual(["SUCCEEDED", "SUCCEEDED"]);
      expect(gatewayCalls(first).map((call) => call.outcome)).toEqual(["authorized"]);
      expect(gatewayCalls(second)).toEqual([]);
      expect(authorizationIdOf(second)).toBe(authorizationIdOf(first));

      const [record, ...others] = await simulator.items(IDEMPOTENCY_TABLE);
      expect(others).toEqual([]);
      expect(record).toMatchObject({
        status: "COMPLETED",
        data: { authorized: true, orderId: "o-twice", authorizationId: authorizationIdOf(first) },
      });
      expect(String(record?.id)).toMatch(/^order-workflow-dev-authorize-payment#/);
      // The table's TTL attribute: 14 days on.
      expect(Number(record?.expiration) - started).toBeGreaterThanOrEqual(FOURTEEN_DAYS_SECONDS - 1);
      expect(Number(record?.expiration) - started).toBeLessThanOrEqual(FOURTEEN_DAYS_SECONDS + 30);
    } finally {
      await simulator.close();
    }
  });

  it("authorizes a different amount anew", async () => {
    const simulator = await simulate({ failureRate: "0" });
    try {
      const first = await simulator.run({ orderId: "o-amount", amount: 12 }, { executionName: "first" });
      const changed = await simulator.run({ orderId: "o-amount", amount: 13 }, { executionName: "changed" });

      expect(gatewayCalls(first).map((call) => call.outcome)).toEqual(["authorized"]);
      expect(gatewayCalls(changed).map((call) => call.outcome)).toEqual(["authorized"]);
      expect(authorizationIdOf(changed)).not.toBe(authorizationIdOf(first));
      expect((await simulator.items(IDEMPOTENCY_TABLE)).length).toBe(2);
    } finally {
      await simulator.close();
    }
  });

  it("does not remember declines: each attempt the decline retrier makes calls the gateway", async () => {
    const simulator = await simulate({ failureRate: "1" });
    try {
      const report = await simulator.run(
        { orderId: "o-declined", amount: 12 },
        { executionName: "declined" },
      );

      expect(gatewayCalls(report).map((call) => call.outcome)).toEqual([
        "declined",
        "declined",
        "declined",
        "declined",
      ]);
      expect(await simulator.items(IDEMPOTENCY_TABLE)).toEqual([]);
    } finally {
      await simulator.close();
    }
  });

  it("calls the gateway again after a decline, and keeps the authorization the retry got", async () => {
    // Seed 7 makes this execution's first attempt decline and its retry authorize (checked below).
    const simulator = await simulate({ failureRate: "0.5" }, 7);
    try {
      const report = await simulator.run({ orderId: "o-2", amount: 12 }, { executionName: "retried-2" });

      expect(gatewayCalls(report).map((call) => call.outcome)).toEqual(["declined", "authorized"]);
      const replay = await simulator.run({ orderId: "o-2", amount: 12 }, { executionName: "replay" });
      expect(gatewayCalls(replay)).toEqual([]);
      expect(authorizationIdOf(replay)).toBe(authorizationIdOf(report));
      expect((await simulator.items(IDEMPOTENCY_TABLE)).map((item) => item.status)).toEqual(["COMPLETED"]);
    } finally {
      await simulator.close();
    }
  });
});
