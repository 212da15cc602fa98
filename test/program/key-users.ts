import type { CapturedResource } from "../../local/capture/pulumi-mocks";
import { isRecord } from "../../local/model/json";

/**
 * Who must use a stack's customer-managed key, derived from what the stack creates rather than from the code
 * that writes the key policy: every resource that names the key, and what AWS documents each implies.
 */

const SOURCES = {
  logs: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
  describeKey:
    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html (DescribeKey: no kms:EncryptionContext key)",
  logDelivery:
    "https://docs.aws.amazon.com/step-functions/latest/dg/encryption-at-rest.html; aws-cdk packages/aws-cdk-lib/aws-stepfunctions/lib/state-machine.ts",
  alarms: "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services",
  deadLetters:
    "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html; https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html",
  queueTargets:
    "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html#compatibility-with-aws-services",
} as const;

/** One AWS service principal that uses the key for one purpose. */
export interface KeyUse {
  /** The key policy's `Principal.Service`. */
  readonly principal: string;
  readonly actions: readonly string[];
  readonly purpose: string;
  /** The request context AWS documents the service sends with these calls: condition key → value. */
  readonly context: Readonly<Record<string, string>>;
  /** The condition keys AWS documents the statement is conditioned on, for the confused deputy or the resource. */
  readonly conditionKeys: readonly string[];
  readonly source: string;
}

/** The environment the stack deploys into. */
export interface KeyEnvironment {
  readonly region: string;
  readonly accountId: string;
}

/** Resource types that may name the key, and whether AWS then needs a key-policy statement for a service. */
export const KEY_HOLDERS: Readonly<Record<string, string>> = {
  "aws:cloudwatch/logGroup:LogGroup": "CloudWatch Logs encrypts the group's events (logs.<region>)",
  "aws:sfn/stateMachine:StateMachine":
    "Step Functions uses the caller's IAM permissions; log delivery decrypts when it logs (delivery.logs)",
  "aws:sns/topic:Topic": "SNS uses the publisher's permissions: a service publisher is named (cloudwatch)",
  "aws:sqs/queue:Queue": "SQS uses the sender's permissions: a service sender is named (events)",
  "aws:dynamodb/table:Table": "DynamoDB uses a grant the deployer creates: no statement",
  "aws:iam/rolePolicy:RolePolicy": "an IAM principal granted through the account statement: no statement",
  "aws:iam/policy:Policy": "an IAM principal granted through the account statement: no statement",
};

/** A field of an object by path, or undefined. */
function at(value: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>((current, key) => (isRecord(current) ? current[key] : undefined), value);
}

const text = (value: unknown): string => {
  if (typeof value !== "string") throw new Error(`Expected a string, got ${JSON.stringify(value)}.`);
  return value;
};

/** `<type> <name>` of every resource whose inputs name the key anywhere. */
export function keyHolders(resources: readonly CapturedResource[], keyArn: string): string[] {
  return resources
    .filter((resource) => JSON.stringify(resource.inputs).includes(keyArn))
    .map((resource) => `${resource.type} ${resource.name}`);
}

function ofType(resources: readonly CapturedResource[], type: string): CapturedResource[] {
  return resources.filter((resource) => resource.type === type);
}

function logGroupUses(groups: readonly CapturedResource[], env: KeyEnvironment): KeyUse[] {
  const logs = `logs.${env.region}.amazonaws.com`;
  const encrypting = groups.map((group): KeyUse => ({
    principal: logs,
    actions: [
      "kms:Decrypt",
      "kms:Encrypt",
      "kms:GenerateDataKey",
      "kms:GenerateDataKeyWithoutPlaintext",
      "kms:ReEncryptFrom",
      "kms:ReEncryptTo",
    ],
    purpose: `CloudWatch Logs encrypts and reads log group ${text(group.state.name)}`,
    context: { "kms:EncryptionContext:aws:logs:arn": text(group.state.arn) },
    conditionKeys: ["kms:EncryptionContext:aws:logs:arn"],
    source: SOURCES.logs,
  }));
  if (encrypting.length === 0) return [];
  return [
    ...encrypting,
    {
      principal: logs,
      actions: ["kms:DescribeKey"],
      purpose: "CloudWatch Logs describes the key of its encrypted log groups",
      context: { "aws:SourceAccount": env.accountId },
      conditionKeys: ["aws:SourceAccount"],
      source: `${SOURCES.logs}; ${SOURCES.describeKey}`,
    },
  ];
}

function logDeliveryUses(machines: readonly CapturedResource[]): KeyUse[] {
  return machines
    .filter((machine) => at(machine.inputs, "loggingConfiguration", "level") !== "OFF")
    .map((machine) => ({
      principal: "delivery.logs.amazonaws.com",
      actions: ["kms:Decrypt"],
      purpose: `Log delivery writes the execution logs of encrypted state machine ${text(machine.state.name)}`,
      context: {},
      conditionKeys: [],
      source: SOURCES.logDelivery,
    }));
}

/** Alarms that notify a topic: CloudWatch publishes to it, and SNS encrypts with the key as CloudWatch. */
function alarmUses(
  topics: readonly CapturedResource[],
  alarms: readonly CapturedResource[],
  env: KeyEnvironment,
): KeyUse[] {
  return topics.flatMap((topic) => {
    const notifying = alarms.filter((alarm) =>
      ["alarmActions", "okActions", "insufficientDataActions"].some((field) => {
        const actions = alarm.inputs[field];
        return Array.isArray(actions) && actions.includes(topic.state.arn);
      }),
    );
    if (notifying.length === 0) return [];
    return [
      {
        principal: "cloudwatch.amazonaws.com",
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        purpose: `CloudWatch alarms publish to encrypted topic ${text(topic.state.name)}`,
        context: { "aws:SourceAccount": env.accountId },
        conditionKeys: ["aws:SourceAccount"],
        source: SOURCES.alarms,
      },
    ];
  });
}

/** Rules whose target dead-letters into a queue: EventBridge sends to it, SQS encrypts with the key as EventBridge. */
function deadLetterUses(
  queues: readonly CapturedResource[],
  targets: readonly CapturedResource[],
  rules: readonly CapturedResource[],
  env: KeyEnvironment,
): KeyUse[] {
  return queues.flatMap((queue) =>
    targets
      .filter((target) => at(target.inputs, "deadLetterConfig", "arn") === queue.state.arn)
      .map((target): KeyUse => {
        const rule = rules.find((candidate) => candidate.state.name === target.inputs.rule);
        if (rule === undefined) throw new Error(`No rule named ${String(target.inputs.rule)}.`);
        return {
          principal: "events.amazonaws.com",
          actions: ["kms:Decrypt", "kms:GenerateDataKey"],
          purpose: `Rule ${text(rule.state.name)} dead-letters undeliverable events to encrypted queue ${text(queue.state.name)}`,
          context: { "aws:SourceArn": text(rule.state.arn), "aws:SourceAccount": env.accountId },
          conditionKeys: ["aws:SourceArn"],
          source: SOURCES.deadLetters,
        };
      }),
  );
}

/** Rules whose target is a queue: EventBridge sends each matching event to it, SQS encrypts with the key as EventBridge. */
function queueTargetUses(
  queues: readonly CapturedResource[],
  targets: readonly CapturedResource[],
  rules: readonly CapturedResource[],
  env: KeyEnvironment,
): KeyUse[] {
  return queues.flatMap((queue) =>
    targets
      .filter((target) => target.inputs.arn === queue.state.arn)
      .map((target): KeyUse => {
        const rule = rules.find((candidate) => candidate.state.name === target.inputs.rule);
        if (rule === undefined) throw new Error(`No rule named ${String(target.inputs.rule)}.`);
        return {
          principal: "events.amazonaws.com",
          actions: ["kms:Decrypt", "kms:GenerateDataKey"],
          purpose: `Rule ${text(rule.state.name)} sends its events to encrypted queue ${text(queue.state.name)}`,
          context: { "aws:SourceArn": text(rule.state.arn), "aws:SourceAccount": env.accountId },
          conditionKeys: ["aws:SourceArn"],
          source: SOURCES.queueTargets,
        };
      }),
  );
}

/** Every service principal the stack makes use its key, each with what it does and where AWS says so. */
export function keyUsers(
  resources: readonly CapturedResource[],
  keyArn: string | undefined,
  env: KeyEnvironment,
): KeyUse[] {
  if (keyArn === undefined) return [];
  const named = (type: string, ...path: string[]) =>
    ofType(resources, type).filter((resource) => at(resource.inputs, ...path) === keyArn);
  return [
    ...logGroupUses(named("aws:cloudwatch/logGroup:LogGroup", "kmsKeyId"), env),
    ...logDeliveryUses(named("aws:sfn/stateMachine:StateMachine", "encryptionConfiguration", "kmsKeyId")),
    ...alarmUses(
      named("aws:sns/topic:Topic", "kmsMasterKeyId"),
      ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm"),
      env,
    ),
    ...deadLetterUses(
      named("aws:sqs/queue:Queue", "kmsMasterKeyId"),
      ofType(resources, "aws:cloudwatch/eventTarget:EventTarget"),
      ofType(resources, "aws:cloudwatch/eventRule:EventRule"),
      env,
    ),
    ...queueTargetUses(
      named("aws:sqs/queue:Queue", "kmsMasterKeyId"),
      ofType(resources, "aws:cloudwatch/eventTarget:EventTarget"),
      ofType(resources, "aws:cloudwatch/eventRule:EventRule"),
      env,
    ),
  ];
}

/** A statement of a policy document, as the key policy holds it. */
export interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Principal?: unknown;
  readonly Action: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

const list = (value: string | readonly string[] | undefined): readonly string[] =>
  value === undefined ? [] : typeof value === "string" ? [value] : value;

/** IAM's `*` and `?` wildcards of StringLike and ArnLike. */
export function globMatches(pattern: string, value: string): boolean {
  const source = pattern
    .split("")
    .map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\/]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`).test(value);
}

const OPERATORS: Readonly<Record<string, (pattern: string, value: string) => boolean>> = {
  StringEquals: (pattern, value) => pattern === value,
  // A request context here holds one value per key: any of them matching is that one matching, and an absent
  // key fails, as ForAnyValue does with an empty set.
  "ForAnyValue:StringEquals": (pattern, value) => pattern === value,
  ArnEquals: (pattern, value) => pattern === value,
  StringLike: globMatches,
  ArnLike: globMatches,
};

/** Whether every condition of a statement holds for a request context; a key absent from it fails. */
export function conditionsHold(statement: Statement, context: Readonly<Record<string, string>>): boolean {
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) => {
    const matches = OPERATORS[operator];
    if (matches === undefined) throw new Error(`No evaluator for condition operator ${operator}.`);
    return Object.entries(keys).every(([key, patterns]) => {
      const value = context[key];
      return value !== undefined && list(patterns).some((pattern) => matches(pattern, value));
    });
  });
}

/** The service principals a statement names. */
export function servicesOf(statement: Statement): readonly string[] {
  const service = at(statement.Principal, "Service");
  return typeof service === "string" || Array.isArray(service) ? list(service as string | string[]) : [];
}

/** The statements that allow a service this action with this request context. */
export function allowing(
  statements: readonly Statement[],
  principal: string,
  action: string,
  context: Readonly<Record<string, string>>,
): Statement[] {
  return statements.filter(
    (statement) =>
      statement.Effect === "Allow" &&
      servicesOf(statement).includes(principal) &&
      list(statement.Action).includes(action) &&
      conditionsHold(statement, context),
  );
}

/** The condition keys a statement uses, sorted. */
export function conditionKeysOf(statement: Statement): string[] {
  return Object.values(statement.Condition ?? {})
    .flatMap((keys) => Object.keys(keys))
    .sort();
}
