import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "./service-policies";
import {
  assertArnWhenKnown,
  assertNumberInRange,
  assertResourceName,
  assertTags,
  describeValue,
  STATE_MACHINE_ARN,
} from "./validation";

export interface EventBridgeTriggerArgs {
  /** The state machine each matching event starts an execution of. */
  readonly stateMachineArn: pulumi.Input<string>;
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
  maximumRetryAttempts: 185,
  maximumEventAgeSeconds: 86_400,
  tags: {},
} as const;

/** @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html */
const RETRY_ATTEMPTS_RANGE = { min: 0, max: 185, integer: true } as const;
const EVENT_AGE_RANGE_SECONDS = { min: 60, max: 86_400, integer: true } as const;
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

/**
 * The fields of an event's envelope, which an event pattern's top-level keys match.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html
 */
export const EVENT_FIELDS = [
  "source",
  "detail-type",
  "detail",
  "account",
  "region",
  "resources",
  "time",
  "id",
  "version",
] as const;

/**
 * The content filters an event pattern's arrays may hold besides plain values.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
 */
export const CONTENT_FILTERS = [
  "prefix",
  "suffix",
  "anything-but",
  "numeric",
  "exists",
  "cidr",
  "equals-ignore-case",
  "wildcard",
] as const;

const FIELDS_LIST = EVENT_FIELDS.join(", ");
/** @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html */
const OR = "$or";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A match list: plain JSON values, or single-key content filters such as `{ "prefix": "com.example." }`. */
function assertMatchList(path: string, value: unknown): void {
  if (!Array.isArray(value) || value.length === 0) {
    throw new Error(
      `\`${path}\` must be a non-empty array of values or content filters, such as ["com.example.orders"]. Received: ${describeValue(value)}.`,
    );
  }
  value.forEach((item: unknown, index) => {
    const itemPath = `${path}[${index}]`;
    if (isPlainObject(item)) {
      const operators = Object.keys(item);
      const [operator] = operators;
      if (operators.length !== 1 || !(CONTENT_FILTERS as readonly string[]).includes(operator ?? "")) {
        throw new Error(
          `\`${itemPath}\` must be a content filter with one of ${CONTENT_FILTERS.join(", ")}. Received: ${describeValue(item)}.`,
        );
      }
      return;
    }
    const plain =
      item === null ||
      typeof item === "string" ||
      typeof item === "boolean" ||
      (typeof item === "number" && Number.isFinite(item));
    if (!plain) {
      throw new Error(
        `\`${itemPath}\` must be a string, a number, a boolean, null or a content filter. Received: ${describeValue(item)}.`,
      );
    }
  });
}

/**
 * Inside `detail`, a field matches either a list of values or, for a nested object, another pattern; `$or`
 * holds alternative patterns.
 */
function assertNestedPattern(path: string, value: unknown): void {
  if (Array.isArray(value)) {
    assertMatchList(path, value);
    return;
  }
  if (!isPlainObject(value) || Object.keys(value).length === 0) {
    throw new Error(
      `\`${path}\` must be a non-empty array of values or a non-empty object of nested fields. Received: ${describeValue(value)}.`,
    );
  }
  for (const [key, nested] of Object.entries(value)) {
    if (key === OR) assertAlternatives(`${path}.${OR}`, nested);
    else assertNestedPattern(`${path}.${key}`, nested);
  }
}

/** `$or` holds alternative patterns, each matching fields of the same object. */
function assertAlternatives(path: string, value: unknown): void {
  if (!Array.isArray(value) || value.length === 0 || !value.every(isPlainObject)) {
    throw new Error(
      `\`${path}\` must be a non-empty array of objects of nested fields. Received: ${describeValue(value)}.`,
    );
  }
  value.forEach((alternative: unknown, index) => {
    assertNestedPattern(`${path}[${index}]`, alternative);
  });
}

/**
 * An event pattern EventBridge accepts: a non-empty object whose keys are envelope fields; `detail` holds
 * nested fields, every other field a list of values. Each list is a non-empty array of JSON values or content
 * filters.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 */
export function assertEventPattern(field: string, pattern: unknown): Readonly<Record<string, unknown>> {
  if (!isPlainObject(pattern) || Object.keys(pattern).length === 0) {
    throw new Error(
      `\`${field}\` must be a non-empty object whose keys are event fields (${FIELDS_LIST}). Received: ${describeValue(pattern)}.`,
    );
  }
  for (const [key, value] of Object.entries(pattern)) {
    if (!(EVENT_FIELDS as readonly string[]).includes(key)) {
      throw new Error(
        `\`${field}\` has key ${describeValue(key)}; its keys must be event fields: ${FIELDS_LIST}.`,
      );
    }
    if (key === "detail") assertNestedPattern(`${field}.detail`, value);
    else assertMatchList(`${field}.${key}`, value);
  }
  return pattern;
}

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

/**
 * An EventBridge rule that starts a state machine for every matching event. The rule assumes a role that
 * only EventBridge, for this rule of this account, may assume, and that may only start executions of that
 * one state machine. EventBridge retries a StartExecution that fails and, given a dead-letter queue, keeps
 * the events it gave up on.
 */
export class EventBridgeTrigger extends pulumi.ComponentResource {
  public readonly ruleArn: pulumi.Output<string>;
  public readonly ruleName: pulumi.Output<string>;
  public readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: EventBridgeTriggerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("order-workflow:events:EventBridgeTrigger", name, {}, opts);
    const settings = { ...EVENT_BRIDGE_TRIGGER_DEFAULTS, ...args };
    assertResourceName("name", name, MAX_NAME_LENGTH);
    assertArnWhenKnown("stateMachineArn", settings.stateMachineArn, STATE_MACHINE_ARN);
    const eventPattern = assertEventPattern("eventPattern", settings.eventPattern);
    assertEventBusName("eventBusName", settings.eventBusName);
    const inputPath = assertInputPath("inputPath", settings.inputPath);
    if (settings.deadLetterQueueArn !== undefined) {
      assertArnWhenKnown("deadLetterQueueArn", settings.deadLetterQueueArn, SQS_QUEUE_ARN);
    }
    assertNumberInRange("maximumRetryAttempts", settings.maximumRetryAttempts, RETRY_ATTEMPTS_RANGE);
    assertNumberInRange("maximumEventAgeSeconds", settings.maximumEventAgeSeconds, EVENT_AGE_RANGE_SECONDS);
    const tags = assertTags("tags", settings.tags);

    const rule = new aws.cloudwatch.EventRule(
      `${name}-rule`,
      {
        name: `${name}-rule`,
        eventBusName: settings.eventBusName,
        eventPattern: JSON.stringify(eventPattern),
        tags,
      },
      { parent: this },
    );
    const account = aws.getCallerIdentityOutput({}, { parent: this });
    const role = new aws.iam.Role(
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
      { parent: this },
    );
    const policy = new aws.iam.RolePolicy(
      `${name}-start-execution`,
      {
        name: `${name}-start-execution`,
        role: role.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Action: "states:StartExecution", Resource: settings.stateMachineArn },
          ],
        }),
      },
      { parent: this },
    );
    new aws.cloudwatch.EventTarget(
      `${name}-target`,
      {
        rule: rule.name,
        eventBusName: settings.eventBusName,
        arn: settings.stateMachineArn,
        roleArn: role.arn,
        inputPath,
        retryPolicy: {
          maximumRetryAttempts: settings.maximumRetryAttempts,
          maximumEventAgeInSeconds: settings.maximumEventAgeSeconds,
        },
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
