import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
  type DescribeExecutionCommandOutput,
} from "@aws-sdk/client-sfn";
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";

import { STATES } from "../../components/order-definition";
import { buildOperatorPolicy } from "../../components/operator-policy";
import { recover, type MessageOutcome } from "../../local/commands/recover/recover";
import type { RecoverOutputs } from "../../local/commands/recover/stack-outputs";
import type { Served } from "../../local/commands/serve/serve";
import type { TaskCall } from "../../local/engine/simulator-options";
import { clientsOf, serveDev } from "../serve/serve-harness";

/** `down-…` executions fail at PersistAuthorized (their recoveries do not); `always-…` ones, recoveries too. */
function injectFault(call: TaskCall) {
  const failing =
    (call.executionName.startsWith("down-") && !call.executionName.includes("-recovery-")) ||
    call.executionName.startsWith("always-");
  return failing && call.stateName === STATES.persistAuthorized ? { code: "InternalServerError" } : undefined;
}

/** Why a dev execution is started again rather than redriven. */
const ENDED_IN_FAIL_STATE =
  "it ended in the Fail state OrderFailureQueued, which a redrive would only run again";

let served: Served;
let clients: ReturnType<typeof clientsOf>;
let outputs: RecoverOutputs;

beforeAll(async () => {
  served = await serveDev({ injectFault });
  clients = clientsOf(served);
  outputs = {
    stateMachineArn: served.outputs.stateMachineArn ?? "",
    liveAliasArn: served.outputs.liveAliasArn ?? "",
    failureQueueUrl: served.outputs.failureQueueUrl ?? "",
  };
});

afterAll(async () => {
  await served.close();
});

async function failedExecution(name: string, orderId: string): Promise<DescribeExecutionCommandOutput> {
  const { executionArn } = await clients.sfn.send(
    new StartExecutionCommand({
      stateMachineArn: outputs.liveAliasArn,
      name,
      input: JSON.stringify({ orderId, amount: 12, currency: "USD" }),
    }),
  );
  for (let poll = 0; poll < 300; poll += 1) {
    const described = await clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== "RUNNING") return described;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${name} did not end`);
}

async function run(apply: boolean): Promise<{ outcomes: MessageOutcome[]; lines: string[] }> {
  const lines: string[] = [];
  const outcomes = await recover(outputs, clients, { apply, waitSeconds: 20, pollMs: 10 }, (line) =>
    lines.push(line),
  );
  return { outcomes, lines };
}

async function queued(): Promise<string[]> {
  const { Messages = [] } = await clients.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: outputs.failureQueueUrl,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 0,
    }),
  );
  return Messages.map((message) => message.Body ?? "");
}

async function executionNames(): Promise<string[]> {
  const { executions = [] } = await clients.sfn.send(
    new ListExecutionsCommand({ stateMachineArn: outputs.stateMachineArn }),
  );
  return executions.map((execution) => execution.name ?? "").sort();
}

test("a dry run prints the plan for a failed order, leaves the message and starts nothing", async () => {
  const failed = await failedExecution("down-1", "o-down-1");
  // Redrivable, as far as Step Functions can tell; recover knows better (the Fail state would run again).
  expect([failed.status, failed.error, failed.redriveStatus]).toEqual([
    "FAILED",
    "OrderWorkflow.FailureQueued",
    "REDRIVABLE",
  ]);
  expect(await queued()).toHaveLength(1);
  const before = await executionNames();

  const { outcomes, lines } = await run(false);

  expect(outcomes).toEqual([
    {
      orderId: "o-down-1",
      action: `would start down-1-recovery-1 with the original input (${ENDED_IN_FAIL_STATE})`,
      deleted: false,
      reason: "dry run",
    },
  ]);
  expect(lines.at(-1)).toBe(
    "1 message(s): 0 recovered and deleted, 1 left (dry run: nothing was changed; --apply acts).",
  );
  expect(await queued()).toHaveLength(1);
  expect(await executionNames()).toEqual(before);
});

test("--apply starts a new execution through the live alias with the original input and deletes the message once it SUCCEEDED", async () => {
  const { outcomes } = await run(true);

  expect(outcomes).toEqual([
    {
      orderId: "o-down-1",
      action: `start down-1-recovery-1 with the original input (${ENDED_IN_FAIL_STATE}): SUCCEEDED`,
      deleted: true,
    },
  ]);
  const recovered = await clients.sfn.send(
    new DescribeExecutionCommand({
      executionArn: `${outputs.stateMachineArn.replace(":stateMachine:", ":execution:")}:down-1-recovery-1`,
    }),
  );
  expect([
    recovered.status,
    JSON.parse(recovered.input ?? "null"),
    recovered.stateMachineArn,
    recovered.stateMachineAliasArn,
    recovered.stateMachineVersionArn,
  ]).toEqual([
    "SUCCEEDED",
    { orderId: "o-down-1", amount: 12, currency: "USD" },
    "arn:aws:states:us-east-1:123456789012:stateMachine:order-workflow-dev-state-machine",
    "arn:aws:states:us-east-1:123456789012:stateMachine:order-workflow-dev-state-machine:live",
    "arn:aws:states:us-east-1:123456789012:stateMachine:order-workflow-dev-state-machine:1",
  ]);
  expect(await queued()).toEqual([]);
  expect((await run(true)).lines).toEqual(["The failure queue is empty."]);
});

test("a message whose new execution fails again stays, with the reason; a status-change event is recovered by its ARN", async () => {
  await failedExecution("always-1", "o-always-1");
  const down2 = await failedExecution("down-2", "o-down-2");
  // The message an EventBridge status-change rule would queue (the Catch's own message is removed first).
  const { Messages = [] } = await clients.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: outputs.failureQueueUrl,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 0,
    }),
  );
  const down2Catch = Messages.find((message) => message.Body?.includes(':down-2"'));
  expect(down2Catch).toBeDefined();
  await clients.sqs.send(
    new DeleteMessageCommand({ QueueUrl: outputs.failureQueueUrl, ReceiptHandle: down2Catch?.ReceiptHandle }),
  );
  await clients.sqs.send(
    new SendMessageCommand({
      QueueUrl: outputs.failureQueueUrl,
      MessageBody: JSON.stringify({
        "detail-type": "Step Functions Execution Status Change",
        source: "aws.states",
        detail: { executionArn: down2.executionArn, status: "FAILED", input: down2.input },
      }),
    }),
  );
  const targets = served.endpoint.targets.length;

  const { outcomes } = await run(true);

  const byOrder = Object.fromEntries(outcomes.map((outcome) => [outcome.orderId, outcome]));
  expect(byOrder["o-always-1"]).toEqual({
    orderId: "o-always-1",
    action: `start always-1-recovery-1 with the original input (${ENDED_IN_FAIL_STATE})`,
    deleted: false,
    reason: expect.stringMatching(
      /:always-1-recovery-1 ended FAILED: OrderWorkflow\.FailureQueued \(/,
    ) as unknown,
  });
  expect(byOrder["o-down-2"]).toMatchObject({
    deleted: true,
    action: expect.stringMatching(/^start down-2-recovery-1 .*: SUCCEEDED$/) as unknown,
  });
  // Left: always-1's message, visible again, and the one its failed recovery queued.
  const left = (await queued()).map((body) => (JSON.parse(body) as { executionArn: string }).executionArn);
  expect(left.map((arn) => arn.split(":").at(-1)).sort()).toEqual(["always-1", "always-1-recovery-1"]);

  // Only what the operator policy allows was called.
  const policy = buildOperatorPolicy({
    region: "us-east-1",
    stateMachineArn: outputs.stateMachineArn,
    liveAliasArn: outputs.liveAliasArn,
    failureQueueArn: "arn:aws:sqs:us-east-1:123456789012:q",
  }) as { Statement: { Action: string | string[]; Condition?: unknown }[] };
  const allowed = new Set(policy.Statement.flatMap((statement) => [statement.Action].flat()));
  const called = new Set(
    served.endpoint.targets
      .slice(targets)
      .map((target) => target.replace(/^AWSStepFunctions\./, "states:").replace(/^AmazonSQS\./, "sqs:")),
  );
  expect([...called].filter((action) => !allowed.has(action))).toEqual([]);
  expect([...called].sort()).toEqual([
    "sqs:ChangeMessageVisibility",
    "sqs:DeleteMessage",
    "sqs:ReceiveMessage",
    "states:DescribeExecution",
    "states:StartExecution",
  ]);
  // The policy allows StartExecution through the alias only, which is how recover started them.
  expect(
    policy.Statement.find((statement) => statement.Action === "states:StartExecution")?.Condition,
  ).toEqual({ "ForAnyValue:StringEquals": { "states:StateMachineQualifier": ["live"] } });
  const restarted = await clients.sfn.send(
    new DescribeExecutionCommand({
      executionArn: `${outputs.stateMachineArn.replace(":stateMachine:", ":execution:")}:down-2-recovery-1`,
    }),
  );
  expect(restarted.stateMachineAliasArn).toBe(outputs.liveAliasArn);

  // The next run continues the attempts of the same order: its recovery's message names -recovery-1.
  const again = await run(false);
  expect(again.outcomes.map((outcome) => outcome.action).sort()).toEqual([
    `would start always-1-recovery-2 with the original input (${ENDED_IN_FAIL_STATE})`,
    `would start always-1-recovery-2 with the original input (${ENDED_IN_FAIL_STATE})`,
  ]);
});
