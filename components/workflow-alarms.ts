import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { servicePolicy } from "./service-policies";
import {
  assertArnWhenKnown,
  assertResourceName,
  assertTags,
  assertWholeNumberAtLeast,
  describeValue,
  STATE_MACHINE_ARN,
} from "./validation";

export interface WorkflowAlarmsArgs {
  /** The state machine whose AWS/States execution metrics are watched (dimension `StateMachineArn`). */
  readonly stateMachineArn: pulumi.Input<string>;
  /**
   * Lambda functions to watch for `Errors` and `Throttles`, by a short key that names their alarms
   * (`validate-order` → `<name>-validate-order-errors`) → function name (dimension `FunctionName`).
   */
  readonly functions: Readonly<Record<string, pulumi.Input<string>>>;
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
  /** Address subscribed to the operations topic; AWS mails it a confirmation link. @default no subscription */
  readonly alarmEmail?: string;
  /** Seconds over which each metric is aggregated; a multiple of 60. @default 60 */
  readonly periodSeconds?: number;
  /** Consecutive breaching periods before an alarm fires. @default 1 */
  readonly evaluationPeriods?: number;
  /** Failed, timed-out or aborted executions per period that fire their alarms. @default 1 */
  readonly executionsFailedThreshold?: number;
  /** Function errors per period that fire a function's errors alarm. @default 1 */
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
  tags: {},
} as const;

/** The Step Functions execution metrics, each alarmed on its own. @see https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html */
export const EXECUTION_METRICS = {
  "executions-failed": "ExecutionsFailed",
  "executions-timed-out": "ExecutionsTimedOut",
  "executions-throttled": "ExecutionThrottled",
  "executions-aborted": "ExecutionsAborted",
} as const;

/** Function keys name alarms, so they must be short and safe in a resource name. */
const FUNCTION_KEY = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** CloudWatch alarm names allow 255 characters: `<name>-<64-character key>-throttles` must fit. */
const MAX_NAME_LENGTH = 255 - "-".length - 64 - "-throttles".length;
/** @see https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html#API_GetFunction_RequestSyntax */
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html */
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}(\.fifo)?$/;
const KMS_KEY_ARN = {
  pattern: /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/,
  shape: "arn:<partition>:kms:<region>:<account>:key/<key id>",
} as const;
const AWS_MANAGED_SNS_KEY = "alias/aws/sns";

/**
 * The evaluation window CloudWatch accepts: one day for periods under an hour, seven days otherwise.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 */
const MAX_WINDOW_SECONDS = { underAnHour: 86_400, otherwise: 604_800 } as const;

/**
 * PutMetricAlarm also takes 10, 20 and 30 seconds, but only for high-resolution custom metrics: AWS/States,
 * AWS/Lambda and AWS/SQS publish one data point a minute, so a shorter period would see gaps, which
 * `notBreaching` would then hide.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 */
export function assertAlarmPeriod(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 60 || value % 60 !== 0) {
    throw new Error(
      `\`${field}\` must be a multiple of 60 seconds (60, 120, 300, …): AWS/States, AWS/Lambda and AWS/SQS publish one data point a minute. Received: ${describeValue(value)}.`,
    );
  }
  return value;
}

export function assertEvaluationWindow(
  periodSeconds: number,
  evaluationPeriods: number,
  fields: { readonly period: string; readonly evaluationPeriods: string } = {
    period: "periodSeconds",
    evaluationPeriods: "evaluationPeriods",
  },
): void {
  const limit = periodSeconds < 3600 ? MAX_WINDOW_SECONDS.underAnHour : MAX_WINDOW_SECONDS.otherwise;
  const window = periodSeconds * evaluationPeriods;
  if (window > limit) {
    const when = periodSeconds < 3600 ? "a period under an hour" : "a period of an hour or more";
    throw new Error(
      `\`${fields.evaluationPeriods}\` × \`${fields.period}\` must be at most ${limit} seconds with ${when}. Received: ${evaluationPeriods} × ${periodSeconds} = ${window}.`,
    );
  }
}

/** What is wrong with an email address, or undefined when it has the shape SNS needs. */
export function emailProblem(address: string): string | undefined {
  if (address.length > 254) return "it is longer than 254 characters";
  if (/\s/.test(address)) return "it contains whitespace";
  const parts = address.split("@");
  if (parts.length === 1) return 'it has no "@"';
  if (parts.length > 2) return 'it has more than one "@"';
  const [local = "", domain = ""] = parts;
  if (local === "") return 'nothing comes before the "@"';
  if (!/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(domain)) {
    return `its domain ${describeValue(domain)} is not a dotted host name such as example.com`;
  }
  return undefined;
}

export function assertAlarmEmail(field: string, value: unknown): string {
  const problem = typeof value === "string" ? emailProblem(value) : "it is not a string";
  if (problem !== undefined || typeof value !== "string") {
    throw new Error(
      `\`${field}\` must be an email address such as ops@example.com, but ${problem ?? "it is not a string"}. Received: ${describeValue(value)}.`,
    );
  }
  return value;
}

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

/** The args of {@link WorkflowAlarms} that set what fires an alarm and who hears of it. */
export type AlarmSettingName =
  | "alarmEmail"
  | "periodSeconds"
  | "evaluationPeriods"
  | "executionsFailedThreshold"
  | "functionErrorsThreshold"
  | "throttlesThreshold"
  | "queueDepthThreshold";

/**
 * Checks the alarm settings, so that a component passing them on can check them before its own children;
 * `field` names each setting as that caller's args do.
 */
export function assertAlarmSettings(
  settings: { readonly [K in AlarmSettingName]?: unknown },
  field: (name: AlarmSettingName) => string = (name) => name,
): void {
  if (settings.alarmEmail !== undefined) assertAlarmEmail(field("alarmEmail"), settings.alarmEmail);
  const period = assertAlarmPeriod(field("periodSeconds"), settings.periodSeconds);
  const evaluationPeriods = assertWholeNumberAtLeast(
    field("evaluationPeriods"),
    settings.evaluationPeriods,
    1,
  );
  assertEvaluationWindow(period, evaluationPeriods, {
    period: field("periodSeconds"),
    evaluationPeriods: field("evaluationPeriods"),
  });
  for (const threshold of [
    "executionsFailedThreshold",
    "functionErrorsThreshold",
    "throttlesThreshold",
    "queueDepthThreshold",
  ] as const) {
    assertWholeNumberAtLeast(field(threshold), settings[threshold], 1);
  }
}

interface AlarmSpec {
  readonly namespace: "AWS/States" | "AWS/Lambda" | "AWS/SQS";
  readonly metricName: string;
  readonly dimensions: Record<string, pulumi.Input<string>>;
  readonly statistic: "Sum" | "Maximum";
  readonly threshold: number;
  readonly description: pulumi.Input<string>;
}

/** The args once the defaults are filled in. */
type Settings = Omit<WorkflowAlarmsArgs, keyof typeof WORKFLOW_ALARMS_DEFAULTS> & {
  readonly [K in keyof typeof WORKFLOW_ALARMS_DEFAULTS]-?: NonNullable<WorkflowAlarmsArgs[K]>;
};

const EXECUTION_ADVICE: Readonly<Record<keyof typeof EXECUTION_METRICS, string>> = {
  "executions-failed":
    "Executions failed. Open them in the Step Functions console, find the failing state in the execution history, fix the cause, then redrive them.",
  "executions-timed-out":
    "Executions reached the state machine's TimeoutSeconds. Find the state that was running in the execution history (a slow dependency or a Task without its own timeout) and restart the orders once it answers again.",
  "executions-throttled":
    "Step Functions throttled state transitions. Check the StateTransition quota in Service Quotas and request an increase, or slow down whatever starts executions.",
  "executions-aborted":
    "Executions were stopped before they finished. Find who called StopExecution in CloudTrail and restart the orders that were cut short.",
};

/** Every alarm of the component, keyed by the suffix of its name. */
function alarmSpecs(settings: Settings): Record<string, AlarmSpec> {
  const specs: Record<string, AlarmSpec> = {};
  for (const [key, metricName] of Object.entries(EXECUTION_METRICS) as [
    keyof typeof EXECUTION_METRICS,
    string,
  ][]) {
    specs[key] = {
      namespace: "AWS/States",
      metricName,
      dimensions: { StateMachineArn: settings.stateMachineArn },
      statistic: "Sum",
      threshold:
        key === "executions-throttled" ? settings.throttlesThreshold : settings.executionsFailedThreshold,
      description: EXECUTION_ADVICE[key],
    };
  }
  for (const [key, functionName] of Object.entries(settings.functions)) {
    specs[`${key}-errors`] = {
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: functionName },
      statistic: "Sum",
      threshold: settings.functionErrorsThreshold,
      description: pulumi.interpolate`The ${key} function threw errors. Read /aws/lambda/${functionName} for the stack traces; the workflow retries them, so check the executions-failed alarm too.`,
    };
    specs[`${key}-throttles`] = {
      namespace: "AWS/Lambda",
      metricName: "Throttles",
      dimensions: { FunctionName: functionName },
      statistic: "Sum",
      threshold: settings.throttlesThreshold,
      description: pulumi.interpolate`Lambda throttled invocations of ${functionName}. Check the account's concurrent executions against its quota and the function's reserved concurrency.`,
    };
  }
  if (settings.queueName !== undefined) {
    specs["queue-depth"] = {
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: settings.queueName },
      // The depth is a level, not a count of events: the highest sample says how far behind the queue is.
      statistic: "Maximum",
      threshold: settings.queueDepthThreshold,
      description: pulumi.interpolate`Orders are waiting in the failure queue ${settings.queueName}. Read the messages, fix what made DynamoDB or SNS fail, then redrive them.`,
    };
  }
  return specs;
}

/**
 * CloudWatch alarms on a workflow's executions, its functions and, optionally, its failure queue, all
 * notifying one encrypted operations topic (separate from the order events) when they fire and when they
 * recover. Missing data counts as not breaching: a quiet workflow is a healthy one.
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
    assertAlarmSettings(settings);
    const tags = assertTags("tags", settings.tags);

    const topic = new aws.sns.Topic(
      `${name}-ops`,
      { name: `${name}-ops`, kmsMasterKeyId: settings.kmsKeyArn, tags },
      { parent: this },
    );
    const account = aws.getCallerIdentityOutput({}, { parent: this });
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
      { parent: this },
    );
    if (settings.alarmEmail !== undefined) {
      new aws.sns.TopicSubscription(
        `${name}-ops-email`,
        { topic: topic.arn, protocol: "email", endpoint: settings.alarmEmail },
        { parent: this },
      );
    }

    const alarmNames: Record<string, pulumi.Output<string>> = {};
    for (const [key, spec] of Object.entries(alarmSpecs(settings))) {
      const alarm = new aws.cloudwatch.MetricAlarm(
        `${name}-${key}`,
        {
          name: `${name}-${key}`,
          alarmDescription: spec.description,
          namespace: spec.namespace,
          metricName: spec.metricName,
          dimensions: spec.dimensions,
          statistic: spec.statistic,
          period: settings.periodSeconds,
          evaluationPeriods: settings.evaluationPeriods,
          threshold: spec.threshold,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          treatMissingData: "notBreaching",
          alarmActions: [topic.arn],
          okActions: [topic.arn],
          tags,
        },
        // An alarm that fires before the topic policy exists would fail to notify anyone.
        { parent: this, dependsOn: [topicPolicy] },
      );
      alarmNames[key] = alarm.name;
    }

    this.opsTopicArn = topic.arn;
    this.alarmNames = alarmNames;
    this.registerOutputs({ opsTopicArn: this.opsTopicArn, alarmNames: this.alarmNames });
  }
}
