import type { Synthesis } from "../../local/capture/synth";
import {
  ACCOUNT,
  arnsOf,
  ofType,
  parseJson,
  prefix,
  PROD_KEY_ARN,
  single,
  type StackName,
  synthesizeStacks,
  synthOf,
  tagsOf,
  TYPES,
} from "./helpers";

let synths: ReadonlyMap<StackName, Synthesis> | undefined;

beforeAll(async () => {
  synths = await synthesizeStacks();
});

const resourcesOf = (stack: StackName) => synthOf(synths, stack).resources;

const name = prefix("prod");
const arns = arnsOf("prod");
const validate = `${name}-validate-order`;
const authorize = `${name}-authorize-payment`;

const rule = `${name}-trigger-rule`;
const captureRule = `${name}-failed-executions-rule`;
const RECOVER = "`npm run recover -- --stack <env>`";
const logNamespace = `OrderWorkflow/${name}-alarms`;

/**
 * Each prod alarm on one metric as Pulumi.prod.yaml sets it: a 60-second period, one evaluation period, thresholds
 * of 1. The authorize function's faults and decline-rate alarms read metric-math expressions, below.
 */
const PROD_ALARMS: [string, string, string, Record<string, string>, string, string][] = [
  [
    "executions-failed",
    "AWS/States",
    "ExecutionsFailed",
    { StateMachineArn: arns.stateMachine },
    "Sum",
    `Executions failed. Find the failing state in the execution history (Step Functions console), fix the cause, then ${RECOVER}: it redrives each failed execution in the failure queue from the state that failed.`,
  ],
  [
    "executions-timed-out",
    "AWS/States",
    "ExecutionsTimedOut",
    { StateMachineArn: arns.stateMachine },
    "Sum",
    `Executions reached the state machine's TimeoutSeconds. Find the state that was running in the execution history (a slow dependency or a Task without its own timeout), fix the cause, then ${RECOVER} once it answers again.`,
  ],
  [
    "executions-throttled",
    "AWS/States",
    "ExecutionThrottled",
    { StateMachineArn: arns.stateMachine },
    "Sum",
    "Step Functions throttled state transitions. Check the StateTransition quota in Service Quotas and request an increase, or slow down whatever starts executions.",
  ],
  [
    "executions-aborted",
    "AWS/States",
    "ExecutionsAborted",
    { StateMachineArn: arns.stateMachine },
    "Sum",
    `Executions were stopped before they finished. Find who called StopExecution in CloudTrail; if the orders should go on, ${RECOVER}.`,
  ],
  // The newest version's own executions: Step Functions adds the Version dimension to those started through a
  // version or an alias. The mocks publish version 1.
  [
    "version-executions-failed",
    "AWS/States",
    "ExecutionsFailed",
    { StateMachineArn: arns.stateMachine, Version: "1" },
    "Sum",
    "Executions of the newest version failed. While it is being rolled out, CloudFormation moves the live alias back to the previous version and the deploy fails; find the failing state in the execution history of that version, fix the definition, and deploy again.",
  ],
  [
    "version-executions-timed-out",
    "AWS/States",
    "ExecutionsTimedOut",
    { StateMachineArn: arns.stateMachine, Version: "1" },
    "Sum",
    "Executions of the newest version reached the state machine's TimeoutSeconds. While it is being rolled out, CloudFormation moves the live alias back to the previous version and the deploy fails; find the state that was running in the execution history, fix the definition, and deploy again.",
  ],
  [
    "validate-order-errors",
    "AWS/Lambda",
    "Errors",
    { FunctionName: validate },
    "Sum",
    `The validate-order function threw errors. Read /aws/lambda/${validate} for the stack traces; the workflow retries them, so check the executions-failed alarm too.`,
  ],
  [
    "validate-order-throttles",
    "AWS/Lambda",
    "Throttles",
    { FunctionName: validate },
    "Sum",
    `Lambda throttled invocations of ${validate}. Check the account's concurrent executions against its quota and the function's reserved concurrency.`,
  ],
  [
    "authorize-payment-throttles",
    "AWS/Lambda",
    "Throttles",
    { FunctionName: authorize },
    "Sum",
    `Lambda throttled invocations of ${authorize}. Check the account's concurrent executions against its quota and the function's reserved concurrency.`,
  ],
  [
    "queue-depth",
    "AWS/SQS",
    "ApproximateNumberOfMessagesVisible",
    { QueueName: `${name}-failures` },
    "Maximum",
    `Orders are waiting in the failure queue ${name}-failures. Read the messages (the error of each), fix the cause, then ${RECOVER}: it redrives the executions that can be, starts the others anew, and deletes each message it recovered.`,
  ],
  [
    "trigger-failed-invocations",
    "AWS/Events",
    "FailedInvocations",
    { RuleName: rule },
    "Sum",
    `EventBridge gave up starting executions for events of rule ${rule}, after its retries. The events are in the failure queue unless trigger-dlq-failures fired too: check the rule's role and the state machine, then start the orders from the queued events.`,
  ],
  [
    "trigger-dlq-failures",
    "AWS/Events",
    "InvocationsFailedToBeSentToDlq",
    { RuleName: rule },
    "Sum",
    `EventBridge could not leave undeliverable events of rule ${rule} in the failure queue: those orders are lost. Check the failure queue's policy and the key policy, which must let events.amazonaws.com send to the queue for this rule.`,
  ],
  [
    "failure-capture-failed-invocations",
    "AWS/Events",
    "FailedInvocations",
    { RuleName: captureRule },
    "Sum",
    `EventBridge gave up sending failed executions to the failure queue for rule ${captureRule}, after its retries: those executions are in no queue. Check the failure queue's policy and the key policy, which must let events.amazonaws.com send to the queue for this rule; list the executions with \`aws stepfunctions list-executions --status-filter FAILED\` (and TIMED_OUT, ABORTED) and redrive them.`,
  ],
];

/** The alarms on metric-math expressions: the authorize function's faults, and its declines as a business signal. */
const EXPRESSION_ALARMS = ["authorize-payment-faults", "authorize-payment-decline-rate"] as const;

const logMetric = (metricName: string) => ({ namespace: logNamespace, metricName, period: 60, stat: "Sum" });

describe("prod alarms", () => {
  test.each(PROD_ALARMS)(
    "%s watches %s %s and notifies the ops topic when it fires and when it recovers",
    (alarm, namespace, metricName, dimensions, statistic, description) => {
      const resource = single(resourcesOf("prod"), TYPES.metricAlarm, `${name}-alarms-${alarm}`);
      expect(resource.inputs).toEqual({
        name: `${name}-alarms-${alarm}`,
        alarmDescription: description,
        namespace,
        metricName,
        dimensions,
        statistic,
        period: 60,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [arns.opsTopic],
        okActions: [arns.opsTopic],
        tags: tagsOf("prod"),
      });
    },
  );

  test("the authorize function's faults: its failed invocations less its declines, both from its log", () => {
    const resource = single(
      resourcesOf("prod"),
      TYPES.metricAlarm,
      `${name}-alarms-authorize-payment-faults`,
    );
    expect(resource.inputs).toEqual({
      name: `${name}-alarms-authorize-payment-faults`,
      alarmDescription: `The authorize-payment function failed for another reason than a decline, which it returns by design: an error it threw, a timeout or a crash. Read /aws/lambda/${authorize} for the stack traces. A workflow that catches these errors fails no execution, so this alarm may be the only sign of them.`,
      metricQueries: [
        { id: "failures", metric: logMetric("authorize-payment-failures"), returnData: false },
        { id: "expected", metric: logMetric("authorize-payment-declines"), returnData: false },
        {
          id: "faults",
          expression: "FILL(failures, 0) - FILL(expected, 0)",
          label: "authorize-payment faults",
          returnData: true,
        },
      ],
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
      alarmActions: [arns.opsTopic],
      okActions: [arns.opsTopic],
      tags: tagsOf("prod"),
    });
  });

  test("the decline rate: above 50% of at least 50 payment attempts a minute, twice the 25% prod expects", () => {
    const resource = single(
      resourcesOf("prod"),
      TYPES.metricAlarm,
      `${name}-alarms-authorize-payment-decline-rate`,
    );
    expect(resource.inputs).toEqual({
      name: `${name}-alarms-authorize-payment-decline-rate`,
      alarmDescription:
        "Business signal, not a fault: more than 50% of authorize-payment invocations ended in a decline (expected 25%, counted in periods of at least 50 invocations). Ask the business side why (for payments, the provider): the workflow itself is working.",
      metricQueries: [
        { id: "expected", metric: logMetric("authorize-payment-declines"), returnData: false },
        {
          id: "invocations",
          metric: {
            namespace: "AWS/Lambda",
            metricName: "Invocations",
            dimensions: { FunctionName: authorize },
            period: 60,
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
      evaluationPeriods: 1,
      threshold: 0.5,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      alarmActions: [arns.opsTopic],
      okActions: [arns.opsTopic],
      tags: tagsOf("prod"),
    });
  });

  test("no alarm counts the authorize function's Lambda Errors, which include every decline", () => {
    const alarms = ofType(resourcesOf("prod"), TYPES.metricAlarm);
    const onErrors = alarms.filter((alarm) => {
      const queries = (alarm.inputs.metricQueries ?? []) as { metric?: Record<string, unknown> }[];
      const metrics = [alarm.inputs, ...queries.map((query) => query.metric ?? {})];
      return metrics.some(
        (metric) =>
          metric.metricName === "Errors" &&
          (metric.dimensions as Record<string, unknown> | undefined)?.FunctionName === authorize,
      );
    });
    expect(onErrors).toEqual([]);
  });

  test("the metric filters count the authorize function's failures and declines in the stack's own namespace", () => {
    const filters = ofType(resourcesOf("prod"), "aws:cloudwatch/logMetricFilter:LogMetricFilter");
    expect(
      filters.map(({ name: filter, inputs }) => ({
        filter,
        logGroupName: inputs.logGroupName,
        metric: inputs.metricTransformation,
      })),
    ).toEqual([
      {
        filter: `${name}-alarms-authorize-payment-failures`,
        logGroupName: `/aws/lambda/${authorize}`,
        metric: { name: "authorize-payment-failures", namespace: logNamespace, value: "1", unit: "Count" },
      },
      {
        filter: `${name}-alarms-authorize-payment-declines`,
        logGroupName: `/aws/lambda/${authorize}`,
        metric: { name: "authorize-payment-declines", namespace: logNamespace, value: "1", unit: "Count" },
      },
    ]);
    const logGroup = single(resourcesOf("prod"), TYPES.logGroup, `${authorize}-logs`);
    expect(logGroup.state.name).toBe(`/aws/lambda/${authorize}`);
  });

  test("are exactly these alarms, each on a dimension the mocks gave a resource of the stack", () => {
    const resources = resourcesOf("prod");
    const alarms = ofType(resources, TYPES.metricAlarm);
    expect(alarms.map((alarm) => alarm.name).sort()).toEqual(
      [...PROD_ALARMS.map(([alarm]) => alarm), ...EXPRESSION_ALARMS]
        .map((alarm) => `${name}-alarms-${alarm}`)
        .sort(),
    );
    const watched = new Set(
      [
        single(resources, TYPES.stateMachine, `${name}-state-machine`).state.arn,
        // The Version dimension: the number of the version the mocks' state machine published.
        String(single(resources, TYPES.stateMachine, `${name}-state-machine`).state.stateMachineVersionArn)
          .split(":")
          .pop(),
        single(resources, TYPES.function, validate).state.name,
        single(resources, TYPES.function, authorize).state.name,
        single(resources, TYPES.queue, `${name}-failures`).state.name,
        single(resources, TYPES.eventRule, rule).state.name,
        single(resources, TYPES.eventRule, captureRule).state.name,
      ].map(String),
    );
    const dimensionValues = alarms.flatMap((alarm): unknown[] => {
      const queries = (alarm.inputs.metricQueries ?? []) as { metric?: { dimensions?: unknown } }[];
      return [alarm.inputs.dimensions, ...queries.map((query) => query.metric?.dimensions)].flatMap(
        (dimensions) => Object.values((dimensions ?? {}) as Record<string, unknown>),
      );
    });
    expect(dimensionValues.filter((value) => !watched.has(String(value)))).toEqual([]);
  });

  test("notify the ops topic the mocks created, encrypted with the stack's key", () => {
    const topic = single(resourcesOf("prod"), TYPES.topic, `${name}-alarms-ops`);
    expect(topic.inputs).toEqual({
      name: `${name}-alarms-ops`,
      kmsMasterKeyId: PROD_KEY_ARN,
      tags: tagsOf("prod"),
    });
    expect(topic.state.arn).toBe(arns.opsTopic);
  });

  test("the ops topic lets only CloudWatch alarms of this account publish", () => {
    const policy = single(resourcesOf("prod"), TYPES.topicPolicy, `${name}-alarms-ops-policy`);
    expect(policy.inputs.arn).toBe(arns.opsTopic);
    expect(parseJson(policy.inputs.policy, "topic policy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "CloudWatchAlarmsOfThisAccount",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: "sns:Publish",
          Resource: arns.opsTopic,
          Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        },
      ],
    });
  });

  test("notify the subscriber Pulumi.prod.yaml names: the on-call address, a placeholder the operator replaces", () => {
    const subscriptions = ofType(resourcesOf("prod"), "aws:sns/topicSubscription:TopicSubscription");
    expect(subscriptions.map(({ name: subscription, inputs }) => ({ subscription, inputs }))).toEqual([
      {
        subscription: `${name}-alarms-ops-email-nihgmggl`,
        inputs: { topic: arns.opsTopic, protocol: "email", endpoint: "oncall@example.com" },
      },
    ]);
  });
});

describe("dev alarms", () => {
  const stack: StackName = "dev";
  test("there are none: no alarms component, alarm, metric filter, ops topic, topic policy or subscription", () => {
    const resources = resourcesOf(stack);
    const alarmTypes: readonly string[] = [
      TYPES.workflowAlarms,
      TYPES.metricAlarm,
      TYPES.topicPolicy,
      "aws:sns/topicSubscription:TopicSubscription",
      "aws:cloudwatch/logMetricFilter:LogMetricFilter",
    ];
    expect(resources.filter((resource) => alarmTypes.includes(resource.type))).toEqual([]);
    expect(ofType(resources, TYPES.topic).map((topic) => topic.name)).toEqual([
      `${prefix(stack)}-order-events`,
    ]);
  });
});
