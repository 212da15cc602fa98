import { createHash } from "node:crypto";
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import {
  assertExpectedErrors,
  type ExpectedError,
  expectedErrorPattern,
  FAILED_INVOCATION_PATTERN,
} from "./alarm-expected-errors";
import { assertAlarmSettings } from "./alarm-settings";
import { type AlarmMetric, type AlarmSpec, alarmSpecs, logMetricNames } from "./alarm-specs";
import type { AlarmSubscription } from "./alarm-subscriptions";
import {
  assertFunctions,
  assertKmsKeyArn,
  assertQueueName,
  MAX_NAME_LENGTH,
  WORKFLOW_ALARMS_DEFAULTS,
  type WorkflowAlarmsArgs,
  type WorkflowAlarmsSettings,
} from "./workflow-alarms-args";
import { servicePolicy } from "./service-policies";
import { assertArnWhenKnown, assertResourceName, assertTags, STATE_MACHINE_ARN } from "./validation";

// The settings' validators and the execution metrics are their own modules; importers of this one keep them.
export * from "./alarm-settings";
export * from "./alarm-subscriptions";
export * from "./alarm-expected-errors";
export * from "./workflow-alarms-args";
export { EXECUTION_METRICS } from "./alarm-specs";
export { VERSION_EXECUTION_METRICS, versionNumberOf } from "./alarm-version-specs";

/** The namespace of the metrics the component's log metric filters publish: its own, so stacks do not mix. */
function logMetricNamespace(name: string): string {
  return `OrderWorkflow/${name}`;
}

/**
 * CloudWatch alarms on a workflow's executions, its functions and, optionally, its failure queue and its
 * EventBridge trigger, all notifying one encrypted operations topic (separate from the order events), and its
 * subscribers, when they fire and when they recover. Missing data counts as not breaching: a quiet workflow is a
 * healthy one. A function that throws an error by design is alarmed on its faults, counted from its log, and on
 * the share of its invocations that end in that error.
 */
export class WorkflowAlarms extends pulumi.ComponentResource {
  public readonly opsTopicArn: pulumi.Output<string>;
  /** Alarm names by the suffix of their child names (`executions-failed`, `validate-order-errors`, …). */
  public readonly alarmNames: Readonly<Record<string, pulumi.Output<string>>>;
  /**
   * The alarms that gate a rollout of a new version (see `AlarmSpec.gatesRollout`), by the suffix of their
   * names: a deployment names them, and must wait for them to exist, since CloudWatch treats an alarm that does
   * not exist as OK.
   */
  public readonly rolloutAlarms: Readonly<Record<string, aws.cloudwatch.MetricAlarm>>;

  constructor(name: string, args: WorkflowAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("order-workflow:cloudwatch:WorkflowAlarms", name, {}, opts);
    const settings: WorkflowAlarmsSettings = { ...WORKFLOW_ALARMS_DEFAULTS, ...args };
    assertResourceName("name", name, MAX_NAME_LENGTH);
    assertArnWhenKnown("stateMachineArn", settings.stateMachineArn, STATE_MACHINE_ARN);
    assertFunctions("functions", settings.functions);
    assertKmsKeyArn("kmsKeyArn", settings.kmsKeyArn);
    assertQueueName("queueName", settings.queueName);
    assertExpectedErrors("expectedErrors", settings.expectedErrors, Object.keys(settings.functions));
    assertAlarmSettings(settings);
    const tags = assertTags("tags", settings.tags);

    const opsTopic = createOpsTopic(this, name, settings, tags);
    const logMetricFilters = createLogMetricFilters(this, name, settings.expectedErrors);
    const expectedErrors = Object.fromEntries(
      Object.entries(settings.expectedErrors).map(([key, expected]) => [
        key,
        { ...expected, namespace: logMetricNamespace(name) },
      ]),
    );
    const alarmNames: Record<string, pulumi.Output<string>> = {};
    const rolloutAlarms: Record<string, aws.cloudwatch.MetricAlarm> = {};
    for (const [key, spec] of Object.entries(alarmSpecs({ ...settings, expectedErrors }))) {
      const alarm = createAlarm(this, `${name}-${key}`, spec, settings, opsTopic, logMetricFilters);
      alarmNames[key] = alarm.name;
      if (spec.gatesRollout === true) rolloutAlarms[key] = alarm;
    }

    this.opsTopicArn = opsTopic.topic.arn;
    this.alarmNames = alarmNames;
    this.rolloutAlarms = rolloutAlarms;
    this.registerOutputs({
      opsTopicArn: this.opsTopicArn,
      alarmNames: this.alarmNames,
      rolloutAlarmNames: Object.values(rolloutAlarms).map((alarm) => alarm.name),
    });
  }
}

/** The topic the alarms notify, with the policy that lets them publish to it. */
interface OpsTopic {
  readonly topic: aws.sns.Topic;
  readonly topicPolicy: aws.sns.TopicPolicy;
}

/**
 * A subscription's child name: its protocol and a digest of its endpoint, so that reordering the subscribers
 * replaces none of them. The digest is spelled in the letters a to p, as child names hold no digits.
 */
export function subscriptionNameOf(name: string, { protocol, endpoint }: AlarmSubscription): string {
  const digest = createHash("sha256").update(endpoint).digest("hex").slice(0, 8);
  const letters = digest.replace(/[0-9a-f]/g, (digit) => "abcdefghijklmnop".charAt(parseInt(digit, 16)));
  return `${name}-ops-${protocol}-${letters}`;
}

/** The operations topic, its policy and its subscriptions. */
function createOpsTopic(
  parent: pulumi.Resource,
  name: string,
  settings: WorkflowAlarmsSettings,
  tags: Readonly<Record<string, string>>,
): OpsTopic {
  const topic = new aws.sns.Topic(
    `${name}-ops`,
    { name: `${name}-ops`, kmsMasterKeyId: settings.kmsKeyArn, tags },
    { parent },
  );
  const account = aws.getCallerIdentityOutput({}, { parent });
  const topicPolicy = new aws.sns.TopicPolicy(
    `${name}-ops-policy`,
    {
      arn: topic.arn,
      // Only alarms of this account may publish, not CloudWatch acting for another (confused deputy).
      policy: servicePolicy({
        sid: "CloudWatchAlarmsOfThisAccount",
        service: "cloudwatch.amazonaws.com",
        action: "sns:Publish",
        resource: topic.arn,
        conditions: { StringEquals: { "aws:SourceAccount": account.accountId } },
      }),
    },
    { parent },
  );
  for (const subscription of settings.subscriptions) {
    new aws.sns.TopicSubscription(
      subscriptionNameOf(name, subscription),
      { topic: topic.arn, protocol: subscription.protocol, endpoint: subscription.endpoint },
      { parent },
    );
  }
  return { topic, topicPolicy };
}

/**
 * The metric filters that count, on each function with an expected error, its failed invocations and those that
 * ended in the expected error; alarms on their metrics depend on them.
 */
function createLogMetricFilters(
  parent: pulumi.Resource,
  name: string,
  expectedErrors: Readonly<Record<string, ExpectedError>>,
): aws.cloudwatch.LogMetricFilter[] {
  return Object.entries(expectedErrors).flatMap(([key, expected]) => {
    const metrics = logMetricNames(key, expected.outcome);
    const filters: [metricName: string, pattern: string][] = [
      [metrics.failures, FAILED_INVOCATION_PATTERN],
      [metrics.expected, expectedErrorPattern(expected.errorName)],
    ];
    return filters.map(
      ([metricName, pattern]) =>
        new aws.cloudwatch.LogMetricFilter(
          `${name}-${metricName}`,
          {
            name: `${name}-${metricName}`,
            logGroupName: expected.logGroupName,
            pattern,
            metricTransformation: {
              name: metricName,
              namespace: logMetricNamespace(name),
              value: "1",
              unit: "Count",
            },
          },
          { parent },
        ),
    );
  });
}

function metricStat(metric: AlarmMetric, period: number) {
  return {
    namespace: metric.namespace,
    metricName: metric.metricName,
    ...(metric.dimensions === undefined ? {} : { dimensions: metric.dimensions }),
    period,
    stat: metric.statistic,
  };
}

/** What an alarm reads: one metric with its statistic, or a metric-math expression and the metrics it reads. */
function alarmSource(spec: AlarmSpec, period: number): Partial<aws.cloudwatch.MetricAlarmArgs> {
  if ("metric" in spec) {
    const { metric } = spec;
    return {
      namespace: metric.namespace,
      metricName: metric.metricName,
      dimensions: metric.dimensions,
      statistic: metric.statistic,
      period,
    };
  }
  const { expression } = spec;
  return {
    metricQueries: [
      ...Object.entries(expression.metrics).map(([id, metric]) => ({
        id,
        metric: metricStat(metric, period),
        returnData: false,
      })),
      { id: expression.id, expression: expression.expression, label: expression.label, returnData: true },
    ],
  };
}

/** One alarm, notifying the operations topic when it fires and when it recovers. */
function createAlarm(
  parent: pulumi.Resource,
  alarmName: string,
  spec: AlarmSpec,
  settings: WorkflowAlarmsSettings,
  { topic, topicPolicy }: OpsTopic,
  logMetricFilters: readonly aws.cloudwatch.LogMetricFilter[],
): aws.cloudwatch.MetricAlarm {
  const readsLogMetrics = "expression" in spec;
  return new aws.cloudwatch.MetricAlarm(
    alarmName,
    {
      name: alarmName,
      alarmDescription: spec.description,
      ...alarmSource(spec, settings.periodSeconds),
      evaluationPeriods: settings.evaluationPeriods,
      threshold: spec.threshold,
      comparisonOperator: spec.comparison ?? "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
      alarmActions: [topic.arn],
      okActions: [topic.arn],
      tags: settings.tags,
    },
    // An alarm that fires before the topic policy exists would fail to notify anyone; one on a log metric would
    // watch a metric nothing publishes yet.
    { parent, dependsOn: readsLogMetrics ? [topicPolicy, ...logMetricFilters] : [topicPolicy] },
  );
}
