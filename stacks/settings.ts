import {
  assertAlarmEmail,
  assertAlarmPeriod,
  assertBoolean,
  assertEvaluationWindow,
  assertEventPattern,
  assertWholeNumberAtLeast,
  conflictingArgs,
  assertNumberInRange,
  assertOneOf,
  assertTags,
  describeValue,
  FAILURE_QUEUE_RETENTION_DAYS,
  KMS_KEY_CHOICES,
  LOG_LEVELS,
  LOG_RETENTION_DAYS,
  ORDER_WORKFLOW_DEFAULTS,
  type OrderWorkflowArgs,
  WORKFLOW_TYPES,
} from "../components";
import { AUTH_LATENCY_MS_MAX } from "../functions/authorize-payment/config";

/** Args a stack may leave unset: the workflow then goes without the feature. */
type OptionalWorkflowArg = "alarmEmail" | "eventPattern";

/** A stack's settings, resolved and validated: the workflow's name and its component args. */
export interface StackSettings {
  /** `<app>-<env>`: every resource name starts with it. */
  readonly name: string;
  readonly workflow: Required<Omit<OrderWorkflowArgs, OptionalWorkflowArg>> &
    Pick<OrderWorkflowArgs, OptionalWorkflowArg>;
}

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
  "alarmEmail",
  "alarmPeriodSeconds",
  "alarmEvaluationPeriods",
  "alarmExecutionsFailedThreshold",
  "alarmFunctionErrorsThreshold",
  "alarmThrottlesThreshold",
  "alarmQueueDepthThreshold",
  "eventTriggerPattern",
  "extraTags",
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

/** Defaults for a stack that leaves a key out; Pulumi.yaml declares the same (a test keeps them equal). */
export const SETTING_DEFAULTS = {
  ...ORDER_WORKFLOW_DEFAULTS,
  alarmEmail: "",
  eventTriggerPattern: "",
  extraTags: [],
} as const satisfies Record<SettingKey, unknown>;

/** The tags every resource carries, set by the program, not by a stack. */
const RESERVED_TAGS = ["Application", "Environment"] as const;

/** Stack names become part of AWS resource names. */
const STACK_NAME_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

export class StackSettingsError extends Error {
  override readonly name = "StackSettingsError";

  constructor(
    readonly stackName: string,
    readonly problems: readonly string[],
  ) {
    super(
      `Stack \`${stackName}\` has invalid settings:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`,
    );
  }
}

/** Pulumi hands config to the program as strings; these turn them into the values the validators check. */
function asBoolean(raw: string): boolean | string {
  return raw === "true" ? true : raw === "false" ? false : raw;
}

function asNumber(raw: string): number | string {
  return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(raw) ? Number(raw) : raw;
}

function parseJsonSetting(field: string, raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    throw new Error(
      `\`${field}\` must be a JSON event pattern such as {"source":["com.example.orders"]}, or "" for no trigger. ` +
        `Received: ${describeValue(raw)} (${error instanceof Error ? error.message : String(error)}).`,
      { cause: error },
    );
  }
}

function parseExtraTags(field: string, raw: string): Record<string, string> {
  let entries: unknown;
  try {
    entries = JSON.parse(raw);
  } catch {
    entries = raw;
  }
  if (!Array.isArray(entries)) {
    throw new Error(
      `\`${field}\` must be a list of "Key=Value" strings. Received: ${describeValue(entries)}.`,
    );
  }
  const tags: Record<string, string> = {};
  for (const entry of entries as unknown[]) {
    const match = typeof entry === "string" ? /^([^=]+)=(.*)$/.exec(entry) : null;
    const [, key, value] = match ?? [];
    if (key === undefined || value === undefined) {
      throw new Error(
        `\`${field}\` must be a list of "Key=Value" strings. Received the entry ${describeValue(entry)}.`,
      );
    }
    if ((RESERVED_TAGS as readonly string[]).includes(key)) {
      throw new Error(
        `\`${field}\` may not set ${RESERVED_TAGS.join(" or ")}; the program sets them. Received: ${describeValue(entry)}.`,
      );
    }
    tags[key] = value;
  }
  return assertTags(field, tags);
}

/**
 * Resolves and validates a stack's settings from the raw config strings Pulumi hands the program. Every
 * problem is reported at once, before any resource is created.
 * @param project The Pulumi project, the `<app>` of resource names.
 * @param stack The stack, the `<env>` of resource names and the `Environment` tag.
 * @param raw Config values by key without the project prefix; a missing key takes its default.
 */
export function parseStackSettings(
  project: string,
  stack: string,
  raw: Readonly<Record<string, string | undefined>>,
): StackSettings {
  const problems: string[] = [];
  const field = (key: SettingKey) => `${project}:${key}`;
  const unparsed = new Set<SettingKey>();
  function read<T>(key: SettingKey, parse: (value: string) => T): T | undefined {
    const value = raw[key];
    if (value === undefined) return undefined;
    try {
      return parse(value);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
      unparsed.add(key);
      return undefined;
    }
  }

  if (!STACK_NAME_PATTERN.test(stack)) {
    problems.push(
      `The stack name ${describeValue(stack)} must be lowercase letters, digits or '-', starting with a letter or digit: it becomes part of every resource name.`,
    );
  }
  const logLevel = read("logLevel", (value) => assertOneOf(field("logLevel"), value, LOG_LEVELS));
  const includeExecutionData = read("includeExecutionData", (value) =>
    assertBoolean(field("includeExecutionData"), asBoolean(value)),
  );
  const logRetentionDays = read("logRetentionDays", (value) =>
    assertOneOf(field("logRetentionDays"), asNumber(value), LOG_RETENTION_DAYS),
  );
  const tracingEnabled = read("tracingEnabled", (value) =>
    assertBoolean(field("tracingEnabled"), asBoolean(value)),
  );
  const authFailureRate = read("authFailureRate", (value) =>
    assertNumberInRange(field("authFailureRate"), asNumber(value), { min: 0, max: 1 }),
  );
  const authLatencyMs = read("authLatencyMs", (value) =>
    assertNumberInRange(field("authLatencyMs"), asNumber(value), {
      min: 0,
      max: AUTH_LATENCY_MS_MAX,
      integer: true,
    }),
  );
  const pointInTimeRecovery = read("pointInTimeRecovery", (value) =>
    assertBoolean(field("pointInTimeRecovery"), asBoolean(value)),
  );
  const deletionProtection = read("deletionProtection", (value) =>
    assertBoolean(field("deletionProtection"), asBoolean(value)),
  );
  const workflowType = read("workflowType", (value) =>
    assertOneOf(field("workflowType"), value, WORKFLOW_TYPES),
  );
  const kmsKey = read("kmsKey", (value) => assertOneOf(field("kmsKey"), value, KMS_KEY_CHOICES));
  const failureQueueRetentionDays = read("failureQueueRetentionDays", (value) =>
    assertNumberInRange(field("failureQueueRetentionDays"), asNumber(value), FAILURE_QUEUE_RETENTION_DAYS),
  );
  const alarmsEnabled = read("alarmsEnabled", (value) =>
    assertBoolean(field("alarmsEnabled"), asBoolean(value)),
  );
  const alarmEmail = read("alarmEmail", (value) =>
    value === "" ? undefined : assertAlarmEmail(field("alarmEmail"), value),
  );
  const alarmPeriodSeconds = read("alarmPeriodSeconds", (value) =>
    assertAlarmPeriod(field("alarmPeriodSeconds"), asNumber(value)),
  );
  const wholeAtLeastOne = (key: SettingKey) =>
    read(key, (value) => assertWholeNumberAtLeast(field(key), asNumber(value), 1));
  const alarmEvaluationPeriods = wholeAtLeastOne("alarmEvaluationPeriods");
  const alarmExecutionsFailedThreshold = wholeAtLeastOne("alarmExecutionsFailedThreshold");
  const alarmFunctionErrorsThreshold = wholeAtLeastOne("alarmFunctionErrorsThreshold");
  const alarmThrottlesThreshold = wholeAtLeastOne("alarmThrottlesThreshold");
  const alarmQueueDepthThreshold = wholeAtLeastOne("alarmQueueDepthThreshold");
  const eventPattern = read("eventTriggerPattern", (value) =>
    value === ""
      ? undefined
      : assertEventPattern(
          field("eventTriggerPattern"),
          parseJsonSetting(field("eventTriggerPattern"), value),
        ),
  );
  const extraTags = read("extraTags", (value) => parseExtraTags(field("extraTags"), value));

  const resolved = {
    workflowType: workflowType ?? SETTING_DEFAULTS.workflowType,
    logLevel: logLevel ?? SETTING_DEFAULTS.logLevel,
    alarmsEnabled: alarmsEnabled ?? SETTING_DEFAULTS.alarmsEnabled,
    kmsKey: kmsKey ?? SETTING_DEFAULTS.kmsKey,
    alarmPeriodSeconds: alarmPeriodSeconds ?? SETTING_DEFAULTS.alarmPeriodSeconds,
    alarmEvaluationPeriods: alarmEvaluationPeriods ?? SETTING_DEFAULTS.alarmEvaluationPeriods,
    eventPattern,
  };
  // A conflict is only worth reporting between values the stack really set: a key that failed to parse has
  // already been reported, and its default would make up a conflict.
  const conflictKeys: readonly SettingKey[] = [
    "workflowType",
    "logLevel",
    "alarmsEnabled",
    "kmsKey",
    "eventTriggerPattern",
  ];
  if (!conflictKeys.some((key) => unparsed.has(key))) {
    problems.push(
      ...conflictingArgs(resolved, (arg) =>
        field(arg === "eventPattern" ? "eventTriggerPattern" : (arg as SettingKey)),
      ),
    );
  }
  const windowKeys: readonly SettingKey[] = ["alarmPeriodSeconds", "alarmEvaluationPeriods"];
  if (resolved.alarmsEnabled && !windowKeys.some((key) => unparsed.has(key))) {
    try {
      assertEvaluationWindow(resolved.alarmPeriodSeconds, resolved.alarmEvaluationPeriods, {
        period: field("alarmPeriodSeconds"),
        evaluationPeriods: field("alarmEvaluationPeriods"),
      });
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }

  if (problems.length > 0) throw new StackSettingsError(stack, problems);
  return {
    name: `${project}-${stack}`,
    workflow: {
      logLevel: resolved.logLevel,
      includeExecutionData: includeExecutionData ?? SETTING_DEFAULTS.includeExecutionData,
      logRetentionDays: logRetentionDays ?? SETTING_DEFAULTS.logRetentionDays,
      tracingEnabled: tracingEnabled ?? SETTING_DEFAULTS.tracingEnabled,
      authFailureRate: authFailureRate ?? SETTING_DEFAULTS.authFailureRate,
      authLatencyMs: authLatencyMs ?? SETTING_DEFAULTS.authLatencyMs,
      pointInTimeRecovery: pointInTimeRecovery ?? SETTING_DEFAULTS.pointInTimeRecovery,
      deletionProtection: deletionProtection ?? SETTING_DEFAULTS.deletionProtection,
      workflowType: resolved.workflowType,
      kmsKey: resolved.kmsKey,
      failureQueueRetentionDays: failureQueueRetentionDays ?? SETTING_DEFAULTS.failureQueueRetentionDays,
      alarmsEnabled: resolved.alarmsEnabled,
      ...(alarmEmail === undefined ? {} : { alarmEmail }),
      alarmPeriodSeconds: resolved.alarmPeriodSeconds,
      alarmEvaluationPeriods: resolved.alarmEvaluationPeriods,
      alarmExecutionsFailedThreshold:
        alarmExecutionsFailedThreshold ?? SETTING_DEFAULTS.alarmExecutionsFailedThreshold,
      alarmFunctionErrorsThreshold:
        alarmFunctionErrorsThreshold ?? SETTING_DEFAULTS.alarmFunctionErrorsThreshold,
      alarmThrottlesThreshold: alarmThrottlesThreshold ?? SETTING_DEFAULTS.alarmThrottlesThreshold,
      alarmQueueDepthThreshold: alarmQueueDepthThreshold ?? SETTING_DEFAULTS.alarmQueueDepthThreshold,
      ...(eventPattern === undefined ? {} : { eventPattern }),
      tags: { ...extraTags, Application: project, Environment: stack },
    },
  };
}
