import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import {
  assertTargetRetry,
  MAX_EVENT_AGE_SECONDS,
  MAX_RETRY_ATTEMPTS,
  retryPolicyOf,
} from "./event-target-retry";
import {
  assertArnWhenKnown,
  assertResourceName,
  assertTags,
  describeValue,
  STATE_MACHINE_ARN,
} from "./validation";

/** The execution statuses that end an execution without success. */
export const FAILED_EXECUTION_STATUSES = ["FAILED", "TIMED_OUT", "ABORTED"] as const;
export type FailedExecutionStatus = (typeof FAILED_EXECUTION_STATUSES)[number];

/**
 * What Step Functions sends to the default event bus when an execution of a STANDARD state machine changes
 * status. Express workflows send no such events.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/eventbridge-integration.html
 */
export const EXECUTION_STATUS_CHANGE = {
  source: "aws.states",
  detailType: "Step Functions Execution Status Change",
} as const;

export interface ExecutionFailureCaptureArgs {
  /**
   * The STANDARD state machine whose failed executions are captured: its unqualified ARN, which is what an
   * execution's `stateMachineArn` holds whether it was started through an alias, a version or neither (the
   * alias and the version have fields of their own), so one pattern matches them all. The event's detail is
   * the execution as DescribeExecution describes it.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/execution-alias-version-associate.html
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/cw-events.html
   */
  readonly stateMachineArn: pulumi.Input<string>;
  /**
   * The SQS queue each failed execution's status-change event is sent to, whole. Its queue policy must let
   * `events.amazonaws.com` call `sqs:SendMessage` with `aws:SourceArn` = `ruleArn`, and a queue encrypted with a
   * customer-managed key needs that key's policy to let EventBridge use it for the rule; the AWS-managed
   * `alias/aws/sqs` key cannot, its policy cannot be changed.
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html#compatibility-with-aws-services
   */
  readonly queueArn: pulumi.Input<string>;
  /** Which ending statuses are captured. @default ["FAILED", "TIMED_OUT", "ABORTED"] */
  readonly statuses?: readonly FailedExecutionStatus[];
  /** How many times EventBridge retries a delivery the queue refused, 0 to 185. @default 185 */
  readonly maximumRetryAttempts?: number;
  /** How long, in seconds, EventBridge keeps retrying a delivery, 60 to 86400. @default 86400 */
  readonly maximumEventAgeSeconds?: number;
  /** Tags for the rule. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * What each setting is when its arg is left out: every unsuccessful ending, retried as long and as often as
 * EventBridge allows. @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html
 */
export const EXECUTION_FAILURE_CAPTURE_DEFAULTS = {
  statuses: FAILED_EXECUTION_STATUSES,
  maximumRetryAttempts: MAX_RETRY_ATTEMPTS,
  maximumEventAgeSeconds: MAX_EVENT_AGE_SECONDS,
  tags: {},
} as const;

const SQS_QUEUE_ARN = {
  pattern: /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}$/,
  shape: "arn:<partition>:sqs:<region>:<account>:<standard queue name>",
} as const;
/** Rule names allow 64 characters: `<name>-rule` must fit. @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html */
const MAX_NAME_LENGTH = 64 - "-rule".length;

/** The name of the rule an `ExecutionFailureCapture` named `name` creates, known before the capture exists. */
export function failureCaptureRuleNameOf(name: string): string {
  return `${name}-rule`;
}

export function assertFailedStatuses(field: string, value: readonly unknown[]): void {
  const allowed: readonly unknown[] = FAILED_EXECUTION_STATUSES;
  if (value.length === 0 || value.some((status) => !allowed.includes(status))) {
    throw new Error(
      `\`${field}\` must list one or more of ${FAILED_EXECUTION_STATUSES.join(", ")}. Received: ${describeValue(value)}.`,
    );
  }
}

/**
 * An EventBridge rule that sends each execution of a state machine that ends FAILED, TIMED_OUT or ABORTED, as
 * its whole "Step Functions Execution Status Change" event (execution ARN, status, error, cause, start date,
 * input), to a queue: whatever ended it, a state's error, the execution's TimeoutSeconds or a StopExecution.
 * SQS targets take no role: the queue policy names the rule.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/cw-events.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions
 */
export class ExecutionFailureCapture extends pulumi.ComponentResource {
  public readonly ruleArn: pulumi.Output<string>;
  public readonly ruleName: pulumi.Output<string>;

  constructor(name: string, args: ExecutionFailureCaptureArgs, opts?: pulumi.ComponentResourceOptions) {
    super("order-workflow:events:ExecutionFailureCapture", name, {}, opts);
    const settings = { ...EXECUTION_FAILURE_CAPTURE_DEFAULTS, ...args };
    assertResourceName("name", name, MAX_NAME_LENGTH);
    assertArnWhenKnown("stateMachineArn", settings.stateMachineArn, STATE_MACHINE_ARN);
    assertArnWhenKnown("queueArn", settings.queueArn, SQS_QUEUE_ARN);
    assertFailedStatuses("statuses", settings.statuses);
    assertTargetRetry(settings);
    const tags = assertTags("tags", settings.tags);

    const rule = new aws.cloudwatch.EventRule(
      failureCaptureRuleNameOf(name),
      {
        name: failureCaptureRuleNameOf(name),
        description: "Sends each execution that ends without success to the failure queue",
        eventPattern: pulumi.jsonStringify({
          source: [EXECUTION_STATUS_CHANGE.source],
          "detail-type": [EXECUTION_STATUS_CHANGE.detailType],
          detail: { status: [...settings.statuses], stateMachineArn: [settings.stateMachineArn] },
        }),
        tags,
      },
      { parent: this },
    );
    new aws.cloudwatch.EventTarget(
      `${name}-target`,
      {
        rule: rule.name,
        arn: settings.queueArn,
        retryPolicy: retryPolicyOf(settings),
      },
      { parent: this },
    );

    this.ruleArn = rule.arn;
    this.ruleName = rule.name;
    this.registerOutputs({ ruleArn: this.ruleArn, ruleName: this.ruleName });
  }
}
