import { createHash } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  assertExpectedErrors,
  type ExpectedError,
  expectedErrorPattern,
  FAILED_INVOCATION_PATTERN,
  MAX_OUTCOME_LENGTH,
} from "./alarm-expected-errors";
import { assertAlarmSettings } from "./alarm-settings";
import { type AlarmMetric, type AlarmSpec, alarmSpecs, logMetricNames } from "./alarm-specs";
import type { AlarmSubscription } from "./alarm-subscriptions";
import { servicePolicy } from "./service-policies";
import {
  assertArnWhenKnown,
  assertResourceName,
  assertTags,
  describeValue,
  STATE_MACHINE_ARN,
} from "./validation";

// The settings' validators and the execution metrics are their own modules; importers of this one keep them.
export * from "./alarm-settings";
export * from "./alarm-subscriptions";
export * from "./alarm-expected-errors";
export { EXECUTION_METRICS } from "./alarm-specs";

export interface WorkflowAlarmsArgs {
  /** The state machine whose AWS/States execution metrics are watched (dimension `StateMachineArn`). */
  readonly stateMachineArn: pulumi.Input<string>;
  /**
   * Lambda functions to watch for `Errors` and `Throttles`, by a short key that names their alarms
   * (`validate-order` → `<name>-validate-order-errors`) → function name (dimension `FunctionName`).
   */
  readonly functions: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * Errors some of the `functions` throw by design, by their keys. Such a function gets a `<key>-faults` alarm,
   * on the failures its log records less the expected error, instead of one on `Errors`, and a
   * `<key>-<outcome>-rate` alarm on the share of invocations that end in the expected error.
   * @default none: every error of every function is a fault
   */
  readonly expectedErrors?: Readonly<Record<string, ExpectedError>>;
  /**
   * The customer managed KMS key that encrypts the operations topic. It cannot be the AWS managed
   * `alias/aws/sns` key: CloudWatch publishes to an encrypted topic only when the key policy lets
   * `cloudwatch.amazonaws.com` use `kms:Decrypt` and `kms:GenerateDataKey*`, and the policy of an AWS managed
   * key cannot be changed. The key's owner writes that key policy.
   * @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
   */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Name (not URL or ARN) of a failure queue whose visible messages alarm. @default no queue alarm */
  readonly queueName?: pulumi.Input<string>;
  /**
   * Who the operations topic notifies: at least one subscriber, since an alarm that notifies nobody pages nobody.
   * Email and http(s) subscribers receive nothing until they confirm the subscription.
   */
  readonly subscriptions: readonly AlarmSubscription[];
  /**
   * An EventBridge rule on the default event bus whose events start executions; its `FailedInvocations` and
   * `InvocationsFailedToBeSentToDlq` alarm. @default no trigger alarms
   */
  readonly eventRuleName?: pulumi.Input<string>;
  /** Seconds over which each metric is aggregated; a multiple of 60. @default 60 */
  readonly periodSeconds?: number;
  /** Consecutive breaching periods before an alarm fires. @default 1 */
  readonly evaluationPeriods?: number;
  /**
   * Failed, timed-out or aborted executions, or trigger events that started none, per period that fire their
   * alarms. @default 1
   */
  readonly executionsFailedThreshold?: number;
  /** Function errors (for a function with `expectedErrors`, its faults) per period that fire its alarm. @default 1 */
  readonly functionErrorsThreshold?: number;
  /** Throttled executions, or throttled invocations of one function, per period that fire an alarm. @default 1 */
  readonly throttlesThreshold?: number;
  /** Visible messages in the failure queue that fire its alarm. @default 1 */
  readonly queueDepthThreshold?: number;
  /** Tags for the topic and every alarm. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** What each setting is when its arg is left out; stacks that leave a key out get the same. */
export const WORKFLOW_ALARMS_DEFAULTS = {
  periodSeconds: 60,
  evaluationPeriods: 1,
  executionsFailedThreshold: 1,
  functionErrorsThreshold: 1,
  throttlesThreshold: 1,
  queueDepthThreshold: 1,
  expectedErrors: {},
  tags: {},
} as const;

/** Function keys name alarms, so they must be short and safe in a resource name. */
const FUNCTION_KEY = /^[a-z0-9][a-z0-9-]{0,63}$/;
/**
 * CloudWatch alarm names allow 255 characters: `<name>-<64-character key>-<outcome>-rate`, the longest, must fit.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 */
const MAX_NAME_LENGTH = 255 - "-".length - 64 - `-${"o".repeat(MAX_OUTCOME_LENGTH)}-rate`.length;
/** @see https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html#API_GetFunction_RequestSyntax */
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html */
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}(\.fifo)?$/;
const KMS_KEY_ARN = {
  pattern: /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/,
  shape: "arn:<partition>:kms:<region>:<account>:key/<key id>",
} as const;
const AWS_MANAGED_SNS_KEY = "alias/aws/sns";

export function assertKmsKeyArn(field: string, value: unknown): void {
  if (typeof value === "string" && value.endsWith(AWS_MANAGED_SNS_KEY)) {
    throw new Error(
      `\`${field}\` must be a customer managed key: CloudWatch alarms cannot publish to a topic encrypted with the AWS managed ${AWS_MANAGED_SNS_KEY}, whose key policy cannot grant cloudwatch.amazonaws.com. Received: ${describeValue(value)}.`,
    );
  }
  assertArnWhenKnown(field, value, KMS_KEY_ARN);
}

export function assertFunctions(field: string, functions: Readonly<Record<string, unknown>>): void {
  for (const [key, functionName] of Object.entries(functions)) {
    if (!FUNCTION_KEY.test(key)) {
      throw new Error(
        `\`${field}\` has key ${describeValue(key)}; keys name alarms and must be 1 to 64 lowercase letters, digits or '-', starting with a letter or digit.`,
      );
    }
    if (typeof functionName === "string" && !FUNCTION_NAME.test(functionName)) {
      throw new Error(
        `\`${field}.${key}\` must be a Lambda function name (1 to 64 letters, digits, '-' or '_'), not an ARN. Received: ${describeValue(functionName)}.`,
      );
    }
  }
}

export function assertQueueName(field: string, value: unknown): void {
  if (typeof value === "string" && !QUEUE_NAME.test(value)) {
    throw new Error(
      `\`${field}\` must be an SQS queue name (1 to 80 letters, digits, '-' or '_', optionally ending in .fifo), not its URL or ARN. Received: ${describeValue(value)}.`,
    );
  }
}

/** The args once the defaults are filled in. */
type Settings = Omit<WorkflowAlarmsArgs, keyof typeof WORKFLOW_ALARMS_DEFAULTS> & {
  readonly [K in keyof typeof WORKFLOW_ALARMS_DEFAULTS]-?: NonNullable<WorkflowAlarmsArgs[K]>;
};

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

  constructor(name: string, args: WorkflowAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("order-workflow:cloudwatch:WorkflowAlarms", name, {}, opts);
    const settings: Settings = { ...WORKFLOW_ALARMS_DEFAULTS, ...args };
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
    for (const [key, spec] of Object.entries(alarmSpecs({ ...settings, expectedErrors }))) {
      alarmNames[key] = createAlarm(this, `${name}-${key}`, spec, settings, opsTopic, logMetricFilters).name;
    }

    this.opsTopicArn = opsTopic.topic.arn;
    this.alarmNames = alarmNames;
    this.registerOutputs({ opsTopicArn: this.opsTopicArn, alarmNames: this.alarmNames });
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
  settings: Settings,
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
  settings: Settings,
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
