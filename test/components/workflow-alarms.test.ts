import * as pulumi from "@pulumi/pulumi";
import { WorkflowAlarms, type WorkflowAlarmsArgs } from "../../components/workflow-alarms";
import { settle } from "../../local/capture/synth";
import { thrownBy } from "../program/thrown";
import { ACCOUNT, parsed, Recorder, REGION } from "./registrations";

const TYPES = {
  component: "order-workflow:cloudwatch:WorkflowAlarms",
  topic: "aws:sns/topic:Topic",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
} as const;

const STATE_MACHINE_ARN = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:orders`;
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:wf-ops`;

const VALID: WorkflowAlarmsArgs = {
  stateMachineArn: STATE_MACHINE_ARN,
  functions: { "validate-order": "orders-validate-order", "authorize-payment": "orders-authorize-payment" },
  kmsKeyArn: KEY_ARN,
};

const ALARM_KEYS = [
  "executions-failed",
  "executions-timed-out",
  "executions-throttled",
  "executions-aborted",
  "validate-order-errors",
  "validate-order-throttles",
  "authorize-payment-errors",
  "authorize-payment-throttles",
];

let recorder: Recorder;

beforeEach(async () => {
  recorder = await Recorder.start();
});

afterEach(async () => {
  await recorder.stop();
});

const error = (message: string) => ({ type: Error, name: "Error", message });

describe("children", () => {
  test("without a queue or an email: the ops topic, its policy and an alarm per execution metric and function", async () => {
    new WorkflowAlarms("wf", VALID);
    await recorder.settled();
    expect(recorder.keys().sort()).toEqual(
      [
        `${TYPES.component} wf`,
        `${TYPES.topic} wf-ops`,
        `${TYPES.topicPolicy} wf-ops-policy`,
        ...ALARM_KEYS.map((key) => `${TYPES.alarm} wf-${key}`),
      ].sort(),
    );
  });

  test("with a queue and an email: also the email subscription and the queue-depth alarm", async () => {
    new WorkflowAlarms("wf", { ...VALID, queueName: "orders-failures", alarmEmail: "ops@example.com" });
    await recorder.settled();
    expect(recorder.keys().sort()).toEqual(
      [
        `${TYPES.component} wf`,
        `${TYPES.topic} wf-ops`,
        `${TYPES.topicPolicy} wf-ops-policy`,
        `${TYPES.subscription} wf-ops-email`,
        ...[...ALARM_KEYS, "queue-depth"].map((key) => `${TYPES.alarm} wf-${key}`),
      ].sort(),
    );
  });

  test("the ops topic is encrypted with the given key and tagged", async () => {
    new WorkflowAlarms("wf", { ...VALID, tags: { Owner: "platform-team" } });
    await recorder.settled();
    expect(recorder.inputs(TYPES.topic, "wf-ops")).toEqual({
      name: "wf-ops",
      kmsMasterKeyId: KEY_ARN,
      tags: { Owner: "platform-team" },
    });
  });

  test("the topic policy lets only CloudWatch, acting for this account, publish", async () => {
    new WorkflowAlarms("wf", VALID);
    await recorder.settled();
    const inputs = recorder.inputs(TYPES.topicPolicy, "wf-ops-policy");
    expect({ arn: inputs.arn, policy: parsed(inputs.policy) }).toEqual({
      arn: TOPIC_ARN,
      policy: {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "CloudWatchAlarmsOfThisAccount",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: "sns:Publish",
            Resource: TOPIC_ARN,
            Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
          },
        ],
      },
    });
  });

  test("the email subscription subscribes the address to the ops topic", async () => {
    new WorkflowAlarms("wf", { ...VALID, alarmEmail: "ops@example.com" });
    await recorder.settled();
    expect(recorder.inputs(TYPES.subscription, "wf-ops-email")).toEqual({
      topic: TOPIC_ARN,
      protocol: "email",
      endpoint: "ops@example.com",
    });
  });

  test("every alarm depends on the topic policy, so none can fire before CloudWatch may publish", async () => {
    new WorkflowAlarms("wf", { ...VALID, queueName: "orders-failures" });
    await recorder.settled();
    // The topic comes from alarmActions; no input refers to the policy: only dependsOn puts it here.
    const dependencies = [...ALARM_KEYS, "queue-depth"].map((key) => [
      key,
      recorder.dependencies(TYPES.alarm, `wf-${key}`),
    ]);
    expect(Object.fromEntries(dependencies)).toEqual(
      Object.fromEntries(
        [...ALARM_KEYS, "queue-depth"].map((key) => [
          key,
          [`${TYPES.topic} wf-ops`, `${TYPES.topicPolicy} wf-ops-policy`],
        ]),
      ),
    );
  });
});

describe("alarm inputs", () => {
  const tuned: WorkflowAlarmsArgs = {
    ...VALID,
    queueName: "orders-failures",
    periodSeconds: 300,
    evaluationPeriods: 3,
    executionsFailedThreshold: 2,
    functionErrorsThreshold: 5,
    throttlesThreshold: 7,
    queueDepthThreshold: 11,
  };
  const machine = { StateMachineArn: STATE_MACHINE_ARN };
  const validate = { FunctionName: "orders-validate-order" };
  const authorize = { FunctionName: "orders-authorize-payment" };

  test.each<[string, string, string, Record<string, string>, string, number]>([
    ["executions-failed", "AWS/States", "ExecutionsFailed", machine, "Sum", 2],
    ["executions-timed-out", "AWS/States", "ExecutionsTimedOut", machine, "Sum", 2],
    ["executions-throttled", "AWS/States", "ExecutionThrottled", machine, "Sum", 7],
    ["executions-aborted", "AWS/States", "ExecutionsAborted", machine, "Sum", 2],
    ["validate-order-errors", "AWS/Lambda", "Errors", validate, "Sum", 5],
    ["validate-order-throttles", "AWS/Lambda", "Throttles", validate, "Sum", 7],
    ["authorize-payment-errors", "AWS/Lambda", "Errors", authorize, "Sum", 5],
    ["authorize-payment-throttles", "AWS/Lambda", "Throttles", authorize, "Sum", 7],
    [
      "queue-depth",
      "AWS/SQS",
      "ApproximateNumberOfMessagesVisible",
      { QueueName: "orders-failures" },
      "Maximum",
      11,
    ],
  ])("%s watches %s %s", async (key, namespace, metricName, dimensions, statistic, threshold) => {
    new WorkflowAlarms("wf", tuned);
    await recorder.settled();
    const { alarmDescription, ...inputs } = recorder.inputs(TYPES.alarm, `wf-${key}`);
    expect(typeof alarmDescription).toBe("string");
    expect(inputs).toEqual({
      name: `wf-${key}`,
      namespace,
      metricName,
      dimensions,
      statistic,
      threshold,
      period: 300,
      evaluationPeriods: 3,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
      alarmActions: [TOPIC_ARN],
      okActions: [TOPIC_ARN],
      tags: {},
    });
  });

  test("defaults: one-minute periods, one period to fire, thresholds of 1", async () => {
    new WorkflowAlarms("wf", { ...VALID, queueName: "orders-failures" });
    await recorder.settled();
    const settings = [...ALARM_KEYS, "queue-depth"].map((key) => {
      const inputs = recorder.inputs(TYPES.alarm, `wf-${key}`);
      return [key, [inputs.period, inputs.evaluationPeriods, inputs.threshold]];
    });
    expect(Object.fromEntries(settings)).toEqual(
      Object.fromEntries([...ALARM_KEYS, "queue-depth"].map((key) => [key, [60, 1, 1]])),
    );
  });

  test.each([
    [
      "validate-order-errors",
      "The validate-order function threw errors. Read /aws/lambda/orders-validate-order for the stack traces; the workflow retries them, so check the executions-failed alarm too.",
    ],
    [
      "authorize-payment-throttles",
      "Lambda throttled invocations of orders-authorize-payment. Check the account's concurrent executions against its quota and the function's reserved concurrency.",
    ],
    [
      "queue-depth",
      "Orders are waiting in the failure queue orders-failures. Read the messages, fix what made DynamoDB or SNS fail, then redrive them.",
    ],
  ])("the %s description names what to look at", async (key, description) => {
    new WorkflowAlarms("wf", { ...VALID, queueName: "orders-failures" });
    await recorder.settled();
    expect(recorder.inputs(TYPES.alarm, `wf-${key}`).alarmDescription).toBe(description);
  });

  test("names and ARNs that come from other resources reach the dimensions", async () => {
    new WorkflowAlarms("wf", {
      ...VALID,
      stateMachineArn: pulumi.output(STATE_MACHINE_ARN),
      functions: { "validate-order": pulumi.output("from-output") },
      kmsKeyArn: pulumi.output(KEY_ARN),
      queueName: pulumi.output("queue-from-output"),
    });
    await recorder.settled();
    expect([
      recorder.inputs(TYPES.alarm, "wf-executions-failed").dimensions,
      recorder.inputs(TYPES.alarm, "wf-validate-order-errors").dimensions,
      recorder.inputs(TYPES.alarm, "wf-queue-depth").dimensions,
      recorder.inputs(TYPES.topic, "wf-ops").kmsMasterKeyId,
    ]).toEqual([
      { StateMachineArn: STATE_MACHINE_ARN },
      { FunctionName: "from-output" },
      { QueueName: "queue-from-output" },
      KEY_ARN,
    ]);
  });
});

describe("outputs", () => {
  test("the ops topic ARN and every alarm's name by its key", async () => {
    const alarms = new WorkflowAlarms("wf", { ...VALID, queueName: "orders-failures" });
    const names = await Promise.all(
      Object.entries(alarms.alarmNames).map(async ([key, name]) => [key, await settle(name)] as const),
    );
    expect({ topic: await settle(alarms.opsTopicArn), names: Object.fromEntries(names) }).toEqual({
      topic: TOPIC_ARN,
      names: Object.fromEntries([...ALARM_KEYS, "queue-depth"].map((key) => [key, `wf-${key}`])),
    });
  });
});

describe("validation", () => {
  test.each<[string, string, WorkflowAlarmsArgs, string]>([
    [
      "fails when the name is longer than 180 characters",
      "w".repeat(181),
      VALID,
      `\`name\` must be 1 to 180 letters, digits or '-', starting with a letter or digit, so that every AWS name derived from it is valid. Received: "${"w".repeat(40)}…".`,
    ],
    [
      "fails when stateMachineArn has a wildcard",
      "wf",
      { ...VALID, stateMachineArn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:*` },
      `\`stateMachineArn\` must be an ARN of the form arn:<partition>:states:<region>:<account>:stateMachine:<name>. Received: "arn:aws:states:us-east-1:123456789012:st…".`,
    ],
    [
      "fails when a function key has capitals",
      "wf",
      { ...VALID, functions: { ValidateOrder: "orders-validate-order" } },
      "`functions` has key \"ValidateOrder\"; keys name alarms and must be 1 to 64 lowercase letters, digits or '-', starting with a letter or digit.",
    ],
    [
      "fails when a function is given by ARN",
      "wf",
      { ...VALID, functions: { "validate-order": `arn:aws:lambda:${REGION}:${ACCOUNT}:function:v` } },
      "`functions.validate-order` must be a Lambda function name (1 to 64 letters, digits, '-' or '_'), not an ARN. Received: \"arn:aws:lambda:us-east-1:123456789012:fu…\".",
    ],
    [
      "fails when kmsKeyArn is the AWS managed SNS key",
      "wf",
      { ...VALID, kmsKeyArn: "alias/aws/sns" },
      '`kmsKeyArn` must be a customer managed key: CloudWatch alarms cannot publish to a topic encrypted with the AWS managed alias/aws/sns, whose key policy cannot grant cloudwatch.amazonaws.com. Received: "alias/aws/sns".',
    ],
    [
      "fails when kmsKeyArn is the ARN of the AWS managed SNS key's alias",
      "wf",
      { ...VALID, kmsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/aws/sns` },
      '`kmsKeyArn` must be a customer managed key: CloudWatch alarms cannot publish to a topic encrypted with the AWS managed alias/aws/sns, whose key policy cannot grant cloudwatch.amazonaws.com. Received: "arn:aws:kms:us-east-1:123456789012:alias…".',
    ],
    [
      "fails when kmsKeyArn is a bare key id",
      "wf",
      { ...VALID, kmsKeyArn: "1234abcd-12ab-34cd-56ef-1234567890ab" },
      '`kmsKeyArn` must be an ARN of the form arn:<partition>:kms:<region>:<account>:key/<key id>. Received: "1234abcd-12ab-34cd-56ef-1234567890ab".',
    ],
    [
      "fails when queueName is the queue's URL",
      "wf",
      { ...VALID, queueName: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/q` },
      `\`queueName\` must be an SQS queue name (1 to 80 letters, digits, '-' or '_', optionally ending in .fifo), not its URL or ARN. Received: "https://sqs.us-east-1.amazonaws.com/1234…".`,
    ],
    [
      "fails when alarmEmail has no @",
      "wf",
      { ...VALID, alarmEmail: "ops.example.com" },
      '`alarmEmail` must be an email address such as ops@example.com, but it has no "@". Received: "ops.example.com".',
    ],
    [
      "fails when alarmEmail has two @",
      "wf",
      { ...VALID, alarmEmail: "ops@team@example.com" },
      '`alarmEmail` must be an email address such as ops@example.com, but it has more than one "@". Received: "ops@team@example.com".',
    ],
    [
      "fails when alarmEmail has nothing before the @",
      "wf",
      { ...VALID, alarmEmail: "@example.com" },
      '`alarmEmail` must be an email address such as ops@example.com, but nothing comes before the "@". Received: "@example.com".',
    ],
    [
      "fails when alarmEmail's domain has no dot",
      "wf",
      { ...VALID, alarmEmail: "ops@localhost" },
      '`alarmEmail` must be an email address such as ops@example.com, but its domain "localhost" is not a dotted host name such as example.com. Received: "ops@localhost".',
    ],
    [
      "fails when alarmEmail has a space",
      "wf",
      { ...VALID, alarmEmail: "ops @example.com" },
      '`alarmEmail` must be an email address such as ops@example.com, but it contains whitespace. Received: "ops @example.com".',
    ],
    [
      "fails when periodSeconds is 30",
      "wf",
      { ...VALID, periodSeconds: 30 },
      "`periodSeconds` must be a multiple of 60 seconds (60, 120, 300, …): AWS/States, AWS/Lambda and AWS/SQS publish one data point a minute. Received: 30.",
    ],
    [
      "fails when periodSeconds is 90",
      "wf",
      { ...VALID, periodSeconds: 90 },
      "`periodSeconds` must be a multiple of 60 seconds (60, 120, 300, …): AWS/States, AWS/Lambda and AWS/SQS publish one data point a minute. Received: 90.",
    ],
    [
      "fails when evaluationPeriods is 0",
      "wf",
      { ...VALID, evaluationPeriods: 0 },
      "`evaluationPeriods` must be a whole number of at least 1. Received: 0.",
    ],
    [
      "fails when one-minute periods are evaluated over more than a day",
      "wf",
      { ...VALID, evaluationPeriods: 1441 },
      "`evaluationPeriods` × `periodSeconds` must be at most 86400 seconds with a period under an hour. Received: 1441 × 60 = 86460.",
    ],
    [
      "fails when hourly periods are evaluated over more than seven days",
      "wf",
      { ...VALID, periodSeconds: 3600, evaluationPeriods: 169 },
      "`evaluationPeriods` × `periodSeconds` must be at most 604800 seconds with a period of an hour or more. Received: 169 × 3600 = 608400.",
    ],
    [
      "fails when executionsFailedThreshold is 0",
      "wf",
      { ...VALID, executionsFailedThreshold: 0 },
      "`executionsFailedThreshold` must be a whole number of at least 1. Received: 0.",
    ],
    [
      "fails when functionErrorsThreshold is fractional",
      "wf",
      { ...VALID, functionErrorsThreshold: 1.5 },
      "`functionErrorsThreshold` must be a whole number of at least 1. Received: 1.5.",
    ],
    [
      "fails when throttlesThreshold is negative",
      "wf",
      { ...VALID, throttlesThreshold: -1 },
      "`throttlesThreshold` must be a whole number of at least 1. Received: -1.",
    ],
    [
      "fails when queueDepthThreshold is 0",
      "wf",
      { ...VALID, queueDepthThreshold: 0 },
      "`queueDepthThreshold` must be a whole number of at least 1. Received: 0.",
    ],
    [
      "fails when a tag key starts with aws:",
      "wf",
      { ...VALID, tags: { "aws:owner": "me" } },
      '`tags` has tag key "aws:owner"; keys must be 1 to 128 characters and must not start with "aws:".',
    ],
  ])("%s, before creating any child", async (_case, name, args, message) => {
    expect(thrownBy(() => new WorkflowAlarms(name, args))).toEqual(error(message));
    await recorder.settled();
    expect(recorder.keys()).toEqual([`${TYPES.component} ${name}`]);
  });
});
