import * as pulumi from "@pulumi/pulumi";
import { EventBridgeTrigger, type EventBridgeTriggerArgs } from "../../components/event-trigger";
import { settle } from "../../local/capture/synth";
import { thrownBy } from "../program/thrown";
import { ACCOUNT, parsed, plainError, recorderPerTest, REGION } from "./registrations";

const TYPES = {
  component: "order-workflow:events:EventBridgeTrigger",
  rule: "aws:cloudwatch/eventRule:EventRule",
  target: "aws:cloudwatch/eventTarget:EventTarget",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
} as const;

const STATE_MACHINE_ARN = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:orders`;
const ALIAS_ARN = `${STATE_MACHINE_ARN}:live`;
/** StartExecution through the alias only: authorized on the state machine's ARN, for the qualifier `live`. */
const START_THROUGH_ALIAS = {
  Effect: "Allow",
  Action: "states:StartExecution",
  Resource: STATE_MACHINE_ARN,
  Condition: { "ForAnyValue:StringEquals": { "states:StateMachineQualifier": ["live"] } },
};
const DLQ_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:orders-trigger-dlq`;
const RULE_ARN = `arn:aws:events:${REGION}:${ACCOUNT}:rule/tr-rule`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/tr-role`;
const PATTERN = {
  source: ["com.example.shop"],
  "detail-type": ["OrderPlaced"],
  detail: { order: { amount: [{ numeric: [">", 0] }] } },
};
const VALID: EventBridgeTriggerArgs = { stateMachineAliasArn: ALIAS_ARN, eventPattern: PATTERN };
const FIELDS = "source, detail-type, detail, account, region, resources, time, id, version";
const FILTERS = "prefix, suffix, anything-but, numeric, exists, cidr, equals-ignore-case, wildcard";

const recorder = recorderPerTest();
const error = plainError;

describe("children", () => {
  test("creates the rule, the role, its StartExecution policy and the target", async () => {
    new EventBridgeTrigger("tr", VALID);
    await recorder().settled();
    expect(recorder().keys().sort()).toEqual(
      [
        `${TYPES.component} tr`,
        `${TYPES.rule} tr-rule`,
        `${TYPES.role} tr-role`,
        `${TYPES.rolePolicy} tr-start-execution`,
        `${TYPES.target} tr-target`,
      ].sort(),
    );
  });

  test("the rule listens on the default bus for the pattern, serialized once", async () => {
    new EventBridgeTrigger("tr", { ...VALID, tags: { Owner: "platform-team" } });
    await recorder().settled();
    const { eventPattern, ...inputs } = recorder().inputs(TYPES.rule, "tr-rule");
    expect({ ...inputs, eventPattern: parsed(eventPattern) }).toEqual({
      name: "tr-rule",
      eventBusName: "default",
      eventPattern: PATTERN,
      tags: { Owner: "platform-team" },
    });
  });

  test("only EventBridge, for this rule of this account, may assume the role", async () => {
    new EventBridgeTrigger("tr", VALID);
    await recorder().settled();
    const { assumeRolePolicy, ...inputs } = recorder().inputs(TYPES.role, "tr-role");
    expect({ ...inputs, assumeRolePolicy: parsed(assumeRolePolicy) }).toEqual({
      name: "tr-role",
      tags: {},
      assumeRolePolicy: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: {
              StringEquals: { "aws:SourceAccount": ACCOUNT },
              ArnEquals: { "aws:SourceArn": RULE_ARN },
            },
          },
        ],
      },
    });
  });

  test("the role may only start executions through exactly this alias", async () => {
    new EventBridgeTrigger("tr", VALID);
    await recorder().settled();
    const { policy, ...inputs } = recorder().inputs(TYPES.rolePolicy, "tr-start-execution");
    expect({ ...inputs, policy: parsed(policy) }).toEqual({
      name: "tr-start-execution",
      role: "tr-role-id",
      policy: {
        Version: "2012-10-17",
        Statement: [START_THROUGH_ALIAS],
      },
    });
  });

  test("defaults: the target passes the event's detail and retries for a day, 185 times, without a DLQ", async () => {
    new EventBridgeTrigger("tr", VALID);
    await recorder().settled();
    expect(recorder().inputs(TYPES.target, "tr-target")).toEqual({
      rule: "tr-rule",
      eventBusName: "default",
      arn: ALIAS_ARN,
      roleArn: ROLE_ARN,
      inputPath: "$.detail",
      retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86400 },
    });
  });

  test("with every optional arg: the bus, input path, retries and dead-letter queue reach the rule and target", async () => {
    new EventBridgeTrigger("tr", {
      ...VALID,
      eventBusName: "orders-bus",
      inputPath: "$.detail.order",
      deadLetterQueueArn: DLQ_ARN,
      maximumRetryAttempts: 3,
      maximumEventAgeSeconds: 600,
    });
    await recorder().settled();
    expect({
      ruleBus: recorder().inputs(TYPES.rule, "tr-rule").eventBusName,
      target: recorder().inputs(TYPES.target, "tr-target"),
    }).toEqual({
      ruleBus: "orders-bus",
      target: {
        rule: "tr-rule",
        eventBusName: "orders-bus",
        arn: ALIAS_ARN,
        roleArn: ROLE_ARN,
        inputPath: "$.detail.order",
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 600 },
        deadLetterConfig: { arn: DLQ_ARN },
      },
    });
  });

  test("the target depends on the role policy, so no event is sent before the role may start executions", async () => {
    new EventBridgeTrigger("tr", VALID);
    await recorder().settled();
    // The rule and the role come from `rule` and `roleArn`; no input refers to the policy: only dependsOn.
    expect(recorder().dependencies(TYPES.target, "tr-target")).toEqual(
      [`${TYPES.rolePolicy} tr-start-execution`, `${TYPES.role} tr-role`, `${TYPES.rule} tr-rule`].sort(),
    );
  });

  test("an alias ARN that comes from another resource reaches the policy and the target", async () => {
    new EventBridgeTrigger("tr", { ...VALID, stateMachineAliasArn: pulumi.output(ALIAS_ARN) });
    await recorder().settled();
    expect([
      parsed(recorder().inputs(TYPES.rolePolicy, "tr-start-execution").policy),
      recorder().inputs(TYPES.target, "tr-target").arn,
    ]).toEqual([{ Version: "2012-10-17", Statement: [START_THROUGH_ALIAS] }, ALIAS_ARN]);
  });
});

describe("outputs", () => {
  test("the rule's ARN and name and the role's ARN", async () => {
    const trigger = new EventBridgeTrigger("tr", VALID);
    expect({
      ruleArn: await settle(trigger.ruleArn),
      ruleName: await settle(trigger.ruleName),
      roleArn: await settle(trigger.roleArn),
    }).toEqual({ ruleArn: RULE_ARN, ruleName: "tr-rule", roleArn: ROLE_ARN });
  });
});

describe("event patterns", () => {
  test.each<[string, Record<string, unknown>]>([
    ["a source only", { source: ["com.example.shop"] }],
    [
      "content filters",
      { source: [{ prefix: "com.example." }], region: [{ "anything-but": ["us-west-1"] }] },
    ],
    ["nested detail fields and null", { detail: { order: { coupon: [null], status: ["NEW", "RETRY"] } } }],
    ["$or inside detail", { detail: { $or: [{ amount: [{ numeric: [">", 100] }] }, { vip: [true] }] } }],
  ])("accepts %s", async (_case, eventPattern) => {
    new EventBridgeTrigger("tr", { ...VALID, eventPattern });
    await recorder().settled();
    expect(parsed(recorder().inputs(TYPES.rule, "tr-rule").eventPattern)).toEqual(eventPattern);
  });
});

describe("validation", () => {
  const withPattern = (eventPattern: Record<string, unknown>): EventBridgeTriggerArgs => ({
    ...VALID,
    eventPattern,
  });

  test.each<[string, string, EventBridgeTriggerArgs, string]>([
    [
      "fails when the name is longer than 59 characters",
      "t".repeat(60),
      VALID,
      `\`name\` must be 1 to 59 letters, digits or '-', starting with a letter or digit, so that every AWS name derived from it is valid. Received: "${"t".repeat(40)}…".`,
    ],
    [
      "fails when stateMachineAliasArn has a wildcard",
      "tr",
      { ...VALID, stateMachineAliasArn: `${STATE_MACHINE_ARN}:*` },
      '`stateMachineAliasArn` must be an ARN of the form arn:<partition>:states:<region>:<account>:stateMachine:<name>:<alias name>. Received: "arn:aws:states:us-east-1:123456789012:st…".',
    ],
    [
      "fails when stateMachineAliasArn is the unqualified state machine, which would bypass the alias",
      "tr",
      { ...VALID, stateMachineAliasArn: STATE_MACHINE_ARN },
      '`stateMachineAliasArn` must be an ARN of the form arn:<partition>:states:<region>:<account>:stateMachine:<name>:<alias name>. Received: "arn:aws:states:us-east-1:123456789012:st…".',
    ],
    [
      "fails when stateMachineAliasArn is a version, which no rollout moves",
      "tr",
      { ...VALID, stateMachineAliasArn: `${STATE_MACHINE_ARN}:3` },
      '`stateMachineAliasArn` must be an ARN of the form arn:<partition>:states:<region>:<account>:stateMachine:<name>:<alias name>. Received: "arn:aws:states:us-east-1:123456789012:st…".',
    ],
    [
      "fails when the event pattern is empty",
      "tr",
      withPattern({}),
      `\`eventPattern\` must be a non-empty object whose keys are event fields (${FIELDS}). Received: {}.`,
    ],
    [
      "fails when the event pattern is an array",
      "tr",
      { ...VALID, eventPattern: ["com.example.shop"] as unknown as Record<string, unknown> },
      `\`eventPattern\` must be a non-empty object whose keys are event fields (${FIELDS}). Received: ["com.example.shop"].`,
    ],
    [
      "fails when a top-level key is not an event field",
      "tr",
      withPattern({ source: ["com.example.shop"], orderId: ["o-1"] }),
      `\`eventPattern\` has key "orderId"; its keys must be event fields: ${FIELDS}.`,
    ],
    [
      "fails when a field is a plain string rather than an array",
      "tr",
      withPattern({ source: "com.example.shop" }),
      '`eventPattern.source` must be a non-empty array of values or content filters, such as ["com.example.orders"]. Received: "com.example.shop".',
    ],
    [
      "fails when a field's array is empty",
      "tr",
      withPattern({ "detail-type": [] }),
      '`eventPattern.detail-type` must be a non-empty array of values or content filters, such as ["com.example.orders"]. Received: [].',
    ],
    [
      "fails when a content filter is unknown",
      "tr",
      withPattern({ source: [{ startsWith: "com." }] }),
      `\`eventPattern.source[0]\` must be a content filter with one of ${FILTERS}. Received: {"startsWith":"com."}.`,
    ],
    [
      "fails when a content filter has two operators",
      "tr",
      withPattern({ source: [{ prefix: "com.", suffix: ".shop" }] }),
      `\`eventPattern.source[0]\` must be a content filter with one of ${FILTERS}. Received: {"prefix":"com.","suffix":".shop"}.`,
    ],
    [
      "fails when a value inside an array is itself an array",
      "tr",
      withPattern({ resources: [["arn:aws:s3:::bucket"]] }),
      '`eventPattern.resources[0]` must be a string, a number, a boolean, null or a content filter. Received: ["arn:aws:s3:::bucket"].',
    ],
    [
      "fails when detail is a string",
      "tr",
      withPattern({ detail: "OrderPlaced" }),
      '`eventPattern.detail` must be a non-empty array of values or a non-empty object of nested fields. Received: "OrderPlaced".',
    ],
    [
      "fails when a nested detail field is a number",
      "tr",
      withPattern({ detail: { order: { amount: 10 } } }),
      "`eventPattern.detail.order.amount` must be a non-empty array of values or a non-empty object of nested fields. Received: 10.",
    ],
    [
      "fails when a nested detail field is an empty object",
      "tr",
      withPattern({ detail: { order: {} } }),
      "`eventPattern.detail.order` must be a non-empty array of values or a non-empty object of nested fields. Received: {}.",
    ],
    [
      "fails when $or is not an array of objects",
      "tr",
      withPattern({ detail: { $or: ["vip"] } }),
      '`eventPattern.detail.$or` must be a non-empty array of objects of nested fields. Received: ["vip"].',
    ],
    [
      "fails when an $or alternative has a bad field",
      "tr",
      withPattern({ detail: { $or: [{ vip: [true] }, { amount: 5 }] } }),
      "`eventPattern.detail.$or[1].amount` must be a non-empty array of values or a non-empty object of nested fields. Received: 5.",
    ],
    [
      "fails when eventBusName has a space",
      "tr",
      { ...VALID, eventBusName: "orders bus" },
      "`eventBusName` must be an event bus name (1 to 256 letters, digits, '.', '-', '_' or '/') or an event bus ARN. Received: \"orders bus\".",
    ],
    [
      "fails when inputPath does not start with $",
      "tr",
      { ...VALID, inputPath: "detail" },
      '`inputPath` must be a JSONPath starting with "$", such as "$.detail", of at most 256 characters. Received: "detail".',
    ],
    [
      "fails when deadLetterQueueArn is a queue URL",
      "tr",
      { ...VALID, deadLetterQueueArn: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/dlq` },
      '`deadLetterQueueArn` must be an ARN of the form arn:<partition>:sqs:<region>:<account>:<queue name>. Received: "https://sqs.us-east-1.amazonaws.com/1234…".',
    ],
    [
      "fails when maximumRetryAttempts is above 185",
      "tr",
      { ...VALID, maximumRetryAttempts: 186 },
      "`maximumRetryAttempts` must be a whole number from 0 to 185. Received: 186.",
    ],
    [
      "fails when maximumEventAgeSeconds is below 60",
      "tr",
      { ...VALID, maximumEventAgeSeconds: 59 },
      "`maximumEventAgeSeconds` must be a whole number from 60 to 86400. Received: 59.",
    ],
    [
      "fails when maximumEventAgeSeconds is above a day",
      "tr",
      { ...VALID, maximumEventAgeSeconds: 86401 },
      "`maximumEventAgeSeconds` must be a whole number from 60 to 86400. Received: 86401.",
    ],
    [
      "fails when a tag key starts with aws:",
      "tr",
      { ...VALID, tags: { "aws:owner": "me" } },
      '`tags` has tag key "aws:owner"; keys must be 1 to 128 characters and must not start with "aws:".',
    ],
  ])("%s, before creating any child", async (_case, name, args, message) => {
    expect(thrownBy(() => new EventBridgeTrigger(name, args))).toEqual(error(message));
    await recorder().settled();
    expect(recorder().keys()).toEqual([`${TYPES.component} ${name}`]);
  });
});
