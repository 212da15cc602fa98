import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
  type DescribeExecutionCommandOutput,
} from "@aws-sdk/client-sfn";
import { type Message, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";

import { STATES } from "../../../components/order-definition/names";
import { cachedSynthesis } from "../../capture/synth-cache";
import type { TaskCall } from "../../engine/simulator";
import type { Deployment } from "../../model/deployment";
import { isRecord } from "../../model/json";
import { parseFailureMessage } from "../recover/failure-message";
import { recover } from "../recover/recover";
import { serveDeployment, type Served } from "../serve/serve";
import { withGateway } from "../shared/gateway";
import { gatewayCallsByOrder } from "./gateway-calls";
import { ExecutionNames } from "./seeded-random";

export interface OutageDemoOptions {
  readonly stack: string;
  readonly orders: number;
  readonly seed: number;
}

/** The one code DynamoDB answers while it is down: an internal error, which the persist states retry. */
const OUTAGE_CODE = "InternalServerError";
/** Dummy credentials: the local endpoint checks none, and the SDK must find some without reading the machine's. */
const CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };
/** Generous: with retry waits skipped, an execution of this workflow ends in well under a second. */
const WAIT_SECONDS = 60;
const POLL_MS = 10;

/**
 * `npm start -- --outage-demo`: the orders table down once payments are authorized, then recovered with the same
 * SDK calls `npm run recover -- --apply` makes on AWS, against the stack behind an in-process local endpoint.
 * Prints each step; resolves true when every order ends with one AUTHORIZED record, one gateway call and an
 * empty failure queue.
 */
export async function runOutageDemo(
  options: OutageDemoOptions,
  write: (line: string) => void,
): Promise<boolean> {
  const { deployment, served, table } = await serveWithOutage(options);
  try {
    const config = { endpoint: served.endpoint.url, region: deployment.region, credentials: CREDENTIALS };
    const sfn = new SFNClient(config);
    const sqs = new SQSClient(config);
    const stateMachineArn = served.outputs.stateMachineArn ?? deployment.stateMachineArn;
    const liveAliasArn = served.outputs.liveAliasArn ?? deployment.liveAliasArn;
    const failureQueueUrl = served.outputs.failureQueueUrl ?? "";
    const tableName = served.outputs.tableName ?? "";

    write(
      `Stack ${options.stack}, seed ${options.seed}: ${options.orders} order(s); the orders table ${tableName} answers ` +
        `${OUTAGE_CODE} to ${STATES.persistAuthorized} until the recovery (retry waits skipped, gateway latency 0 ms)`,
    );
    write("");
    write(`1. DynamoDB down after each payment is authorized:`);
    const orderIds = await runOrders(sfn, liveAliasArn, options, write);
    write("");
    const messages = await peekQueue(sqs, failureQueueUrl);
    write(`2. The failure queue holds ${messages.length} message(s):`);
    for (const message of messages) write(`   ${describeMessage(message.Body ?? "")}`);
    write("");

    table.down = false;
    write(`3. DynamoDB is back: npm run recover -- --stack ${options.stack} --apply`);
    const outcomes = await recover(
      { stateMachineArn, liveAliasArn, failureQueueUrl },
      { sfn, sqs },
      { apply: true, waitSeconds: WAIT_SECONDS, pollMs: POLL_MS },
      (line) => {
        write(`   ${line}`);
      },
    );
    await served.endpoint.stepFunctions.settled();
    write("");

    write("4. After the recovery:");
    const items = await served.simulator.items(tableName);
    const calls = gatewayCallsByOrder(served.endpoint.stepFunctions.reports());
    const recordedOnce = orderIds
      .map((orderId) => reportOrder(orderId, items, calls.get(orderId) ?? 0, write))
      .every(Boolean);
    const left = await peekQueue(sqs, failureQueueUrl);
    write(`   failure queue: ${left.length === 0 ? "empty" : `${left.length} message(s) left`}`);
    return outcomes.every((outcome) => outcome.deleted) && recordedOnce && left.length === 0;
  } finally {
    await served.close();
  }
}

/** The stack behind an in-process endpoint, its orders table down (`table.down`) for PersistAuthorized. */
async function serveWithOutage(options: OutageDemoOptions): Promise<{
  readonly deployment: Deployment;
  readonly served: Served;
  readonly table: { down: boolean };
}> {
  const { deployment, outputs } = await cachedSynthesis(options.stack);
  // Every PersistAuthorized call fails while the table is down, on each retry: the retries are exhausted.
  const table = { down: true };
  const injectFault = (call: TaskCall) =>
    table.down && call.stateName === STATES.persistAuthorized
      ? { code: OUTAGE_CODE, message: "injected by --outage-demo: the orders table is down" }
      : undefined;
  const served = await serveDeployment(
    withGateway(deployment, { failureRate: "0", latencyMs: "0" }),
    outputs,
    {
      port: 0,
      simulator: { retryDelay: "skip", seed: options.seed, injectFault },
    },
  );
  return { deployment, served, table };
}

/** Step 1: starts the orders one at a time, so that the queue holds their messages in a repeatable order. */
async function runOrders(
  sfn: SFNClient,
  stateMachineArn: string,
  options: OutageDemoOptions,
  write: (line: string) => void,
): Promise<string[]> {
  const names = new ExecutionNames(options.seed);
  const orderIds: string[] = [];
  for (let index = 1; index <= options.orders; index += 1) {
    const orderId = `o-outage-${index}`;
    orderIds.push(orderId);
    const { executionArn = "" } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn,
        name: names.next(`outage-${index}`),
        input: JSON.stringify({ orderId, amount: 10 + index * 5, currency: "USD" }),
      }),
    );
    const ended = await untilEnded(sfn, executionArn);
    write(
      `   ${ended.name ?? ""}  ${ended.status ?? ""} in ${await lastStateOf(sfn, executionArn)}: ${ended.error ?? ""}  ` +
        `(${ended.redriveStatus ?? ""})`,
    );
  }
  return orderIds;
}

/** The failure queue's messages, left visible (VisibilityTimeout 0) for the recovery to receive. */
async function peekQueue(sqs: SQSClient, queueUrl: string): Promise<Message[]> {
  const { Messages: messages = [] } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
  );
  return messages;
}

/** Step 4, one order: its records and gateway calls; true when it has one AUTHORIZED record and one call. */
function reportOrder(
  orderId: string,
  items: readonly Record<string, unknown>[],
  called: number,
  write: (line: string) => void,
): boolean {
  const records = items.filter((item) => item.orderId === orderId);
  const statuses = records.map((record) => String(record.status)).join(", ") || "none";
  const execution = records.map((record) => String(record.executionArn).split(":").at(-1)).join(", ");
  write(
    `   ${orderId}  ${records.length} record(s): ${statuses}${execution === "" ? "" : ` (by ${execution})`}; gateway called ${called} time(s)`,
  );
  return records.length === 1 && records[0]?.status === "AUTHORIZED" && called === 1;
}

async function untilEnded(sfn: SFNClient, executionArn: string): Promise<DescribeExecutionCommandOutput> {
  const deadline = Date.now() + WAIT_SECONDS * 1000;
  for (;;) {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== "RUNNING" || Date.now() > deadline) return described;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The state the execution ended in: the last one its history entered. */
async function lastStateOf(sfn: SFNClient, executionArn: string): Promise<string> {
  const { events = [] } = await sfn.send(
    new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, includeExecutionData: false }),
  );
  return (
    events.find((event) => event.stateEnteredEventDetails !== undefined)?.stateEnteredEventDetails?.name ??
    "?"
  );
}

/** One queue message in a line: what sent it, the execution and order it names, and the error it carries. */
function describeMessage(body: string): string {
  const message = parseFailureMessage(body);
  if (message.kind === "unknown") return `not a failed order: ${message.problem}`;
  const parsed: unknown = JSON.parse(body);
  const sender =
    message.kind === "status-change"
      ? `"${String(isRecord(parsed) ? parsed["detail-type"] : "")}" event`
      : `Catch of ${STATES.sendToFailureQueue}`;
  return `${message.orderId ?? "?"}  ${sender}: ${message.executionArn?.split(":").at(-1) ?? "?"}, ${message.error ?? "no error"}`;
}
