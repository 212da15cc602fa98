import {
  assertAlarmPeriod,
  assertBoolean,
  assertEvaluationWindow,
  assertEventPattern,
  assertNumberInRange,
  assertOneOf,
  assertRateThreshold,
  assertWholeNumberAtLeast,
  conflictingArgs,
  FAILURE_QUEUE_RETENTION_DAYS,
  KMS_KEY_CHOICES,
  LOG_LEVELS,
  LOG_RETENTION_DAYS,
  type OrderWorkflowArgs,
  WORKFLOW_TYPES,
} from "../components";
import { AUTH_LATENCY_MS_MAX } from "../functions/authorize-payment/config";
import { SETTING_DEFAULTS, type SettingKey } from "./setting-keys";
import {
  asBoolean,
  asNumber,
  parseAlarmSubscribers,
  parseExtraTags,
  parseJsonSetting,
} from "./setting-values";
import type { SettingsReader } from "./settings-reader";

/*
 * The settings by what they configure. Each group reads its keys in the order Pulumi.yaml declares them, so the
 * problems come in that order too, and gives a key the stack leaves out, or sets to a bad value, its default
 * (a bad value has been reported, and no resource is created).
 */

/** The workflow args a group resolves. */
type Group<K extends keyof OrderWorkflowArgs> = Required<Pick<OrderWorkflowArgs, K>>;

export function readLogging(
  reader: SettingsReader,
): Group<"logLevel" | "includeExecutionData" | "logRetentionDays" | "tracingEnabled"> {
  return {
    logLevel:
      reader.read("logLevel", (value, field) => assertOneOf(field, value, LOG_LEVELS)) ??
      SETTING_DEFAULTS.logLevel,
    includeExecutionData:
      reader.read("includeExecutionData", (value, field) => assertBoolean(field, asBoolean(value))) ??
      SETTING_DEFAULTS.includeExecutionData,
    logRetentionDays:
      reader.read("logRetentionDays", (value, field) =>
        assertOneOf(field, asNumber(value), LOG_RETENTION_DAYS),
      ) ?? SETTING_DEFAULTS.logRetentionDays,
    tracingEnabled:
      reader.read("tracingEnabled", (value, field) => assertBoolean(field, asBoolean(value))) ??
      SETTING_DEFAULTS.tracingEnabled,
  };
}

export function readPaymentSimulation(reader: SettingsReader): Group<"authFailureRate" | "authLatencyMs"> {
  return {
    authFailureRate:
      reader.read("authFailureRate", (value, field) =>
        assertNumberInRange(field, asNumber(value), { min: 0, max: 1 }),
      ) ?? SETTING_DEFAULTS.authFailureRate,
    authLatencyMs:
      reader.read("authLatencyMs", (value, field) =>
        assertNumberInRange(field, asNumber(value), { min: 0, max: AUTH_LATENCY_MS_MAX, integer: true }),
      ) ?? SETTING_DEFAULTS.authLatencyMs,
  };
}

export function readDataProtection(
  reader: SettingsReader,
): Group<"pointInTimeRecovery" | "deletionProtection"> {
  return {
    pointInTimeRecovery:
      reader.read("pointInTimeRecovery", (value, field) => assertBoolean(field, asBoolean(value))) ??
      SETTING_DEFAULTS.pointInTimeRecovery,
    deletionProtection:
      reader.read("deletionProtection", (value, field) => assertBoolean(field, asBoolean(value))) ??
      SETTING_DEFAULTS.deletionProtection,
  };
}

export function readWorkflowType(reader: SettingsReader): Group<"workflowType"> {
  return {
    workflowType:
      reader.read("workflowType", (value, field) => assertOneOf(field, value, WORKFLOW_TYPES)) ??
      SETTING_DEFAULTS.workflowType,
  };
}

export function readEncryption(reader: SettingsReader): Group<"kmsKey"> {
  return {
    kmsKey:
      reader.read("kmsKey", (value, field) => assertOneOf(field, value, KMS_KEY_CHOICES)) ??
      SETTING_DEFAULTS.kmsKey,
  };
}

export function readFailureQueue(reader: SettingsReader): Group<"failureQueueRetentionDays"> {
  return {
    failureQueueRetentionDays:
      reader.read("failureQueueRetentionDays", (value, field) =>
        assertNumberInRange(field, asNumber(value), FAILURE_QUEUE_RETENTION_DAYS),
      ) ?? SETTING_DEFAULTS.failureQueueRetentionDays,
  };
}

/** The alarm settings; no `alarmSubscribers`, or an empty list, leaves the arg out, which alarms then refuse. */
export function readAlarms(
  reader: SettingsReader,
): Group<
  | "alarmsEnabled"
  | "alarmPeriodSeconds"
  | "alarmEvaluationPeriods"
  | "alarmExecutionsFailedThreshold"
  | "alarmFunctionErrorsThreshold"
  | "alarmThrottlesThreshold"
  | "alarmQueueDepthThreshold"
  | "alarmDeclineRateThreshold"
  | "alarmDeclineRateMinAttempts"
> &
  Pick<OrderWorkflowArgs, "alarmSubscriptions"> {
  const alarmsEnabled = reader.read("alarmsEnabled", (value, field) =>
    assertBoolean(field, asBoolean(value)),
  );
  const alarmSubscriptions = reader.read("alarmSubscribers", (value, field) =>
    parseAlarmSubscribers(field, value),
  );
  const alarmPeriodSeconds = reader.read("alarmPeriodSeconds", (value, field) =>
    assertAlarmPeriod(field, asNumber(value)),
  );
  const atLeastOne = (key: SettingKey) =>
    reader.read(key, (value, field) => assertWholeNumberAtLeast(field, asNumber(value), 1));
  return {
    alarmsEnabled: alarmsEnabled ?? SETTING_DEFAULTS.alarmsEnabled,
    ...(alarmSubscriptions === undefined || alarmSubscriptions.length === 0 ? {} : { alarmSubscriptions }),
    alarmPeriodSeconds: alarmPeriodSeconds ?? SETTING_DEFAULTS.alarmPeriodSeconds,
    alarmEvaluationPeriods: atLeastOne("alarmEvaluationPeriods") ?? SETTING_DEFAULTS.alarmEvaluationPeriods,
    alarmExecutionsFailedThreshold:
      atLeastOne("alarmExecutionsFailedThreshold") ?? SETTING_DEFAULTS.alarmExecutionsFailedThreshold,
    alarmFunctionErrorsThreshold:
      atLeastOne("alarmFunctionErrorsThreshold") ?? SETTING_DEFAULTS.alarmFunctionErrorsThreshold,
    alarmThrottlesThreshold:
      atLeastOne("alarmThrottlesThreshold") ?? SETTING_DEFAULTS.alarmThrottlesThreshold,
    alarmQueueDepthThreshold:
      atLeastOne("alarmQueueDepthThreshold") ?? SETTING_DEFAULTS.alarmQueueDepthThreshold,
    alarmDeclineRateThreshold:
      reader.read("alarmDeclineRateThreshold", (value, field) =>
        assertNumberInRange(field, asNumber(value), { min: 0, max: 1 }),
      ) ?? SETTING_DEFAULTS.alarmDeclineRateThreshold,
    alarmDeclineRateMinAttempts:
      atLeastOne("alarmDeclineRateMinAttempts") ?? SETTING_DEFAULTS.alarmDeclineRateMinAttempts,
  };
}

/** The trigger's event pattern; "" means no trigger, and the arg is then left out. */
export function readTrigger(reader: SettingsReader): Pick<OrderWorkflowArgs, "eventPattern"> {
  const eventPattern = reader.read("eventTriggerPattern", (value, field) =>
    value === "" ? undefined : assertEventPattern(field, parseJsonSetting(field, value)),
  );
  return eventPattern === undefined ? {} : { eventPattern };
}

export function readExtraTags(reader: SettingsReader): Record<string, string> | undefined {
  return reader.read("extraTags", (value, field) => parseExtraTags(field, value));
}

/** The keys whose values {@link conflictingArgs} weighs against each other. */
const CONFLICT_KEYS: readonly SettingKey[] = [
  "workflowType",
  "logLevel",
  "alarmsEnabled",
  "kmsKey",
  "eventTriggerPattern",
];
const WINDOW_KEYS: readonly SettingKey[] = ["alarmPeriodSeconds", "alarmEvaluationPeriods"];
const DECLINE_RATE_KEYS: readonly SettingKey[] = ["authFailureRate", "alarmDeclineRateThreshold"];

/**
 * Settings each valid but not together. A conflict is only worth reporting between values the stack really
 * set: a key that failed to parse has already been reported, and its default would make up a conflict.
 */
export function checkCombinations(
  reader: SettingsReader,
  workflow: Group<
    | "workflowType"
    | "logLevel"
    | "alarmsEnabled"
    | "kmsKey"
    | "alarmPeriodSeconds"
    | "alarmEvaluationPeriods"
    | "authFailureRate"
    | "alarmDeclineRateThreshold"
  > &
    Pick<OrderWorkflowArgs, "eventPattern" | "alarmSubscriptions">,
): void {
  if (!reader.anyUnparsed(CONFLICT_KEYS)) {
    const field = (arg: string) =>
      reader.field(arg === "eventPattern" ? "eventTriggerPattern" : (arg as SettingKey));
    for (const conflict of conflictingArgs(workflow, field)) reader.report(conflict);
  }
  if (workflow.alarmsEnabled && !reader.anyUnparsed(WINDOW_KEYS)) {
    try {
      assertEvaluationWindow(workflow.alarmPeriodSeconds, workflow.alarmEvaluationPeriods, {
        period: reader.field("alarmPeriodSeconds"),
        evaluationPeriods: reader.field("alarmEvaluationPeriods"),
      });
    } catch (error) {
      reader.report(error);
    }
  }
  if (workflow.alarmsEnabled) checkAlarmAudience(reader, workflow);
}

/** With alarms on: someone to notify, and a decline-rate threshold above the rate the stack expects. */
function checkAlarmAudience(
  reader: SettingsReader,
  workflow: Group<"authFailureRate" | "alarmDeclineRateThreshold"> &
    Pick<OrderWorkflowArgs, "alarmSubscriptions">,
): void {
  if (!reader.anyUnparsed(["alarmSubscribers"]) && (workflow.alarmSubscriptions ?? []).length === 0) {
    reader.report(
      `\`${reader.field("alarmSubscribers")}\` must name at least one subscriber, such as "email:oncall@example.com", when \`${reader.field("alarmsEnabled")}\` is true: an alarm that notifies nobody pages nobody. Received: [].`,
    );
  }
  if (!reader.anyUnparsed(DECLINE_RATE_KEYS)) {
    try {
      assertRateThreshold(reader.field("alarmDeclineRateThreshold"), workflow.alarmDeclineRateThreshold, {
        field: reader.field("authFailureRate"),
        value: workflow.authFailureRate,
      });
    } catch (error) {
      reader.report(error);
    }
  }
}
