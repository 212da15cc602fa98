import path from "node:path";

import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  StartExecutionCommand,
  type DescribeExecutionCommandOutput,
} from "@aws-sdk/client-sfn";
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";

import { STATES } from "../../components/order-definition";
import { cachedSynthesis } from "../../local/capture/synth-cache";
import { recover } from "../../local/commands/recover/recover";
import type { RecoverOutputs } from "../../local/commands/recover/stack-outputs";
import { serveDeployment, type Served } from "../../local/commands/serve/serve";
import { withGateway } from "../../local/commands/shared/gateway";
import { gatewayCallsByOrder } from "../../local/commands/start/gateway-calls";
import type { TaskCall } from "../../local/engine/simulator-options";
import { finished, spawnLauncher } from "../support/launcher-process";
import { clientsOf } from "../serve/serve-harness";

const ORDERS = ["o-out-1", "o-out-2", "o-out-3"];

/** One stack behind a local endpoint, with its orders table down for PersistAuthorized until `table.down` is false. */
interface Outage {
  readonly served: Served;
  readonly clients: ReturnType<typeof clientsOf>;
  readonly outputs: RecoverOutputs;
  readonly table: { down: boolean };
}

async function outageOn(stack: "dev" | "prod"): Promise<Outage> {
  const table = { down: true };
  // Every attempt, retries included, while the table is down: the retries are exhausted.
  const injectFault = (call: TaskCall) =>
    table.down && call.stateName === STATES.persistAuthorized ? { code: "InternalServerError" } : undefined;
  const { deployment, outputs } = await cachedSynthesis(stack);
  const served = await serveDeployment(
    withGateway(deployment, { failureRate: "0", latencyMs: "0" }),
    outputs,
    {
      port: 0,
      simulator: { retryDelay: "skip", injectFault },
    },
  );
  return {
    served,
    clients: clientsOf(served),
    outputs: {
      stateMachineArn: served.outputs.stateMachineArn ?? "",
      liveAliasArn: served.outputs.liveAliasArn ?? "",
      failureQueueUrl: served.outputs.failureQueueUrl ?? "",
    },
    table,
  };
}

let prod: Outage;
let dev: Outage;

beforeAll(async () => {
  const build = await finished(spawnLauncher(["--build", "recover"], process.env));
  if (build.code !== 0) throw new Error(`the launcher could not bundle recover:\n${build.stderr}`);
  // One at a time: a synthesis sets Pulumi's mocks for the whole process.
  prod = await outageOn("prod");
  dev = await outageOn("dev");
});

afterAll(async () => {
  await Promise.all([prod.served.close(), dev.served.close()]);
});

/**
 * The orders, started through the endpoint's live alias as a producer would, each to its end before the next
 * starts: each Lambda invocation in flight at once has a worker thread of its own, and what is tested is each
 * order's failure and recovery, not how they overlap.
 */
async function runOrders(outage: Outage): Promise<DescribeExecutionCommandOutput[]> {
  const ended: DescribeExecutionCommandOutput[] = [];
  for (const [index, orderId] of ORDERS.entries()) ended.push(await runOrder(outage, orderId, 20 + index));
  return ended;
}

async function runOrder(
  outage: Outage,
  orderId: string,
  amount: number,
): Promise<DescribeExecutionCommandOutput> {
  const { executionArn } = await outage.clients.sfn.send(
    new StartExecutionCommand({
      stateMachineArn: outage.outputs.liveAliasArn,
      name: orderId,
      input: JSON.stringify({ orderId, amount, currency: "USD" }),
    }),
  );
  for (let poll = 0; poll < 500; poll += 1) {
    const described = await outage.clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== "RUNNING") return described;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${orderId} did not end`);
}

async function lastStateEntered(
  outage: Outage,
  executionArn: string | undefined,
): Promise<string | undefined> {
  const { events = [] } = await outage.clients.sfn.send(
    new GetExecutionHistoryCommand({ executionArn, reverseOrder: true }),
  );
  return events.find((event) => event.stateEnteredEventDetails !== undefined)?.stateEnteredEventDetails?.name;
}

async function queuedBodies(outage: Outage): Promise<Record<string, unknown>[]> {
  const { Messages = [] } = await outage.clients.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: outage.outputs.failureQueueUrl,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 0,
    }),
  );
  return Messages.map((message) => JSON.parse(message.Body ?? "null") as Record<string, unknown>);
}

/** Each order's records in the orders table, and how often the payment gateway was called for it. */
async function afterRecovery(outage: Outage) {
  await outage.served.endpoint.stepFunctions.settled();
  const records = await outage.served.simulator.items(outage.served.outputs.tableName ?? "");
  const calls = gatewayCallsByOrder(outage.served.endpoint.stepFunctions.reports());
  return ORDERS.map((orderId) => ({
    orderId,
    records: records
      .filter((record) => record.orderId === orderId)
      .map((record) => [record.status, String(record.executionArn).split(":").at(-1)]),
    gatewayCalls: calls.get(orderId) ?? 0,
  }));
}

test("prod: the executions fail at PersistAuthorized, their events are queued, and `recover --apply` redrives each once", async () => {
  const failed = await runOrders(prod);
  expect(failed.map((execution) => [execution.status, execution.error, execution.redriveStatus])).toEqual(
    ORDERS.map(() => ["FAILED", "DynamoDB.InternalServerErrorException", "REDRIVABLE"]),
  );
  expect(
    await Promise.all(failed.map((execution) => lastStateEntered(prod, execution.executionArn))),
  ).toEqual(ORDERS.map(() => STATES.persistAuthorized));
  const queued = await queuedBodies(prod);
  expect(
    queued
      .map((body) => [body["detail-type"], (body.detail as { executionArn: string; status: string }).status])
      .sort(),
  ).toEqual(ORDERS.map(() => ["Step Functions Execution Status Change", "FAILED"]));
  expect(queued.map((body) => (body.detail as { executionArn: string }).executionArn).sort()).toEqual(
    failed.map((execution) => execution.executionArn).sort(),
  );
  // The events name the alias the orders were started through and the version it ran.
  expect(
    queued.map((body) => {
      const detail = body.detail as Record<string, unknown>;
      return [detail.stateMachineArn, detail.stateMachineAliasArn, detail.stateMachineVersionArn];
    }),
  ).toEqual(
    ORDERS.map(() => [
      "arn:aws:states:us-east-1:123456789012:stateMachine:order-workflow-prod-state-machine",
      "arn:aws:states:us-east-1:123456789012:stateMachine:order-workflow-prod-state-machine:live",
      "arn:aws:states:us-east-1:123456789012:stateMachine:order-workflow-prod-state-machine:1",
    ]),
  );

  prod.table.down = false;
  // `npm run recover` itself, with the outputs and endpoint `npm start -- --serve` exports.
  const recovered = await finished(
    spawnLauncher(["recover", "--stack", "prod", "--apply", "--wait", "30"], {
      PATH: path.dirname(process.execPath),
      AWS_ENDPOINT_URL: prod.served.endpoint.url,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      STATE_MACHINE_ARN: prod.outputs.stateMachineArn,
      LIVE_ALIAS_ARN: prod.outputs.liveAliasArn,
      FAILURE_QUEUE_URL: prod.outputs.failureQueueUrl,
    }),
  );

  expect([recovered.code, recovered.stderr]).toEqual([0, ""]);
  const lines = recovered.stdout.trimEnd().split("\n");
  expect(lines.slice(0, -1).sort()).toEqual(
    failed.map(
      (execution, index) =>
        `${ORDERS[index] ?? ""}: redrive ${execution.executionArn ?? ""}: SUCCEEDED; message deleted`,
    ),
  );
  expect(lines.at(-1)).toBe("3 message(s): 3 recovered and deleted, 0 left.");
  expect(await afterRecovery(prod)).toEqual(
    ORDERS.map((orderId) => ({ orderId, records: [["AUTHORIZED", orderId]], gatewayCalls: 1 })),
  );
  const redriven = await Promise.all(
    failed.map((execution) =>
      prod.clients.sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn })),
    ),
  );
  // Redriven by their execution ARNs, on the alias and version they were started with.
  expect(
    redriven.map((execution) => [
      execution.status,
      execution.redriveCount,
      execution.stateMachineAliasArn,
      execution.stateMachineVersionArn,
    ]),
  ).toEqual(
    ORDERS.map(() => ["SUCCEEDED", 1, prod.outputs.liveAliasArn, prod.served.outputs.stateMachineVersionArn]),
  );
  expect(await queuedBodies(prod)).toEqual([]);
});

test("dev: the Catch queues each order and ends in OrderFailureQueued; recover starts new executions, which charge no one twice", async () => {
  const failed = await runOrders(dev);
  expect(failed.map((execution) => [execution.status, execution.error])).toEqual(
    ORDERS.map(() => ["FAILED", "OrderWorkflow.FailureQueued"]),
  );
  expect(await Promise.all(failed.map((execution) => lastStateEntered(dev, execution.executionArn)))).toEqual(
    ORDERS.map(() => STATES.failureQueued),
  );
  const queued = await queuedBodies(dev);
  expect(
    queued
      .map((body) => [
        body.executionArn,
        (body.state as { failure: { Error: string } }).failure.Error,
        (body.state as { order: { orderId: string } }).order.orderId,
      ])
      .sort(),
  ).toEqual(
    failed.map((execution, index) => [
      execution.executionArn,
      "DynamoDB.InternalServerErrorException",
      ORDERS[index],
    ]),
  );

  dev.table.down = false;
  const lines: string[] = [];
  const outcomes = await recover(dev.outputs, dev.clients, { apply: true, waitSeconds: 30 }, (line) =>
    lines.push(line),
  );

  expect(outcomes.map((outcome) => [outcome.orderId, outcome.action, outcome.deleted]).sort()).toEqual(
    ORDERS.map((orderId) => [
      orderId,
      `start ${orderId}-recovery-1 with the original input (it ended in the Fail state OrderFailureQueued, which a redrive would only run again): SUCCEEDED`,
      true,
    ]),
  );
  expect(lines.at(-1)).toBe("3 message(s): 3 recovered and deleted, 0 left.");
  expect(await afterRecovery(dev)).toEqual(
    ORDERS.map((orderId) => ({
      orderId,
      records: [["AUTHORIZED", `${orderId}-recovery-1`]],
      gatewayCalls: 1,
    })),
  );
  const originals = await Promise.all(
    failed.map((execution) =>
      dev.clients.sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn })),
    ),
  );
  expect(originals.map((execution) => [execution.status, execution.redriveCount])).toEqual(
    ORDERS.map(() => ["FAILED", 0]),
  );
  expect(await queuedBodies(dev)).toEqual([]);
});
