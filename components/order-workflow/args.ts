import type { WorkflowType } from "../logged-state-machine";
import type { RolloutType } from "../rollout";
import type { LogLevel } from "../validation";
import { type AlarmSubscription, WORKFLOW_ALARMS_DEFAULTS } from "../workflow-alarms";

/** Which KMS keys encrypt the workflow's data at rest. */
export const KMS_KEY_CHOICES = ["aws-managed", "customer-managed"] as const;
export type KmsKeyChoice = (typeof KMS_KEY_CHOICES)[number];

/** SQS keeps a message 1 minute to 14 days. @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html */
export const FAILURE_QUEUE_RETENTION_DAYS = { min: 1, max: 14, integer: true } as const;

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
  /**
   * Who the operations topic notifies; at least one subscriber when `alarmsEnabled`, since an alarm that notifies
   * nobody pages nobody. @default none, which alarms refuse
   */
  readonly alarmSubscriptions?: readonly AlarmSubscription[];
  /** Seconds over which each alarmed metric is aggregated; a multiple of 60. @default 60 */
  readonly alarmPeriodSeconds?: number;
  /** Consecutive breaching periods before an alarm fires. @default 1 */
  readonly alarmEvaluationPeriods?: number;
  /** Failed, timed-out or aborted executions per period that fire their alarms. @default 1 */
  readonly alarmExecutionsFailedThreshold?: number;
  /**
   * Faults of one function per period that fire its alarm: the validator's errors, the authorizer's failures
   * other than declines. @default 1
   */
  readonly alarmFunctionErrorsThreshold?: number;
  /** Throttled executions or invocations per period that fire their alarms. @default 1 */
  readonly alarmThrottlesThreshold?: number;
  /** Orders waiting in the failure queue that fire its alarm. @default 1 */
  readonly alarmQueueDepthThreshold?: number;
  /**
   * The share of payment attempts in a period, above `authFailureRate` and at most 1, whose declines fire the
   * decline-rate alarm: a business signal, separate from the faults. @default 0.5, twice the tutorial's rate
   */
  readonly alarmDeclineRateThreshold?: number;
  /** Payment attempts a period needs before its decline rate counts: a few attempts make a noisy share. @default 50 */
  readonly alarmDeclineRateMinAttempts?: number;
  /**
   * An EventBridge event pattern on the default bus whose events start an execution with their `detail` as the
   * order; events that cannot start one go to the failure queue. Needs `kmsKey` customer-managed: EventBridge
   * cannot leave events in a queue under the AWS-managed SQS key. @default no trigger
   */
  readonly eventPattern?: Readonly<Record<string, unknown>>;
  /**
   * How the live alias, which every producer starts, moves to each version a deploy publishes: ALL_AT_ONCE, or
   * CANARY or LINEAR with `rolloutPercentage` and `rolloutIntervalMinutes`, which need `alarmsEnabled`: the
   * workflow's rollout alarms move the alias back when one fires during the shift. @default "ALL_AT_ONCE"
   */
  readonly rolloutType?: RolloutType;
  /** The share of executions, 1 to 99 percent, each increment of a CANARY or LINEAR rollout moves. @default none */
  readonly rolloutPercentage?: number;
  /** Minutes, 1 to 2100, between the increments of a CANARY or LINEAR rollout. @default none */
  readonly rolloutIntervalMinutes?: number;
  /**
   * A published version number the live alias is pinned to, at once and whatever `rolloutType` says: a rollback
   * by hand. @default the version this deploy publishes
   */
  readonly liveVersion?: number;
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
  alarmDeclineRateThreshold: 0.5,
  alarmDeclineRateMinAttempts: 50,
  rolloutType: "ALL_AT_ONCE",
} as const;

/** Args the workflow may go without: it then has no such feature. */
type OptionalArg =
  "alarmSubscriptions" | "eventPattern" | "rolloutPercentage" | "rolloutIntervalMinutes" | "liveVersion";

/** The args once the defaults are filled in. */
export type OrderWorkflowSettings = Required<Omit<OrderWorkflowArgs, OptionalArg>> &
  Pick<OrderWorkflowArgs, OptionalArg>;
