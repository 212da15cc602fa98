import * as pulumi from "@pulumi/pulumi";
import { BundledFunction, type BundledFunctionArgs } from "../../components/bundled-function";
import { LoggedStateMachine, type LoggedStateMachineArgs } from "../../components/logged-state-machine";
import { conflictingArgs, OrderWorkflow, type OrderWorkflowArgs } from "../../components/order-workflow";
import type { LogLevel } from "../../components/validation";
import { MOCK_ACCOUNT_ID, RecordingMocks } from "../../local/capture/pulumi-mocks";
import { settle } from "../../local/capture/synth";
import { ACCOUNT, REGION, TYPES } from "./helpers";
import { thrownBy } from "./thrown";

const RETENTIONS =
  "1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653";
const TAG_KEY_PROBLEM =
  '`tags` has tag key "aws:owner"; keys must be 1 to 128 characters and must not start with "aws:".';

const VALIDATE_ENTRY = "functions/validate-order/handler.ts";
/** Bad args must be refused before the entry is bundled: bundling this one would fail with esbuild's error. */
const MISSING_ENTRY = "functions/no-such-handler.ts";

const FN_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:f`;
const DEFINITION = {
  StartAt: "Call",
  States: {
    Call: {
      Type: "Task",
      Resource: "arn:aws:states:::lambda:invoke",
      Parameters: { FunctionName: FN_ARN },
      End: true,
    },
  },
} as const;

let mocks: RecordingMocks;

beforeEach(async () => {
  mocks = new RecordingMocks({ accountId: MOCK_ACCOUNT_ID, region: REGION });
  await pulumi.runtime.setMocks(mocks, "order-workflow", "test", false);
});

// Registrations still in flight would otherwise reach the next test's mock monitor.
afterEach(async () => {
  await pulumi.runtime.disconnect();
});

/** Every registration the constructor started, children included, has reached the mocks. */
function settled(): Promise<void> {
  return pulumi.runtime.disconnect();
}

function recorded(): string[] {
  return mocks.resources.map((resource) => `${resource.type} ${resource.name}`);
}

const error = (message: string) => ({ type: Error, name: "Error", message });

const ORDER_PLACED = { source: ["com.example.orders"], "detail-type": ["OrderPlaced"] };
/** Alarms on, with the key and the subscriber they need. */
const ALARMS_ON: OrderWorkflowArgs = {
  alarmsEnabled: true,
  kmsKey: "customer-managed",
  alarmSubscriptions: [{ protocol: "email", endpoint: "oncall@example.com" }],
};
const TRIGGER_WITHOUT_KEY =
  "`eventPattern` needs `kmsKey` customer-managed; received aws-managed. " +
  "EventBridge can only leave undeliverable events in a queue encrypted with a key whose policy allows it, " +
  "and the policy of the AWS-managed SQS key cannot be changed.";
const ALARMS_WITHOUT_KEY =
  "`alarmsEnabled` needs `kmsKey` customer-managed; received aws-managed. " +
  "CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed SNS key, whose key policy " +
  "cannot be changed to allow them.";
const EXPRESS_WITHOUT_LOGS =
  "`workflowType` EXPRESS needs `logLevel` ALL, ERROR or FATAL; received OFF. " +
  "Express workflows keep no execution history, so their logs are the only record of what an execution did.";

describe("OrderWorkflow", () => {
  const longName = "a".repeat(42);

  test.each<[string, string, OrderWorkflowArgs, string]>([
    [
      "fails when the name is longer than 41 characters",
      longName,
      {},
      `\`name\` must be 1 to 41 letters, digits or '-', starting with a letter or digit, so that every AWS name derived from it is valid. Received: "${"a".repeat(40)}…".`,
    ],
    [
      "fails when the name has a character AWS names do not allow",
      "orders_dev",
      {},
      `\`name\` must be 1 to 41 letters, digits or '-', starting with a letter or digit, so that every AWS name derived from it is valid. Received: "orders_dev".`,
    ],
    [
      "fails when logRetentionDays is 8",
      "wf",
      { logRetentionDays: 8 },
      `\`logRetentionDays\` must be one of ${RETENTIONS}. Received: 8.`,
    ],
    [
      "fails when logLevel is VERBOSE",
      "wf",
      { logLevel: "VERBOSE" as unknown as LogLevel },
      '`logLevel` must be one of ALL, ERROR, FATAL, OFF. Received: "VERBOSE".',
    ],
    [
      "fails when includeExecutionData is not a boolean",
      "wf",
      { includeExecutionData: "yes" as unknown as boolean },
      '`includeExecutionData` must be true or false. Received: "yes".',
    ],
    [
      "fails when authFailureRate is 2",
      "wf",
      { authFailureRate: 2 },
      "`authFailureRate` must be a number from 0 to 1. Received: 2.",
    ],
    [
      "fails when authLatencyMs is 5001",
      "wf",
      { authLatencyMs: 5001 },
      "`authLatencyMs` must be a whole number from 0 to 5000. Received: 5001.",
    ],
    [
      "fails when authLatencyMs is fractional",
      "wf",
      { authLatencyMs: 1.5 },
      "`authLatencyMs` must be a whole number from 0 to 5000. Received: 1.5.",
    ],
    [
      "fails when a tag key starts with aws:",
      "wf",
      { tags: { Owner: "me", "aws:owner": "me" } },
      TAG_KEY_PROBLEM,
    ],
    [
      "fails when eventPattern is set with the default kmsKey",
      "wf",
      { eventPattern: ORDER_PLACED },
      TRIGGER_WITHOUT_KEY,
    ],
    [
      "fails when eventPattern is set with kmsKey aws-managed",
      "wf",
      { eventPattern: ORDER_PLACED, kmsKey: "aws-managed" },
      TRIGGER_WITHOUT_KEY,
    ],
    [
      "fails when alarms are on and one-minute periods are evaluated over more than a day, naming the args",
      "wf",
      { ...ALARMS_ON, alarmEvaluationPeriods: 1441 },
      "`alarmEvaluationPeriods` × `alarmPeriodSeconds` must be at most 86400 seconds with a period under an hour. Received: 1441 × 60 = 86460.",
    ],
    [
      "fails when alarms are on and hourly periods are evaluated over more than seven days, naming the args",
      "wf",
      { ...ALARMS_ON, alarmPeriodSeconds: 3600, alarmEvaluationPeriods: 169 },
      "`alarmEvaluationPeriods` × `alarmPeriodSeconds` must be at most 604800 seconds with a period of an hour or more. Received: 169 × 3600 = 608400.",
    ],
    [
      "fails when alarms are on without alarmSubscriptions, naming the arg",
      "wf",
      { alarmsEnabled: true, kmsKey: "customer-managed" },
      '`alarmSubscriptions` must name at least one subscriber, such as { protocol: "email", endpoint: "oncall@example.com" }: an alarm that notifies nobody pages nobody. Received: nothing.',
    ],
    [
      "fails when alarms are on and a subscription has a bad endpoint, naming the arg",
      "wf",
      { ...ALARMS_ON, alarmSubscriptions: [{ protocol: "sms", endpoint: "5550100" }] },
      '`alarmSubscriptions[0]` has an endpoint for sms that is not a phone number in E.164 form such as +15555550100. Received: {"protocol":"sms","endpoint":"5550100"}.',
    ],
    [
      "fails when alarms are on and alarmDeclineRateThreshold is below authFailureRate",
      "wf",
      { ...ALARMS_ON, authFailureRate: 0.6 },
      "`alarmDeclineRateThreshold` must be a number greater than `authFailureRate` (0.6) and at most 1: the alarm fires on a share of invocations above the one expected. Received: 0.5.",
    ],
    [
      "fails when alarms are on and alarmDeclineRateMinAttempts is 0",
      "wf",
      { ...ALARMS_ON, alarmDeclineRateMinAttempts: 0 },
      "`alarmDeclineRateMinAttempts` must be a whole number of at least 1. Received: 0.",
    ],
  ])("%s, before creating any child", async (_name, name, args, message) => {
    expect(thrownBy(() => new OrderWorkflow(name, args))).toEqual(error(message));
    await settled();
    expect(recorded()).toEqual([`${TYPES.workflow} ${name}`]);
  });

  test("accepts a 41-character name, whose longest derived names fit AWS's limits", async () => {
    const name = "a".repeat(41);
    const workflow = new OrderWorkflow(name, { logRetentionDays: 7 });
    await settled();
    // The table, topic and function components need only the workflow's URN: they are there already.
    expect(recorded()).toEqual(
      expect.arrayContaining([
        `${TYPES.workflow} ${name}`,
        `${TYPES.table} ${name}-orders`,
        `${TYPES.topic} ${name}-order-events`,
        `${TYPES.bundledFunction} ${name}-authorize-payment`,
      ]),
    );
    expect(await settle(workflow.stateMachineName)).toBe(`${name}-state-machine`);
    const role = mocks.resources.find((resource) => resource.name === `${name}-authorize-payment-role`);
    expect(role?.inputs.name).toHaveLength(64);
  });
});

describe("conflictingArgs", () => {
  const VALID = {
    workflowType: "STANDARD",
    logLevel: "ERROR",
    alarmsEnabled: false,
    kmsKey: "aws-managed",
  } as const;

  test.each<[string, Parameters<typeof conflictingArgs>[0]]>([
    ["the defaults", VALID],
    ["EXPRESS with logLevel ERROR", { ...VALID, workflowType: "EXPRESS" }],
    ["STANDARD with logLevel OFF", { ...VALID, logLevel: "OFF" }],
    ["alarms with the customer-managed key", { ...VALID, alarmsEnabled: true, kmsKey: "customer-managed" }],
    [
      "an event pattern with the customer-managed key",
      { ...VALID, eventPattern: ORDER_PLACED, kmsKey: "customer-managed" },
    ],
  ])("finds no conflict in %s", (_name, args) => {
    expect(conflictingArgs(args)).toEqual([]);
  });

  test.each<[string, Parameters<typeof conflictingArgs>[0], string[]]>([
    [
      "fails when an event pattern comes without the customer-managed key",
      { ...VALID, eventPattern: ORDER_PLACED },
      [TRIGGER_WITHOUT_KEY],
    ],
    [
      "fails when all three conflicts are there, reporting each in order",
      {
        workflowType: "EXPRESS",
        logLevel: "OFF",
        alarmsEnabled: true,
        kmsKey: "aws-managed",
        eventPattern: ORDER_PLACED,
      },
      [EXPRESS_WITHOUT_LOGS, ALARMS_WITHOUT_KEY, TRIGGER_WITHOUT_KEY],
    ],
  ])("%s", (_name, args, conflicts) => {
    expect(conflictingArgs(args)).toEqual(conflicts);
  });

  test("fails when an event pattern comes without the customer-managed key, naming the fields as the caller does", () => {
    expect(
      conflictingArgs({ ...VALID, eventPattern: ORDER_PLACED }, (arg) =>
        arg === "eventPattern" ? "stack:eventTriggerPattern" : `stack:${arg}`,
      ),
    ).toEqual([
      "`stack:eventTriggerPattern` needs `stack:kmsKey` customer-managed; received aws-managed. " +
        "EventBridge can only leave undeliverable events in a queue encrypted with a key whose policy allows it, " +
        "and the policy of the AWS-managed SQS key cannot be changed.",
    ]);
  });
});

describe("BundledFunction", () => {
  const valid: BundledFunctionArgs = { entry: MISSING_ENTRY, logRetentionDays: 7 };

  test.each<[string, string, BundledFunctionArgs, string]>([
    [
      "fails when the name is longer than 59 characters",
      "f".repeat(60),
      valid,
      `\`name\` must be 1 to 59 letters, digits or '-', starting with a letter or digit, so that every AWS name derived from it is valid. Received: "${"f".repeat(40)}…".`,
    ],
    [
      "fails when logRetentionDays is 8",
      "fn",
      { ...valid, logRetentionDays: 8 },
      `\`logRetentionDays\` must be one of ${RETENTIONS}. Received: 8.`,
    ],
    [
      "fails when memorySizeMb is below 128",
      "fn",
      { ...valid, memorySizeMb: 64 },
      "`memorySizeMb` must be a whole number from 128 to 10240. Received: 64.",
    ],
    [
      "fails when timeoutSeconds is above 900",
      "fn",
      { ...valid, timeoutSeconds: 901 },
      "`timeoutSeconds` must be a whole number from 1 to 900. Received: 901.",
    ],
    [
      "fails when a tag key starts with aws:",
      "fn",
      { ...valid, tags: { "aws:owner": "me" } },
      TAG_KEY_PROBLEM,
    ],
  ])("%s, before bundling or creating any child", async (_name, name, args, message) => {
    expect(thrownBy(() => new BundledFunction(name, args))).toEqual(error(message));
    await settled();
    expect(recorded()).toEqual([`${TYPES.bundledFunction} ${name}`]);
  });

  test("accepts valid args and creates its log group, role, attachment and function", async () => {
    const fn = new BundledFunction("fn", { entry: VALIDATE_ENTRY, logRetentionDays: 7 });
    await settled();
    // The log group and the role need only the component's URN: the same wait sees them.
    expect(recorded()).toEqual(
      expect.arrayContaining([`${TYPES.logGroup} fn-logs`, `${TYPES.role} fn-role`]),
    );
    expect(await settle(fn.functionName)).toBe("fn");
    expect(recorded().sort()).toEqual(
      [
        `${TYPES.bundledFunction} fn`,
        `${TYPES.logGroup} fn-logs`,
        `${TYPES.role} fn-role`,
        `${TYPES.rolePolicyAttachment} fn-basic-execution`,
        `${TYPES.function} fn`,
      ].sort(),
    );
  });
});

describe("LoggedStateMachine", () => {
  const valid: LoggedStateMachineArgs = { definition: DEFINITION, logRetentionDays: 7 };

  test.each<[string, string, LoggedStateMachineArgs, string]>([
    [
      "fails when the name is longer than 59 characters",
      "m".repeat(60),
      valid,
      `\`name\` must be 1 to 59 letters, digits or '-', starting with a letter or digit, so that every AWS name derived from it is valid. Received: "${"m".repeat(40)}…".`,
    ],
    [
      "fails when logRetentionDays is 8",
      "sm",
      { ...valid, logRetentionDays: 8 },
      `\`logRetentionDays\` must be one of ${RETENTIONS}. Received: 8.`,
    ],
    [
      "fails when logLevel is VERBOSE",
      "sm",
      { ...valid, logLevel: "VERBOSE" as unknown as LogLevel },
      '`logLevel` must be one of ALL, ERROR, FATAL, OFF. Received: "VERBOSE".',
    ],
    [
      "fails when type is not STANDARD or EXPRESS",
      "sm",
      { ...valid, type: "BATCH" as unknown as "STANDARD" },
      '`type` must be one of STANDARD, EXPRESS. Received: "BATCH".',
    ],
    [
      "fails when tracingEnabled is not a boolean",
      "sm",
      { ...valid, tracingEnabled: "true" as unknown as boolean },
      '`tracingEnabled` must be true or false. Received: "true".',
    ],
    [
      "fails when a tag key starts with aws:",
      "sm",
      { ...valid, tags: { "aws:owner": "me" } },
      TAG_KEY_PROBLEM,
    ],
  ])("%s, before creating any child", async (_name, name, args, message) => {
    expect(thrownBy(() => new LoggedStateMachine(name, args))).toEqual(error(message));
    await settled();
    expect(recorded()).toEqual([`${TYPES.loggedStateMachine} ${name}`]);
  });

  test("accepts valid args and creates its log group, role, policy and state machine", async () => {
    const machine = new LoggedStateMachine("sm", valid);
    await settled();
    // The log group needs only the component's URN: the same wait sees it.
    expect(recorded()).toEqual(expect.arrayContaining([`${TYPES.logGroup} sm-logs`]));
    expect(await settle(machine.stateMachineName)).toBe("sm");
    expect(recorded().sort()).toEqual(
      [
        `${TYPES.loggedStateMachine} sm`,
        `${TYPES.logGroup} sm-logs`,
        `${TYPES.role} sm-role`,
        `${TYPES.rolePolicy} sm-policy`,
        `${TYPES.stateMachine} sm`,
      ].sort(),
    );
  });
});
