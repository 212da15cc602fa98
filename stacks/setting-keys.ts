import { ORDER_WORKFLOW_DEFAULTS } from "../components";

/** The stack settings' keys, as declared in Pulumi.yaml. */
export const SETTING_KEYS = [
  "logLevel",
  "includeExecutionData",
  "logRetentionDays",
  "tracingEnabled",
  "authFailureRate",
  "authLatencyMs",
  "pointInTimeRecovery",
  "deletionProtection",
  "workflowType",
  "kmsKey",
  "failureQueueRetentionDays",
  "alarmsEnabled",
  "alarmSubscribers",
  "alarmPeriodSeconds",
  "alarmEvaluationPeriods",
  "alarmExecutionsFailedThreshold",
  "alarmFunctionErrorsThreshold",
  "alarmThrottlesThreshold",
  "alarmQueueDepthThreshold",
  "alarmDeclineRateThreshold",
  "alarmDeclineRateMinAttempts",
  "eventTriggerPattern",
  "rolloutType",
  "rolloutPercentage",
  "rolloutIntervalMinutes",
  "liveVersion",
  "extraTags",
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

/** Defaults for a stack that leaves a key out; Pulumi.yaml declares the same (a test keeps them equal). */
export const SETTING_DEFAULTS = {
  ...ORDER_WORKFLOW_DEFAULTS,
  alarmSubscribers: [],
  eventTriggerPattern: "",
  // "" leaves the arg out: no percentage or interval (ALL_AT_ONCE), no pinned version.
  rolloutPercentage: "",
  rolloutIntervalMinutes: "",
  liveVersion: "",
  extraTags: [],
} as const satisfies Record<SettingKey, unknown>;
