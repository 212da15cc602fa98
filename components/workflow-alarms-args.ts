import type * as pulumi from "@pulumi/pulumi";
import { MAX_OUTCOME_LENGTH, type ExpectedError } from "./alarm-expected-errors";
import type { AlarmSubscription } from "./alarm-subscriptions";
import { assertArnWhenKnown, describeValue } from "./validation";

export interface WorkflowAlarmsArgs {
  /** The state machine whose AWS/States execution metrics are watched (dimension `StateMachineArn`). */
  readonly stateMachineArn: pulumi.Input<string>;
  /**
   * The version of that state machine the deploy published (`<state machine ARN>:<n>`): its own executions'
   * `ExecutionsFailed` and `ExecutionsTimedOut` (dimensions `StateMachineArn` and `Version`) are alarmed too,
   * and gate its rollout. @default no version alarms
   */
  readonly stateMachineVersionArn?: pulumi.Input<string>;
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
  /**
   * An EventBridge rule on the default event bus that sends failed executions to the failure queue; its
   * `FailedInvocations` alarm: a failed execution it could not deliver is in no queue. @default no such alarm
   */
  readonly failureCaptureRuleName?: pulumi.Input<string>;
  /** Seconds over which each metric is aggregated; a multiple of 60. @default 60 */
  readonly periodSeconds?: number;
  /** Consecutive breaching periods before an alarm fires. @default 1 */
  readonly evaluationPeriods?: number;
  /**
   * Failed, timed-out or aborted executions, trigger events that started none, or failed executions the capture
   * rule could not queue, per period that fire their alarms. @default 1
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
export const MAX_NAME_LENGTH = 255 - "-".length - 64 - `-${"o".repeat(MAX_OUTCOME_LENGTH)}-rate`.length;
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
export type WorkflowAlarmsSettings = Omit<WorkflowAlarmsArgs, keyof typeof WORKFLOW_ALARMS_DEFAULTS> & {
  readonly [K in keyof typeof WORKFLOW_ALARMS_DEFAULTS]-?: NonNullable<WorkflowAlarmsArgs[K]>;
};
