import {
  assertBoolean,
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
type OptionalWorkflowArg = never;

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
  "extraTags",
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

/** Defaults for a stack that leaves a key out; Pulumi.yaml declares the same (a test keeps them equal). */
export const SETTING_DEFAULTS = {
  ...ORDER_WORKFLOW_DEFAULTS,
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
  function read<T>(key: SettingKey, parse: (value: string) => T): T | undefined {
    const value = raw[key];
    if (value === undefined) return undefined;
    try {
      return parse(value);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
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
    assertNumberInRange(field("failureQueueRetentionDays"), asNumber(value), {
      min: 1,
      max: 14,
      integer: true,
    }),
  );
  const extraTags = read("extraTags", (value) => parseExtraTags(field("extraTags"), value));

  if (problems.length > 0) throw new StackSettingsError(stack, problems);
  return {
    name: `${project}-${stack}`,
    workflow: {
      logLevel: logLevel ?? SETTING_DEFAULTS.logLevel,
      includeExecutionData: includeExecutionData ?? SETTING_DEFAULTS.includeExecutionData,
      logRetentionDays: logRetentionDays ?? SETTING_DEFAULTS.logRetentionDays,
      tracingEnabled: tracingEnabled ?? SETTING_DEFAULTS.tracingEnabled,
      authFailureRate: authFailureRate ?? SETTING_DEFAULTS.authFailureRate,
      authLatencyMs: authLatencyMs ?? SETTING_DEFAULTS.authLatencyMs,
      pointInTimeRecovery: pointInTimeRecovery ?? SETTING_DEFAULTS.pointInTimeRecovery,
      deletionProtection: deletionProtection ?? SETTING_DEFAULTS.deletionProtection,
      workflowType: workflowType ?? SETTING_DEFAULTS.workflowType,
      kmsKey: kmsKey ?? SETTING_DEFAULTS.kmsKey,
      failureQueueRetentionDays: failureQueueRetentionDays ?? SETTING_DEFAULTS.failureQueueRetentionDays,
      tags: { ...extraTags, Application: project, Environment: stack },
    },
  };
}
