import * as pulumi from "@pulumi/pulumi";
import {
  type ExpectedError,
  FAILED_INVOCATION_PATTERN,
  subscriptionNameOf,
  WorkflowAlarms,
  type WorkflowAlarmsArgs,
} from "../../components/workflow-alarms";
import { settle } from "../../local/capture/synth";
import { thrownBy } from "../program/thrown";
import { ACCOUNT, parsed, plainError, recorderPerTest, REGION } from "./registrations";

const TYPES = {
  component: "order-workflow:cloudwatch:WorkflowAlarms",
  topic: "aws:sns/topic:Topic",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  logMetricFilter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
} as const;

const STATE_MACHINE_ARN = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:orders`;
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:wf-ops`;

const ONCALL = { protocol: "email", endpoint: "oncall@example.com" } as const;
const ONCALL_SUBSCRIPTION = subscriptionNameOf("wf", ONCALL);

const VALID: WorkflowAlarmsArgs = {
  stateMachineArn: STATE_MACHINE_ARN,
  functions: { "validate-order": "orders-validate-order", "authorize-payment": "orders-authorize-payment" },
  kmsKeyArn: KEY_ARN,
  subscriptions: [ONCALL],
};

const DECLINES: ExpectedError = {
  errorName: "PaymentDeclinedError",
  outcome: "decline",
  logGroupName: "/aws/lambda/orders-authorize-payment",
  expectedRate: 0.25,
  rateThreshold: 0.5,
  minInvocations: 50,
};
const WITH_DECLINES: WorkflowAlarmsArgs = { ...VALID, expectedErrors: { "authorize-payment": DECLINES } };
/** Where the component's metric filters publish. */
const LOG_NAMESPACE = "OrderWorkflow/wf";

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

const recorder = recorderPerTest();
const error = plainError;

describe("children", () => {
  test("with one subscriber and no queue, trigger or expected error: the ops topic, its policy, the subscription and an alarm per execution metric and function", async () => {
    new WorkflowAlarms("wf", VALID);
    await recorder().settled();
    expect(recorder().keys().sort()).toEqual(
      [
        `${TYPES.component} wf`,
        `${TYPES.topic} wf-ops`,
        `${TYPES.topicPolicy} wf-ops-policy`,
        `${TYPES.subscription} ${ONCALL_SUBSCRIPTION}`,
        ...ALARM_KEYS.map((key) => `${TYPES.alarm} wf-${key}`),
      ].sort(),
    );
  });

  test("with a queue and a trigger rule: also the queue-depth alarm and the two trigger alarms", async () => {
    new WorkflowAlarms("wf", { ...VALID, queueName: "orders-failures", eventRuleName: "orders-rule" });
    await recorder().settled();
    expect(recorder().keys().sort()).toEqual(
      [
        `${TYPES.component} wf`,
        `${TYPES.topic} wf-ops`,
        `${TYPES.topicPolicy} wf-ops-policy`,
        `${TYPES.subscription} ${ONCALL_SUBSCRIPTION}`,
        ...[...ALARM_KEYS, "queue-depth", "trigger-failed-invocations", "trigger-dlq-failures"].map(
          (key) => `${TYPES.alarm} wf-${key}`,
        ),
      ].sort(),
    );
  });

  test("with an expected error: two metric filters on the function's log, and faults and rate alarms instead of its errors alarm", async () => {
    new WorkflowAlarms("wf", WITH_DECLINES);
    await recorder().settled();
    const keys = ALARM_KEYS.filter((key) => key !== "authorize-payment-errors");
    expect(recorder().keys().sort()).toEqual(
      [
        `${TYPES.component} wf`,
        `${TYPES.topic} wf-ops`,
        `${TYPES.topicPolicy} wf-ops-policy`,
        `${TYPES.subscription} ${ONCALL_SUBSCRIPTION}`,
        `${TYPES.logMetricFilter} wf-authorize-payment-failures`,
        `${TYPES.logMetricFilter} wf-authorize-payment-declines`,
        ...[...keys, "authorize-payment-faults", "authorize-payment-decline-rate"].map(
          (key) => `${TYPES.alarm} wf-${key}`,
        ),
      ].sort(),
    );
  });

  test("the ops topic is encrypted with the given key and tagged", async () => {
    new WorkflowAlarms("wf", { ...VALID, tags: { Owner: "platform-team" } });
    await recorder().settled();
    expect(recorder().inputs(TYPES.topic, "wf-ops")).toEqual({
      name: "wf-ops",
      kmsMasterKeyId: KEY_ARN,
      tags: { Owner: "platform-team" },
    });
  });

  test("the topic policy lets only CloudWatch, acting for this account, publish", async () => {
    new WorkflowAlarms("wf", VALID);
    await recorder().settled();
    const inputs = recorder().inputs(TYPES.topicPolicy, "wf-ops-policy");
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

  test("each subscriber is subscribed to the ops topic, named by its protocol and a digest of its endpoint", async () => {
    const subscriptions = [
      ONCALL,
      { protocol: "https", endpoint: "https://hooks.example.com/alarms" },
      { protocol: "sms", endpoint: "+15555550100" },
      { protocol: "sqs", endpoint: `arn:aws:sqs:${REGION}:${ACCOUNT}:pager-queue` },
    ] as const;
    new WorkflowAlarms("wf", { ...VALID, subscriptions });
    await recorder().settled();
    expect(
      subscriptions.map((subscription) =>
        recorder().inputs(TYPES.subscription, subscriptionNameOf("wf", subscription)),
      ),
    ).toEqual(subscriptions.map((subscription) => ({ topic: TOPIC_ARN, ...subscription })));
    expect(subscriptions.map((subscription) => subscriptionNameOf("wf", subscription))).toEqual([
      "wf-ops-email-nihgmggl",
      "wf-ops-https-ihdbckdc",
      "wf-ops-sms-amlpabje",
      "wf-ops-sqs-ipnogjjj",
    ]);
  });

  test("every alarm depends on the topic policy, so none can fire before CloudWatch may publish", async () => {
    new WorkflowAlarms("wf", { ...VALID, queueName: "orders-failures", eventRuleName: "orders-rule" });
    await recorder().settled();
    // The topic comes from alarmActions; no input refers to the policy: only dependsOn puts it here.
    const keys = [...ALARM_KEYS, "queue-depth", "trigger-failed-invocations", "trigger-dlq-failures"];
    const dependencies = keys.map((key) => [key, recorder().dependencies(TYPES.alarm, `wf-${key}`)]);
    expect(Object.fromEntries(dependencies)).toEqual(
      Object.fromEntries(
        keys.map((key) => [key, [`${TYPES.topic} wf-ops`, `${TYPES.topicPolicy} wf-ops-policy`]]),
      ),
    );
  });

  test("the alarms on log metrics also depend on the metric filters that publish them", async () => {
    new WorkflowAlarms("wf", WITH_DECLINES);
    await recorder().settled();
    expect(
      ["authorize-payment-faults", "authorize-payment-decline-rate"].map((key) =>
        recorder().dependencies(TYPES.alarm, `wf-${key}`),
      ),
    ).toEqual(
      Array(2).fill([
        `${TYPES.logMetricFilter} wf-authorize-payment-declines`,
        `${TYPES.logMetricFilter} wf-authorize-payment-failures`,
        `${TYPES.topic} wf-ops`,
        `${TYPES.topicPolicy} wf-ops-policy`,
      ]),
    );
  });

  test("the metric filters count every failed invocation, and those that ended in the expected error, from the function's JSON log", async () => {
    new WorkflowAlarms("wf", WITH_DECLINES);
    await recorder().settled();
    expect([
      recorder().inputs(TYPES.logMetricFilter, "wf-authorize-payment-failures"),
      recorder().inputs(TYPES.logMetricFilter, "wf-authorize-payment-declines"),
    ]).toEqual([
      {
        name: "wf-authorize-payment-failures",
        logGroupName: "/aws/lambda/orders-authorize-payment",
        pattern:
          '{ ($.level = "ERROR" && $.message.errorType = "*") || ($.type = "platform.report" && ($.record.status = "timeout" || $.record.errorType = "Runtime.ExitError" || $.record.errorType = "Runtime.OutOfMemory")) }',
        metricTransformation: {
          name: "authorize-payment-failures",
          namespace: LOG_NAMESPACE,
          value: "1",
          unit: "Count",
        },
      },
      {
        name: "wf-authorize-payment-declines",
        logGroupName: "/aws/lambda/orders-authorize-payment",
        pattern: '{ $.level = "ERROR" && $.message.name = "PaymentDeclinedError" }',
        metricTransformation: {
          name: "authorize-payment-declines",
          namespace: LOG_NAMESPACE,
          value: "1",
          unit: "Count",
        },
      },
    ]);
    expect(FAILED_INVOCATION_PATTERN).toBe(
      recorder().inputs(TYPES.logMetricFilter, "wf-authorize-payment-failures").pattern,
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

  const rule = { RuleName: "orders-rule" };

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
    ["trigger-failed-invocations", "AWS/Events", "FailedInvocations", rule, "Sum", 2],
    ["trigger-dlq-failures", "AWS/Events", "InvocationsFailedToBeSentToDlq", rule, "Sum", 2],
  ])("%s watches %s %s", async (key, namespace, metricName, dimensions, statistic, threshold) => {
    new WorkflowAlarms("wf", { ...tuned, eventRuleName: "orders-rule" });
    await recorder().settled();
    const { alarmDescription, ...inputs } = recorder().inputs(TYPES.alarm, `wf-${key}`);
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

  test("the faults alarm of a function with an expected error: its failed invocations less those that ended in that error", async () => {
    new WorkflowAlarms("wf", { ...tuned, expectedErrors: { "authorize-payment": DECLINES } });
    await recorder().settled();
    const { alarmDescription, ...inputs } = recorder().inputs(TYPES.alarm, "wf-authorize-payment-faults");
    expect(alarmDescription).toBe(
      "The authorize-payment function failed for another reason than a decline, which it returns by design: an error it threw, a timeout or a crash. Read /aws/lambda/orders-authorize-payment for the stack traces. A workflow that catches these errors fails no execution, so this alarm may be the only sign of them.",
    );
    expect(inputs).toEqual({
      name: "wf-authorize-payment-faults",
      metricQueries: [
        {
          id: "failures",
          metric: {
            namespace: LOG_NAMESPACE,
            metricName: "authorize-payment-failures",
            period: 300,
            stat: "Sum",
          },
          returnData: false,
        },
        {
          id: "expected",
          metric: {
            namespace: LOG_NAMESPACE,
            metricName: "authorize-payment-declines",
            period: 300,
            stat: "Sum",
          },
          returnData: false,
        },
        {
          id: "faults",
          expression: "FILL(failures, 0) - FILL(expected, 0)",
          label: "authorize-payment faults",
          returnData: true,
        },
      ],
      threshold: 5,
      evaluationPeriods: 3,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
      alarmActions: [TOPIC_ARN],
      okActions: [TOPIC_ARN],
      tags: {},
    });
  });

  test("the rate alarm of an expected error: its share of invocations, in periods with enough of them, above the threshold", async () => {
    new WorkflowAlarms("wf", { ...tuned, expectedErrors: { "authorize-payment": DECLINES } });
    await recorder().settled();
    const { alarmDescription, ...inputs } = recorder().inputs(
      TYPES.alarm,
      "wf-authorize-payment-decline-rate",
    );
    expect(alarmDescription).toBe(
      "Business signal, not a fault: more than 50% of authorize-payment invocations ended in a decline (expected 25%, counted in periods of at least 50 invocations). Ask the business side why (for payments, the provider): the workflow itself is working.",
    );
    expect(inputs).toEqual({
      name: "wf-authorize-payment-decline-rate",
      metricQueries: [
        {
          id: "expected",
          metric: {
            namespace: LOG_NAMESPACE,
            metricName: "authorize-payment-declines",
            period: 300,
            stat: "Sum",
          },
          returnData: false,
        },
        {
          id: "invocations",
          metric: {
            namespace: "AWS/Lambda",
            metricName: "Invocations",
            dimensions: authorize,
            period: 300,
            stat: "Sum",
          },
          returnData: false,
        },
        {
          id: "rate",
          expression: "IF(invocations >= 50, FILL(expected, 0) / invocations, 0)",
          label: "authorize-payment decline rate",
          returnData: true,
        },
      ],
      threshold: 0.5,
      evaluationPeriods: 3,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      alarmActions: [TOPIC_ARN],
      okActions: [TOPIC_ARN],
      tags: {},
    });
  });

  test("a function without an expected error keeps its errors alarm on Lambda's Errors", async () => {
    new WorkflowAlarms("wf", WITH_DECLINES);
    await recorder().settled();
    expect(recorder().inputs(TYPES.alarm, "wf-validate-order-errors")).toMatchObject({
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: validate,
    });
  });

  test("defaults: one-minute periods, one period to fire, thresholds of 1", async () => {
    new WorkflowAlarms("wf", { ...VALID, queueName: "orders-failures" });
    await recorder().settled();
    const settings = [...ALARM_KEYS, "queue-depth"].map((key) => {
      const inputs = recorder().inputs(TYPES.alarm, `wf-${key}`);
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
      "Orders are waiting in the failure queue orders-failures. Read the messages (the error of each), fix the cause, then `npm run recover -- --stack <env>`: it redrives the executions that can be, starts the others anew, and deletes each message it recovered.",
    ],
    [
      "trigger-failed-invocations",
      "EventBridge gave up starting executions for events of rule orders-rule, after its retries. The events are in the failure queue unless trigger-dlq-failures fired too: check the rule's role and the state machine, then start the orders from the queued events.",
    ],
    [
      "trigger-dlq-failures",
      "EventBridge could not leave undeliverable events of rule orders-rule in the failure queue: those orders are lost. Check the failure queue's policy and the key policy, which must let events.amazonaws.com send to the queue for this rule.",
    ],
    [
      "failure-capture-failed-invocations",
      "EventBridge gave up sending failed executions to the failure queue for rule orders-failed-rule, after its retries: those executions are in no queue. Check the failure queue's policy and the key policy, which must let events.amazonaws.com send to the queue for this rule; list the executions with `aws stepfunctions list-executions --status-filter FAILED` (and TIMED_OUT, ABORTED) and redrive them.",
    ],
  ])("the %s description names what to look at", async (key, description) => {
    new WorkflowAlarms("wf", {
      ...VALID,
      queueName: "orders-failures",
      eventRuleName: "orders-rule",
      failureCaptureRuleName: "orders-failed-rule",
    });
    await recorder().settled();
    expect(recorder().inputs(TYPES.alarm, `wf-${key}`).alarmDescription).toBe(description);
  });

  test("names and ARNs that come from other resources reach the dimensions", async () => {
    new WorkflowAlarms("wf", {
      ...VALID,
      stateMachineArn: pulumi.output(STATE_MACHINE_ARN),
      functions: { "validate-order": pulumi.output("from-output") },
      kmsKeyArn: pulumi.output(KEY_ARN),
      queueName: pulumi.output("queue-from-output"),
      eventRuleName: pulumi.output("rule-from-output"),
      expectedErrors: {
        "validate-order": { ...DECLINES, logGroupName: pulumi.output("/aws/lambda/from-output") },
      },
    });
    await recorder().settled();
    expect([
      recorder().inputs(TYPES.alarm, "wf-executions-failed").dimensions,
      recorder().inputs(TYPES.alarm, "wf-validate-order-throttles").dimensions,
      recorder().inputs(TYPES.alarm, "wf-queue-depth").dimensions,
      recorder().inputs(TYPES.alarm, "wf-trigger-failed-invocations").dimensions,
      recorder().inputs(TYPES.logMetricFilter, "wf-validate-order-failures").logGroupName,
      recorder().inputs(TYPES.topic, "wf-ops").kmsMasterKeyId,
    ]).toEqual([
      { StateMachineArn: STATE_MACHINE_ARN },
      { FunctionName: "from-output" },
      { QueueName: "queue-from-output" },
      { RuleName: "rule-from-output" },
      "/aws/lambda/from-output",
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
      "fails when the name is longer than 168 characters",
      "w".repeat(169),
      VALID,
      `\`name\` must be 1 to 168 letters, digits or '-', starting with a letter or digit, so that every AWS name derived from it is valid. Received: "${"w".repeat(40)}…".`,
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
      "fails when subscriptions is empty",
      "wf",
      { ...VALID, subscriptions: [] },
      '`subscriptions` must name at least one subscriber, such as { protocol: "email", endpoint: "oncall@example.com" }: an alarm that notifies nobody pages nobody. Received: [].',
    ],
    [
      "fails when a subscription's protocol is not one SNS subscribes",
      "wf",
      { ...VALID, subscriptions: [ONCALL, { protocol: "pager" as "email", endpoint: "123" }] },
      '`subscriptions[1]` has protocol "pager"; SNS subscribes http, https, email, email-json, sms, sqs, lambda, application. Received: {"protocol":"pager","endpoint":"123"}.',
    ],
    [
      "fails when a subscription is to Data Firehose, which needs a subscription role",
      "wf",
      {
        ...VALID,
        subscriptions: [
          {
            protocol: "firehose" as "email",
            endpoint: `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/alarms`,
          },
        ],
      },
      `\`subscriptions[0]\` has protocol firehose, which needs a subscription role that this setting does not take; use another protocol. Received: {"protocol":"firehose","endpoint":"arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/alarms"}.`,
    ],
    [
      "fails when an email subscription has no @",
      "wf",
      { ...VALID, subscriptions: [{ protocol: "email", endpoint: "ops.example.com" }] },
      '`subscriptions[0]` has an endpoint for email that is not an email address such as oncall@example.com: it has no "@". Received: {"protocol":"email","endpoint":"ops.example.com"}.',
    ],
    [
      "fails when an email-json subscription's domain has no dot",
      "wf",
      { ...VALID, subscriptions: [{ protocol: "email-json", endpoint: "ops@localhost" }] },
      '`subscriptions[0]` has an endpoint for email-json that is not an email address such as oncall@example.com: its domain "localhost" is not a dotted host name such as example.com. Received: {"protocol":"email-json","endpoint":"ops@localhost"}.',
    ],
    [
      "fails when an https subscription is an http URL",
      "wf",
      { ...VALID, subscriptions: [{ protocol: "https", endpoint: "http://hooks.example.com/alarms" }] },
      '`subscriptions[0]` has an endpoint for https that is not an https:// URL such as https://hooks.example.com/alarms. Received: {"protocol":"https","endpoint":"http://hooks.example.com/alarms"}.',
    ],
    [
      "fails when an http subscription is not a URL",
      "wf",
      { ...VALID, subscriptions: [{ protocol: "http", endpoint: "hooks.example.com" }] },
      '`subscriptions[0]` has an endpoint for http that is not an http:// URL such as http://hooks.example.com/alarms. Received: {"protocol":"http","endpoint":"hooks.example.com"}.',
    ],
    [
      "fails when an sms subscription is not in E.164 form",
      "wf",
      { ...VALID, subscriptions: [{ protocol: "sms", endpoint: "555-0100" }] },
      '`subscriptions[0]` has an endpoint for sms that is not a phone number in E.164 form such as +15555550100. Received: {"protocol":"sms","endpoint":"555-0100"}.',
    ],
    [
      "fails when an sqs subscription is a queue URL",
      "wf",
      {
        ...VALID,
        subscriptions: [{ protocol: "sqs", endpoint: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/q` }],
      },
      `\`subscriptions[0]\` has an endpoint for sqs that is not an SQS queue ARN (arn:<partition>:sqs:<region>:<account>:<queue name>). Received: {"protocol":"sqs","endpoint":"https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/q"}.`,
    ],
    [
      "fails when a lambda subscription is a function name",
      "wf",
      { ...VALID, subscriptions: [{ protocol: "lambda", endpoint: "pager" }] },
      '`subscriptions[0]` has an endpoint for lambda that is not a Lambda function ARN (arn:<partition>:lambda:<region>:<account>:function:<name>). Received: {"protocol":"lambda","endpoint":"pager"}.',
    ],
    [
      "fails when an application subscription is not a platform endpoint ARN",
      "wf",
      {
        ...VALID,
        subscriptions: [{ protocol: "application", endpoint: `arn:aws:sns:${REGION}:${ACCOUNT}:app` }],
      },
      `\`subscriptions[0]\` has an endpoint for application that is not a mobile platform endpoint ARN (arn:<partition>:sns:<region>:<account>:endpoint/<platform>/<application>/<id>). Received: {"protocol":"application","endpoint":"arn:aws:sns:${REGION}:${ACCOUNT}:app"}.`,
    ],
    [
      "fails when a subscriber is listed twice",
      "wf",
      { ...VALID, subscriptions: [ONCALL, ONCALL] },
      '`subscriptions` lists "email:oncall@example.com" twice; list each subscriber once.',
    ],
    [
      "fails when expectedErrors names a function that is not watched",
      "wf",
      { ...VALID, expectedErrors: { "capture-payment": DECLINES } },
      '`expectedErrors` has key "capture-payment", which names no watched function; keys are those of `functions`: validate-order, authorize-payment.',
    ],
    [
      "fails when an expected error's name has a quote",
      "wf",
      { ...VALID, expectedErrors: { "authorize-payment": { ...DECLINES, errorName: 'Declined"Error' } } },
      "`expectedErrors.authorize-payment.errorName` must be the error's name as the function sets it: 1 to 128 letters, digits, '_', '$' or '.', not starting with a digit. Received: \"Declined\\\"Error\".",
    ],
    [
      "fails when an expected error's outcome is longer than 16 characters",
      "wf",
      {
        ...VALID,
        expectedErrors: { "authorize-payment": { ...DECLINES, outcome: "declined-by-the-gateway" } },
      },
      "`expectedErrors.authorize-payment.outcome` names an alarm and must be 1 to 16 lowercase letters, digits or '-', starting with a letter. Received: \"declined-by-the-gateway\".",
    ],
    [
      "fails when an expected error's rate threshold is the expected rate",
      "wf",
      { ...VALID, expectedErrors: { "authorize-payment": { ...DECLINES, rateThreshold: 0.25 } } },
      "`expectedErrors.authorize-payment.rateThreshold` must be a number greater than `expectedErrors.authorize-payment.expectedRate` (0.25) and at most 1: the alarm fires on a share of invocations above the one expected. Received: 0.25.",
    ],
    [
      "fails when an expected error's rate threshold is above 1",
      "wf",
      { ...VALID, expectedErrors: { "authorize-payment": { ...DECLINES, rateThreshold: 50 } } },
      "`expectedErrors.authorize-payment.rateThreshold` must be a number greater than `expectedErrors.authorize-payment.expectedRate` (0.25) and at most 1: the alarm fires on a share of invocations above the one expected. Received: 50.",
    ],
    [
      "fails when an expected error's expected rate is above 1",
      "wf",
      { ...VALID, expectedErrors: { "authorize-payment": { ...DECLINES, expectedRate: 25 } } },
      "`expectedErrors.authorize-payment.expectedRate` must be a number from 0 to 1. Received: 25.",
    ],
    [
      "fails when an expected error counts periods of no invocations",
      "wf",
      { ...VALID, expectedErrors: { "authorize-payment": { ...DECLINES, minInvocations: 0 } } },
      "`expectedErrors.authorize-payment.minInvocations` must be a whole number of at least 1. Received: 0.",
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
    await recorder().settled();
    expect(recorder().keys()).toEqual([`${TYPES.component} ${name}`]);
  });
});
