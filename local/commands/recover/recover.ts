import {
  RedriveExecutionCommand,
  StartExecutionCommand,
  type DescribeExecutionCommandOutput,
  type SFNClient,
} from "@aws-sdk/client-sfn";
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from "@aws-sdk/client-sqs";

import { parseFailureMessage } from "./failure-message";
import { describe, describePlan, executionArnOf, planOf, type Plan } from "./recovery-plan";
import type { RecoverOutputs } from "./stack-outputs";

export { MAX_RECOVERY_ATTEMPTS, recoveryName } from "./recovery-plan";

export interface RecoverOptions {
  /** Act: redrive or start, and delete what ended SUCCEEDED. Without it, only say what would be done. */
  readonly apply: boolean;
  /** How long to wait for each execution to end. */
  readonly waitSeconds: number;
  /**
   * The longest wait between two DescribeExecution calls while an execution runs; the first wait is
   * FIRST_POLL_MS, doubling up to this. @default 2000
   */
  readonly pollMs?: number;
}

export interface RecoverClients {
  readonly sfn: SFNClient;
  readonly sqs: SQSClient;
}

/** What became of one message. */
export interface MessageOutcome {
  readonly orderId: string;
  readonly action: string;
  /** The message was deleted (its order is recovered). */
  readonly deleted: boolean;
  /** Why the message stays, when it does. */
  readonly reason?: string;
}

/** ReceiveMessage's batch limit, and how many batches one run reads at most. */
const BATCH = 10;
const MAX_BATCHES = 100;
/** A redrive of one failed state ends in well under a second: look soon, then less and less often. */
const FIRST_POLL_MS = 100;
const DEFAULT_POLL_MS = 2000;
/** Kept hidden while it is worked on, longer than the wait so that no other reader takes it meanwhile. */
const VISIBILITY_MARGIN_SECONDS = 60;

/** Reads the failure queue and recovers each order; see the README's "Recovering failed orders". */
export async function recover(
  outputs: RecoverOutputs,
  clients: RecoverClients,
  options: RecoverOptions,
  write: (line: string) => void,
): Promise<MessageOutcome[]> {
  const visibility = options.apply ? options.waitSeconds + VISIBILITY_MARGIN_SECONDS : 0;
  const messages = await receiveAll(clients.sqs, outputs.failureQueueUrl, visibility);
  const outcomes: MessageOutcome[] = [];
  for (const message of messages) {
    const outcome = await recoverOne(message, outputs, clients, options);
    outcomes.push(outcome);
    write(
      `${outcome.orderId}: ${outcome.action}${outcome.deleted ? "; message deleted" : ""}${outcome.reason === undefined ? "" : `; message left: ${outcome.reason}`}`,
    );
    if (options.apply && !outcome.deleted && message.ReceiptHandle !== undefined) {
      // Visible again at once, for the next run or another operator.
      await clients.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: outputs.failureQueueUrl,
          ReceiptHandle: message.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    }
  }
  const left = outcomes.filter((outcome) => !outcome.deleted).length;
  write(
    messages.length === 0
      ? "The failure queue is empty."
      : `${messages.length} message(s): ${messages.length - left} recovered and deleted, ${left} left${options.apply ? "" : " (dry run: nothing was changed; --apply acts)"}.`,
  );
  return outcomes;
}

async function receiveAll(sqs: SQSClient, queueUrl: string, visibility: number): Promise<Message[]> {
  const byId = new Map<string, Message>();
  for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
    const { Messages: received = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: BATCH,
        VisibilityTimeout: visibility,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ["All"],
      }),
    );
    // A dry run leaves messages visible, so they come again: the run stops once a batch brings nothing new.
    const fresh = received.filter(
      (message) => message.MessageId !== undefined && !byId.has(message.MessageId),
    );
    if (fresh.length === 0) break;
    for (const message of fresh) byId.set(message.MessageId ?? "", message);
  }
  return [...byId.values()];
}

async function recoverOne(
  message: Message,
  outputs: RecoverOutputs,
  clients: RecoverClients,
  options: RecoverOptions,
): Promise<MessageOutcome> {
  const order = parseFailureMessage(message.Body ?? "");
  const orderId =
    (order.kind !== "unknown" ? order.orderId : undefined) ?? `message ${message.MessageId ?? "?"}`;
  const plan = await planOf(order, outputs, clients.sfn);
  const described = describePlan(plan);
  if (plan.kind === "leave") return { orderId, action: "nothing to do", deleted: false, reason: plan.reason };
  if (plan.kind === "done") {
    if (!options.apply)
      return { orderId, action: `would delete: ${described}`, deleted: false, reason: "dry run" };
    await deleteMessage(clients.sqs, outputs.failureQueueUrl, message);
    return { orderId, action: described, deleted: true };
  }
  if (!options.apply) return { orderId, action: `would ${described}`, deleted: false, reason: "dry run" };

  const executionArn = await act(plan, outputs, clients.sfn);
  const ended = await untilEnded(clients.sfn, executionArn, options);
  if (ended.status !== "SUCCEEDED") {
    const why =
      ended.status === "RUNNING"
        ? `still RUNNING after ${options.waitSeconds} s`
        : `ended ${ended.status ?? "?"}`;
    return {
      orderId,
      action: described,
      deleted: false,
      reason: `${executionArn} ${why}${ended.error === undefined ? "" : `: ${ended.error}`}${ended.cause === undefined ? "" : ` (${ended.cause})`}`,
    };
  }
  await deleteMessage(clients.sqs, outputs.failureQueueUrl, message);
  return { orderId, action: `${described}: SUCCEEDED`, deleted: true };
}

async function act(
  plan: Extract<Plan, { kind: "wait" | "redrive" | "start" }>,
  outputs: RecoverOutputs,
  sfn: SFNClient,
): Promise<string> {
  switch (plan.kind) {
    case "wait":
      return plan.executionArn;
    case "redrive":
      // By the execution's ARN: a redrive continues the failed attempt on the version (and alias) it started
      // with, whatever the alias routes new executions to since.
      // https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html
      await sfn.send(new RedriveExecutionCommand({ executionArn: plan.executionArn }));
      return plan.executionArn;
    case "start": {
      // Through the live alias, as every producer of the stack starts, so that the new execution runs the version
      // the rollout has put live; the stack's IAM refuses a start of the unqualified ARN or a version.
      // https://docs.aws.amazon.com/step-functions/latest/dg/auth-version-alias.html
      // The same name and input again is idempotent while it runs; the conditional write and the idempotency
      // key keep a second run of the order from recording or charging it twice.
      const started = await sfn.send(
        new StartExecutionCommand({
          stateMachineArn: outputs.liveAliasArn,
          name: plan.name,
          input: plan.input,
        }),
      );
      return started.executionArn ?? executionArnOf(outputs.stateMachineArn, plan.name);
    }
  }
}

async function untilEnded(
  sfn: SFNClient,
  executionArn: string,
  options: RecoverOptions,
): Promise<DescribeExecutionCommandOutput | { status: "RUNNING"; error?: undefined; cause?: undefined }> {
  const deadline = Date.now() + options.waitSeconds * 1000;
  const longest = options.pollMs ?? DEFAULT_POLL_MS;
  for (let wait = Math.min(FIRST_POLL_MS, longest); ; wait = Math.min(wait * 2, longest)) {
    const described = await describe(sfn, executionArn);
    if (described === undefined) throw new Error(`${executionArn} does not exist right after it was started`);
    if (described.status !== "RUNNING") return described;
    if (Date.now() >= deadline) return { status: "RUNNING" };
    await new Promise((resolve) => setTimeout(resolve, Math.min(wait, Math.max(0, deadline - Date.now()))));
  }
}

async function deleteMessage(sqs: SQSClient, queueUrl: string, message: Message): Promise<void> {
  await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
}
