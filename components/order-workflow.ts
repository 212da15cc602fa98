import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  AUTH_FAILURE_RATE_ENV,
  AUTH_LATENCY_MS_ENV,
  AUTH_LATENCY_MS_MAX,
} from "../functions/authorize-payment/config";
import { toPartition } from "./asl";
import { BundledFunction } from "./bundled-function";
import {
  assertLoggingArgs,
  LoggedStateMachine,
  WORKFLOW_TYPES,
  type WorkflowType,
} from "./logged-state-machine";
import { buildOrderDefinition } from "./order-definition";
import {
  assertBoolean,
  assertNumberInRange,
  assertOneOf,
  assertResourceName,
  assertTags,
  type LogLevel,
} from "./validation";
import { assertEventPattern, EventBridgeTrigger } from "./event-trigger";
import {
  type AlarmSettingName,
  assertAlarmSettings,
  WORKFLOW_ALARMS_DEFAULTS,
  WorkflowAlarms,
} from "./workflow-alarms";
import { servicePolicy } from "./service-policies";
import { WorkflowKey } from "./workflow-key";

/** Which KMS keys encrypt the workflow's data at rest. */
export const KMS_KEY_CHOICES = ["aws-managed", "customer-managed"] as const;
export type KmsKeyChoice = (typeof KMS_KEY_CHOICES)[number];

/** SQS keeps a message 1 minute to 14 days. @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html */
export const FAILURE_QUEUE_RETENTION_DAYS = { min: 1, max: 14, integer: true } as const;
const SECONDS_PER_DAY = 86_400;

/**
 * The AWS-managed keys of SNS and SQS: their key policies let the account's principals use them through the
 * service, so no IAM or key policy is needed. @see https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key
 */
const AWS_MANAGED_KEYS = { sns: "alias/aws/sns", sqs: "alias/aws/sqs" } as const;

export interface OrderWorkflowArgs {
  /** Which execution events the state machine logs. @default "ERROR" */
  readonly logLevel?: LogLevel;
  /** Whether execution logs hold each state's input and output, which carry customer data. @default false */
  readonly includeExecutionData?: boolean;
  /** Days CloudWatch Logs keeps the state machine's and the functions' logs. @default 30 */
  readonly logRetentionDays?: number;
  /** Whether executions send traces to X-Ray. @default false */
  readonly tracingEnabled?: boolean;
  /** Probability, 0 to 1, that the simulated payment gateway declines an attempt. @default 0.25, as the tutorial */
  readonly authFailureRate?: number;
  /** Simulated gateway latency per attempt, in milliseconds. @default 200, as the tutorial */
  readonly authLatencyMs?: number;
  /** Whether the Orders table keeps continuous backups for point-in-time recovery. @default false */
  readonly pointInTimeRecovery?: boolean;
  /**
   * Whether the Orders table is protected: DynamoDB refuses to delete it, and so does Pulumi (`protect`), so
   * `pulumi destroy` stops before it. @default false
   */
  readonly deletionProtection?: boolean;
  /** STANDARD (exactly once, up to a year, billed per transition) or EXPRESS (at least once, five minutes). @default "STANDARD" */
  readonly workflowType?: WorkflowType;
  /**
   * `aws-managed`: the table, topic and queue use the AWS-managed keys and the state machine and logs AWS-owned
   * ones; `customer-managed`: one rotated KMS key of the workflow's own encrypts all of them. @default "aws-managed"
   */
  readonly kmsKey?: KmsKeyChoice;
  /** Days the failure queue keeps an order that could not be recorded or notified. @default 14, the most SQS allows */
  readonly failureQueueRetentionDays?: number;
  /**
   * Whether CloudWatch alarms watch the executions, the functions and the failure queue and notify an operations
   * topic. Needs `kmsKey` customer-managed: CloudWatch cannot publish to a topic under the AWS-managed SNS key.
   * @default false
   */
  readonly alarmsEnabled?: boolean;
  /** An address subscribed to the operations topic. @default no subscription */
  readonly alarmEmail?: string;
  /** Seconds over which each alarmed metric is aggregated; a multiple of 60. @default 60 */
  readonly alarmPeriodSeconds?: number;
  /** Consecutive breaching periods before an alarm fires. @default 1 */
  readonly alarmEvaluationPeriods?: number;
  /** Failed, timed-out or aborted executions per period that fire their alarms. @default 1 */
  readonly alarmExecutionsFailedThreshold?: number;
  /** Errors of one function per period that fire its alarm. @default 1 */
  readonly alarmFunctionErrorsThreshold?: number;
  /** Throttled executions or invocations per period that fire their alarms. @default 1 */
  readonly alarmThrottlesThreshold?: number;
  /** Orders waiting in the failure queue that fire its alarm. @default 1 */
  readonly alarmQueueDepthThreshold?: number;
  /**
   * An EventBridge event pattern on the default bus whose events start an execution with their `detail` as the
   * order; events that cannot start one go to the failure queue. Needs `kmsKey` customer-managed: EventBridge
   * cannot leave events in a queue under the AWS-managed SQS key. @default no trigger
   */
  readonly eventPattern?: Readonly<Record<string, unknown>>;
  /** Tags for every resource of the workflow. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** What each setting of a workflow is when its arg is left out; stacks that leave a key out get the same. */
export const ORDER_WORKFLOW_DEFAULTS = {
  logLevel: "ERROR",
  includeExecutionData: false,
  logRetentionDays: 30,
  tracingEnabled: false,
  authFailureRate: 0.25,
  authLatencyMs: 200,
  pointInTimeRecovery: false,
  deletionProtection: false,
  workflowType: "STANDARD",
  kmsKey: "aws-managed",
  failureQueueRetentionDays: 14,
  alarmsEnabled: false,
  alarmPeriodSeconds: WORKFLOW_ALARMS_DEFAULTS.periodSeconds,
  alarmEvaluationPeriods: WORKFLOW_ALARMS_DEFAULTS.evaluationPeriods,
  alarmExecutionsFailedThreshold: WORKFLOW_ALARMS_DEFAULTS.executionsFailedThreshold,
  alarmFunctionErrorsThreshold: WORKFLOW_ALARMS_DEFAULTS.functionErrorsThreshold,
  alarmThrottlesThreshold: WORKFLOW_ALARMS_DEFAULTS.throttlesThreshold,
  alarmQueueDepthThreshold: WORKFLOW_ALARMS_DEFAULTS.queueDepthThreshold,
} as const;

/** The workflow's arg for each setting of its alarms. */
const ALARM_ARGS: Readonly<Record<AlarmSettingName, keyof OrderWorkflowArgs>> = {
  alarmEmail: "alarmEmail",
  periodSeconds: "alarmPeriodSeconds",
  evaluationPeriods: "alarmEvaluationPeriods",
  executionsFailedThreshold: "alarmExecutionsFailedThreshold",
  functionErrorsThreshold: "alarmFunctionErrorsThreshold",
  throttlesThreshold: "alarmThrottlesThreshold",
  queueDepthThreshold: "alarmQueueDepthThreshold",
};

/** The validator does pure checks: a cold start and a few milliseconds. */
const VALIDATE_TIMEOUT_SECONDS = 5;
/** Twice the longest simulated gateway latency a stack may configure. */
const AUTHORIZE_TIMEOUT_SECONDS = (2 * AUTH_LATENCY_MS_MAX) / 1000;

/** The longest name derived from the workflow's name, `<name>-authorize-payment-role`, must fit IAM's 64. */
const MAX_NAME_LENGTH = 64 - "-authorize-payment-role".length;

/**
 * The tutorial's order-processing workflow: an Orders table, an order-events topic, the validate and
 * authorize functions, and a logged state machine whose definition is generated from their ARNs and whose
 * execution role is derived from that definition.
 */
export class OrderWorkflow extends pulumi.ComponentResource {
  public readonly stateMachineArn: pulumi.Output<string>;
  public readonly stateMachineName: pulumi.Output<string>;
  public readonly tableName: pulumi.Output<string>;
  public readonly tableArn: pulumi.Output<string>;
  public readonly topicArn: pulumi.Output<string>;
  public readonly failureQueueUrl: pulumi.Output<string>;
  public readonly failureQueueArn: pulumi.Output<string>;
  /** The customer-managed key's ARN, or undefined with AWS-managed keys. */
  public readonly kmsKeyArn: pulumi.Output<string | undefined>;
  /** The operations topic the alarms notify, or undefined without alarms. */
  public readonly opsTopicArn: pulumi.Output<string | undefined>;
  /** The EventBridge rule that starts executions, or undefined without a trigger. */
  public readonly triggerRuleArn: pulumi.Output<string | undefined>;
  public readonly logGroupName: pulumi.Output<string>;
  public readonly validateFunctionName: pulumi.Output<string>;
  public readonly authorizeFunctionName: pulumi.Output<string>;
  public readonly definitionJson: pulumi.Output<string>;
  public readonly policyJson: pulumi.Output<string>;

  constructor(name: string, args: OrderWorkflowArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super("order-workflow:index:OrderWorkflow", name, {}, opts);
    const settings = { ...ORDER_WORKFLOW_DEFAULTS, tags: {}, ...args };
    assertResourceName("name", name, MAX_NAME_LENGTH);
    assertLoggingArgs(settings);
    assertNumberInRange("authFailureRate", settings.authFailureRate, { min: 0, max: 1 });
    assertNumberInRange("authLatencyMs", settings.authLatencyMs, {
      min: 0,
      max: AUTH_LATENCY_MS_MAX,
      integer: true,
    });
    assertBoolean("pointInTimeRecovery", settings.pointInTimeRecovery);
    assertBoolean("deletionProtection", settings.deletionProtection);
    assertOneOf("workflowType", settings.workflowType, WORKFLOW_TYPES);
    assertOneOf("kmsKey", settings.kmsKey, KMS_KEY_CHOICES);
    assertBoolean("alarmsEnabled", settings.alarmsEnabled);
    assertNumberInRange(
      "failureQueueRetentionDays",
      settings.failureQueueRetentionDays,
      FAILURE_QUEUE_RETENTION_DAYS,
    );
    const eventPattern =
      settings.eventPattern === undefined
        ? undefined
        : assertEventPattern("eventPattern", settings.eventPattern);
    const [conflict] = conflictingArgs(settings);
    if (conflict !== undefined) throw new Error(conflict);
    const alarmSettings = {
      alarmEmail: settings.alarmEmail,
      periodSeconds: settings.alarmPeriodSeconds,
      evaluationPeriods: settings.alarmEvaluationPeriods,
      executionsFailedThreshold: settings.alarmExecutionsFailedThreshold,
      functionErrorsThreshold: settings.alarmFunctionErrorsThreshold,
      throttlesThreshold: settings.alarmThrottlesThreshold,
      queueDepthThreshold: settings.alarmQueueDepthThreshold,
    };
    if (settings.alarmsEnabled) assertAlarmSettings(alarmSettings, (arg) => ALARM_ARGS[arg]);
    const tags = assertTags("tags", settings.tags);

    const key =
      settings.kmsKey === "customer-managed"
        ? new WorkflowKey(
            `${name}-key`,
            {
              logGroupPatterns: [`/aws/lambda/${name}-*`, `/aws/vendedlogs/states/${name}-*`],
              cloudWatchAlarms: settings.alarmsEnabled,
              eventBridge: eventPattern !== undefined,
              tags,
            },
            { parent: this },
          )
        : undefined;
    const keyArn = key?.keyArn;

    const table = new aws.dynamodb.Table(
      `${name}-orders`,
      {
        name: `${name}-orders`,
        billingMode: "PAY_PER_REQUEST",
        hashKey: "orderId",
        attributes: [{ name: "orderId", type: "S" }],
        serverSideEncryption: { enabled: true, ...(keyArn === undefined ? {} : { kmsKeyArn: keyArn }) },
        pointInTimeRecovery: { enabled: settings.pointInTimeRecovery },
        deletionProtectionEnabled: settings.deletionProtection,
        tags,
      },
      { parent: this, protect: settings.deletionProtection },
    );
    const topic = new aws.sns.Topic(
      `${name}-order-events`,
      { name: `${name}-order-events`, kmsMasterKeyId: keyArn ?? AWS_MANAGED_KEYS.sns, tags },
      { parent: this },
    );
    const failureQueue = new aws.sqs.Queue(
      `${name}-failures`,
      {
        name: `${name}-failures`,
        messageRetentionSeconds: settings.failureQueueRetentionDays * SECONDS_PER_DAY,
        kmsMasterKeyId: keyArn ?? AWS_MANAGED_KEYS.sqs,
        tags,
      },
      { parent: this },
    );
    const validate = new BundledFunction(
      `${name}-validate-order`,
      {
        entry: "functions/validate-order/handler.ts",
        timeoutSeconds: VALIDATE_TIMEOUT_SECONDS,
        logRetentionDays: settings.logRetentionDays,
        ...(keyArn === undefined ? {} : { logKmsKeyArn: keyArn }),
        tags,
      },
      { parent: this },
    );
    const authorize = new BundledFunction(
      `${name}-authorize-payment`,
      {
        entry: "functions/authorize-payment/handler.ts",
        timeoutSeconds: AUTHORIZE_TIMEOUT_SECONDS,
        logRetentionDays: settings.logRetentionDays,
        environment: {
          [AUTH_FAILURE_RATE_ENV]: String(settings.authFailureRate),
          [AUTH_LATENCY_MS_ENV]: String(settings.authLatencyMs),
        },
        ...(keyArn === undefined ? {} : { logKmsKeyArn: keyArn }),
        tags,
      },
      { parent: this },
    );

    const partition = aws.getPartitionOutput({}, { parent: this }).partition;
    const definition = pulumi
      .all([partition, validate.functionArn, authorize.functionArn, table.name, topic.arn, failureQueue.url])
      .apply(
        ([partitionName, validateFunctionArn, authorizeFunctionArn, tableName, topicArn, failureQueueUrl]) =>
          buildOrderDefinition({
            partition: toPartition(partitionName),
            validateFunctionArn,
            authorizeFunctionArn,
            tableName,
            topicArn,
            failureQueueUrl,
            workflowType: settings.workflowType,
            validateTimeoutSeconds: VALIDATE_TIMEOUT_SECONDS,
            authorizeTimeoutSeconds: AUTHORIZE_TIMEOUT_SECONDS,
          }),
      );
    const stateMachine = new LoggedStateMachine(
      `${name}-state-machine`,
      {
        definition,
        type: settings.workflowType,
        resourceArns: pulumi
          .all([table.name, table.arn, failureQueue.url, failureQueue.arn])
          .apply(([tableName, tableArn, queueUrl, queueArn]) => ({
            [tableName]: tableArn,
            [queueUrl]: queueArn,
          })),
        ...(keyArn === undefined ? {} : { kmsKeyArn: keyArn }),
        logLevel: settings.logLevel,
        includeExecutionData: settings.includeExecutionData,
        logRetentionDays: settings.logRetentionDays,
        tracingEnabled: settings.tracingEnabled,
        tags,
      },
      { parent: this },
    );

    const alarms =
      settings.alarmsEnabled && keyArn !== undefined
        ? new WorkflowAlarms(
            `${name}-alarms`,
            {
              stateMachineArn: stateMachine.stateMachineArn,
              functions: {
                "validate-order": validate.functionName,
                "authorize-payment": authorize.functionName,
              },
              kmsKeyArn: keyArn,
              queueName: failureQueue.name,
              ...alarmSettings,
              tags,
            },
            { parent: this },
          )
        : undefined;
    const trigger =
      eventPattern === undefined
        ? undefined
        : new EventBridgeTrigger(
            `${name}-trigger`,
            {
              stateMachineArn: stateMachine.stateMachineArn,
              eventPattern,
              deadLetterQueueArn: failureQueue.arn,
              tags,
            },
            { parent: this },
          );
    if (trigger !== undefined) {
      new aws.sqs.QueuePolicy(
        `${name}-failures-policy`,
        {
          queueUrl: failureQueue.url,
          // Only the trigger's own rule may leave undeliverable events here (confused deputy).
          // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html#eb-dlq-perms
          policy: servicePolicy({
            sid: "EventBridgeDeadLetters",
            service: "events.amazonaws.com",
            action: "sqs:SendMessage",
            resource: failureQueue.arn,
            conditions: { ArnEquals: { "aws:SourceArn": trigger.ruleArn } },
          }),
        },
        { parent: this },
      );
    }

    this.stateMachineArn = stateMachine.stateMachineArn;
    this.stateMachineName = stateMachine.stateMachineName;
    this.tableName = table.name;
    this.tableArn = table.arn;
    this.topicArn = topic.arn;
    this.failureQueueUrl = failureQueue.url;
    this.failureQueueArn = failureQueue.arn;
    this.kmsKeyArn = pulumi.output(keyArn);
    this.opsTopicArn = pulumi.output(alarms?.opsTopicArn);
    this.triggerRuleArn = pulumi.output(trigger?.ruleArn);
    this.logGroupName = stateMachine.logGroupName;
    this.validateFunctionName = validate.functionName;
    this.authorizeFunctionName = authorize.functionName;
    this.definitionJson = stateMachine.definitionJson;
    this.policyJson = stateMachine.policyJson;
    this.registerOutputs({
      stateMachineArn: this.stateMachineArn,
      stateMachineName: this.stateMachineName,
      tableName: this.tableName,
      tableArn: this.tableArn,
      topicArn: this.topicArn,
      failureQueueUrl: this.failureQueueUrl,
      failureQueueArn: this.failureQueueArn,
      kmsKeyArn: this.kmsKeyArn,
      opsTopicArn: this.opsTopicArn,
      triggerRuleArn: this.triggerRuleArn,
      logGroupName: this.logGroupName,
      validateFunctionName: this.validateFunctionName,
      authorizeFunctionName: this.authorizeFunctionName,
      definitionJson: this.definitionJson,
      policyJson: this.policyJson,
    });
  }
}

/**
 * Args that are each valid but cannot go together, with why; `field` names an arg as the caller knows it.
 */
export function conflictingArgs(
  args: {
    readonly workflowType: WorkflowType;
    readonly logLevel: LogLevel;
    readonly alarmsEnabled: boolean;
    readonly kmsKey: KmsKeyChoice;
    readonly eventPattern?: unknown;
  },
  field: (arg: string) => string = (arg) => arg,
): string[] {
  const conflicts: string[] = [];
  if (args.workflowType === "EXPRESS" && args.logLevel === "OFF") {
    conflicts.push(
      `\`${field("workflowType")}\` EXPRESS needs \`${field("logLevel")}\` ALL, ERROR or FATAL; received OFF. ` +
        "Express workflows keep no execution history, so their logs are the only record of what an execution did.",
    );
  }
  if (args.alarmsEnabled && args.kmsKey !== "customer-managed") {
    conflicts.push(
      `\`${field("alarmsEnabled")}\` needs \`${field("kmsKey")}\` customer-managed; received ${args.kmsKey}. ` +
        "CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed SNS key, whose key policy " +
        "cannot be changed to allow them.",
    );
  }
  if (args.eventPattern !== undefined && args.kmsKey !== "customer-managed") {
    conflicts.push(
      `\`${field("eventPattern")}\` needs \`${field("kmsKey")}\` customer-managed; received ${args.kmsKey}. ` +
        "EventBridge can only leave undeliverable events in a queue encrypted with a key whose policy allows it, " +
        "and the policy of the AWS-managed SQS key cannot be changed.",
    );
  }
  return conflicts;
}
