import { AUTH_LATENCY_MS_MAX } from "../../functions/authorize-payment/config";
import { assertEventPattern } from "../event-pattern";
import { assertLoggingArgs, WORKFLOW_TYPES } from "../logged-state-machine";
import {
  assertBoolean,
  assertNumberInRange,
  assertOneOf,
  assertResourceName,
  assertTags,
  assertWholeNumberAtLeast,
} from "../validation";
import { type AlarmSettingName, assertAlarmSettings, assertRateThreshold } from "../alarm-settings";
import type { WorkflowAlarmsArgs } from "../workflow-alarms";
import {
  FAILURE_QUEUE_RETENTION_DAYS,
  KMS_KEY_CHOICES,
  ORDER_WORKFLOW_DEFAULTS,
  type OrderWorkflowArgs,
  type OrderWorkflowSettings,
} from "./args";
import {
  assertLiveVersion,
  assertRolloutValues,
  rolloutConflicts,
  rolloutOf,
  rolloutWithoutAlarms,
} from "../rollout";
import { conflictingArgs } from "./conflicts";

/** The longest name derived from the workflow's name, `<name>-authorize-payment-role`, must fit IAM's 64. */
const MAX_NAME_LENGTH = 64 - "-authorize-payment-role".length;

/** The workflow's arg for each setting of its alarms. */
const ALARM_ARGS: Readonly<Record<AlarmSettingName, keyof OrderWorkflowArgs>> = {
  subscriptions: "alarmSubscriptions",
  periodSeconds: "alarmPeriodSeconds",
  evaluationPeriods: "alarmEvaluationPeriods",
  executionsFailedThreshold: "alarmExecutionsFailedThreshold",
  functionErrorsThreshold: "alarmFunctionErrorsThreshold",
  throttlesThreshold: "alarmThrottlesThreshold",
  queueDepthThreshold: "alarmQueueDepthThreshold",
};

/** The workflow's alarm args as the settings of `WorkflowAlarms` they become. */
export function alarmSettingsOf(settings: OrderWorkflowSettings): Pick<WorkflowAlarmsArgs, AlarmSettingName> {
  return {
    subscriptions: settings.alarmSubscriptions ?? [],
    periodSeconds: settings.alarmPeriodSeconds,
    evaluationPeriods: settings.alarmEvaluationPeriods,
    executionsFailedThreshold: settings.alarmExecutionsFailedThreshold,
    functionErrorsThreshold: settings.alarmFunctionErrorsThreshold,
    throttlesThreshold: settings.alarmThrottlesThreshold,
    queueDepthThreshold: settings.alarmQueueDepthThreshold,
  };
}

/** The alarm args, as the workflow names them; the subscriptions as given, so that an omission reads as one. */
function assertAlarms(settings: OrderWorkflowSettings): void {
  assertAlarmSettings(
    { ...alarmSettingsOf(settings), subscriptions: settings.alarmSubscriptions },
    (arg) => ALARM_ARGS[arg],
  );
  assertRateThreshold("alarmDeclineRateThreshold", settings.alarmDeclineRateThreshold, {
    field: "authFailureRate",
    value: settings.authFailureRate,
  });
  assertWholeNumberAtLeast("alarmDeclineRateMinAttempts", settings.alarmDeclineRateMinAttempts, 1);
}

/**
 * The args with their defaults, checked before any child exists, including those the children would check
 * themselves: a workflow must not stop halfway with some of its resources created.
 */
export function resolveSettings(name: string, args: OrderWorkflowArgs): OrderWorkflowSettings {
  const settings: OrderWorkflowSettings = { ...ORDER_WORKFLOW_DEFAULTS, tags: {}, ...args };
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
  if (settings.eventPattern !== undefined) assertEventPattern("eventPattern", settings.eventPattern);
  const [conflict] = conflictingArgs(settings);
  if (conflict !== undefined) throw new Error(conflict);
  if (settings.alarmsEnabled) assertAlarms(settings);
  assertRollout(settings);
  assertTags("tags", settings.tags);
  return settings;
}

/** The rollout args: each value, then together, then the alarms a gradual rollout needs. */
function assertRollout(settings: OrderWorkflowSettings): void {
  const rollout = rolloutOf(settings);
  assertRolloutValues(rollout);
  const [conflict] = [
    ...rolloutConflicts(rollout),
    settings.alarmsEnabled
      ? undefined
      : rolloutWithoutAlarms(rollout, "`alarmsEnabled` true, received false"),
  ].filter((problem) => problem !== undefined);
  if (conflict !== undefined) throw new Error(conflict);
  if (settings.liveVersion !== undefined) assertLiveVersion("liveVersion", settings.liveVersion);
}
