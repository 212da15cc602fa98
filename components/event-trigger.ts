import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import {
  assertTargetRetry,
  MAX_EVENT_AGE_SECONDS,
  MAX_RETRY_ATTEMPTS,
  retryPolicyOf,
} from "./event-target-retry";
import { STATE_MACHINE_ALIAS_ARN, startThroughAliasStatement } from "./alias-start-policy";
import { assertEventPattern } from "./event-pattern";
import { serviceTrustPolicy } from "./service-policies";
import { assertArnWhenKnown, assertResourceName, assertTags, describeValue } from "./validation";

// Event patterns are checked in their own module; importers of this one keep their validator.
export * from "./event-pattern";

export interface EventBridgeTriggerArgs {
  /**
   * The alias of the state machine each matching event starts an execution through, so that the alias's
   * routing decides which version runs it. An unqualified ARN is refused: its executions would run the latest
   * revision and bypass the alias and its gradual rollout.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/execution-alias-version-associate.html
   */
  readonly stateMachineAliasArn: pulumi.Input<string>;
  /** Which events start an execution, as an EventBridge event pattern; see {@link assertEventPattern}. */
  readonly eventPattern: Readonly<Record<string, unknown>>;
  /** Name or ARN of the event bus the rule listens on. @default "default" */
  readonly eventBusName?: pulumi.Input<string>;
  /** JSONPath of the part of the event that becomes the execution input. @default "$.detail" */
  readonly inputPath?: string;
  /**
   * SQS queue that receives events EventBridge could not start an execution with, so they are not lost. Its
   * queue policy must let `events.amazonaws.com` call `sqs:SendMessage` with `aws:SourceArn` = `ruleArn`.
   * @default no dead-letter queue
   */
  readonly deadLetterQueueArn?: pulumi.Input<string>;
  /** How many times EventBridge retries a failed StartExecution, 0 to 185. @default 185 */
  readonly maximumRetryAttempts?: number;
  /** How long, in seconds, EventBridge keeps retrying an event, 60 to 86400. @default 86400 */
  readonly maximumEventAgeSeconds?: number;
  /** Tags for the rule and the role. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * What each setting is when its arg is left out: retries as long and as often as EventBridge allows.
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html
 */
export const EVENT_BRIDGE_TRIGGER_DEFAULTS = {
  eventBusName: "default",
  inputPath: "$.detail",
  maximumRetryAttempts: MAX_RETRY_ATTEMPTS,
  maximumEventAgeSeconds: MAX_EVENT_AGE_SECONDS,
  tags: {},
} as const;

/** @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html */
const MAX_INPUT_PATH_LENGTH = 256;
/** @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html */
const EVENT_BUS_NAME = /^(arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/)?[/.\-_A-Za-z0-9]{1,256}$/;
const SQS_QUEUE_ARN = {
  pattern: /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/,
  shape: "arn:<partition>:sqs:<region>:<account>:<queue name>",
} as const;
/** Rule names allow 64 characters, IAM role names 64: `<name>-rule` and `<name>-role` must fit. */
const MAX_NAME_LENGTH = 64 - "-role".length;

export function assertInputPath(field: string, value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("$") || value.length > MAX_INPUT_PATH_LENGTH) {
    throw new Error(
      `\`${field}\` must be a JSONPath starting with "$", such as "$.detail", of at most ${MAX_INPUT_PATH_LENGTH} characters. Received: ${describeValue(value)}.`,
    );
  }
  return value;
}

export function assertEventBusName(field: string, value: unknown): void {
  if (typeof value === "string" && !EVENT_BUS_NAME.test(value)) {
    throw new Error(
      `\`${field}\` must be an event bus name (1 to 256 letters, digits, '.', '-', '_' or '/') or an event bus ARN. Received: ${describeValue(value)}.`,
    );
  }
}

/** The name of the rule an `EventBridgeTrigger` named `name` creates, known before the trigger exists. */
export function eventRuleNameOf(name: string): string {
  return `${name}-rule`;
}

/**
 * An EventBridge rule that starts a state machine, through its alias, for every matching event. The rule
 * assumes a role that only EventBridge, for this rule of this account, may assume, and that may only start
 * executions through that one alias. EventBridge retries a StartExecution that fails and, given a
 * dead-letter queue, keeps the events it gave up on.
 */
export class EventBridgeTrigger extends pulumi.ComponentResource {
  public readonly ruleArn: pulumi.Output<string>;
  public readonly ruleName: pulumi.Output<string>;
  public readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: EventBridgeTriggerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("order-workflow:events:EventBridgeTrigger", name, {}, opts);
    const settings: Settings = { ...EVENT_BRIDGE_TRIGGER_DEFAULTS, ...args };
    assertResourceName("name", name, MAX_NAME_LENGTH);
    assertArnWhenKnown("stateMachineAliasArn", settings.stateMachineAliasArn, STATE_MACHINE_ALIAS_ARN);
    const eventPattern = assertEventPattern("eventPattern", settings.eventPattern);
    assertEventBusName("eventBusName", settings.eventBusName);
    const inputPath = assertInputPath("inputPath", settings.inputPath);
    if (settings.deadLetterQueueArn !== undefined) {
      assertArnWhenKnown("deadLetterQueueArn", settings.deadLetterQueueArn, SQS_QUEUE_ARN);
    }
    assertTargetRetry(settings);
    const tags = assertTags("tags", settings.tags);

    const rule = new aws.cloudwatch.EventRule(
      eventRuleNameOf(name),
      {
        name: eventRuleNameOf(name),
        eventBusName: settings.eventBusName,
        eventPattern: JSON.stringify(eventPattern),
        tags,
      },
      { parent: this },
    );
    const role = createRole(this, name, rule, tags);
    const policy = createStartExecutionPolicy(this, name, role, settings.stateMachineAliasArn);
    new aws.cloudwatch.EventTarget(
      `${name}-target`,
      {
        rule: rule.name,
        eventBusName: settings.eventBusName,
        arn: settings.stateMachineAliasArn,
        roleArn: role.arn,
        inputPath,
        retryPolicy: retryPolicyOf(settings),
        deadLetterConfig:
          settings.deadLetterQueueArn === undefined ? undefined : { arn: settings.deadLetterQueueArn },
      },
      // Without the policy, the first events would fail to start executions and be retried or dead-lettered.
      { parent: this, dependsOn: [policy] },
    );

    this.ruleArn = rule.arn;
    this.ruleName = rule.name;
    this.roleArn = role.arn;
    this.registerOutputs({ ruleArn: this.ruleArn, ruleName: this.ruleName, roleArn: this.roleArn });
  }
}

/** The args once the defaults are filled in. */
type Settings = EventBridgeTriggerArgs & {
  readonly [K in keyof typeof EVENT_BRIDGE_TRIGGER_DEFAULTS]-?: NonNullable<EventBridgeTriggerArgs[K]>;
};

/** The role the rule assumes to start executions. */
function createRole(
  parent: pulumi.Resource,
  name: string,
  rule: aws.cloudwatch.EventRule,
  tags: Readonly<Record<string, string>>,
): aws.iam.Role {
  const account = aws.getCallerIdentityOutput({}, { parent });
  return new aws.iam.Role(
    `${name}-role`,
    {
      name: `${name}-role`,
      // EventBridge sets both keys when a rule assumes a role: only this rule may (confused deputy).
      // https://docs.aws.amazon.com/eventbridge/latest/userguide/cross-service-confused-deputy-prevention.html
      assumeRolePolicy: serviceTrustPolicy("events.amazonaws.com", {
        StringEquals: { "aws:SourceAccount": account.accountId },
        ArnEquals: { "aws:SourceArn": rule.arn },
      }),
      tags,
    },
    { parent },
  );
}

/** The role's only permission: starting executions through that one alias. */
function createStartExecutionPolicy(
  parent: pulumi.Resource,
  name: string,
  role: aws.iam.Role,
  aliasArn: pulumi.Input<string>,
): aws.iam.RolePolicy {
  return new aws.iam.RolePolicy(
    `${name}-start-execution`,
    {
      name: `${name}-start-execution`,
      role: role.id,
      policy: pulumi
        .output(aliasArn)
        .apply((arn) =>
          JSON.stringify({ Version: "2012-10-17", Statement: [startThroughAliasStatement(arn)] }),
        ),
    },
    { parent },
  );
}
