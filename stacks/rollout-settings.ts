import {
  assertLiveVersion,
  assertNumberInRange,
  assertOneOf,
  type OrderWorkflowArgs,
  ROLLOUT_INTERVAL_MINUTES,
  ROLLOUT_PERCENTAGE,
  ROLLOUT_TYPES,
  rolloutConflicts,
  rolloutOf,
  rolloutWithoutAlarms,
} from "../components";
import { SETTING_DEFAULTS, type SettingKey } from "./setting-keys";
import { asNumber } from "./setting-values";
import type { SettingsReader } from "./settings-reader";

/** The rollout args a stack sets; the percentage, the interval and the pinned version only when not "". */
type RolloutArgs = Required<Pick<OrderWorkflowArgs, "rolloutType">> &
  Pick<OrderWorkflowArgs, "rolloutPercentage" | "rolloutIntervalMinutes" | "liveVersion">;

/**
 * How the live alias moves to each published version: `rolloutType`, with `rolloutPercentage` and
 * `rolloutIntervalMinutes` ("" for none), and `liveVersion` ("" to follow each deploy, or a version number to
 * pin the alias to: a rollback by hand).
 */
export function readRollout(reader: SettingsReader): RolloutArgs {
  const rolloutType =
    reader.read("rolloutType", (value, field) => assertOneOf(field, value, ROLLOUT_TYPES)) ??
    SETTING_DEFAULTS.rolloutType;
  const optional = (key: SettingKey, check: (field: string, value: unknown) => number) =>
    reader.read(key, (value, field) => (value === "" ? undefined : check(field, asNumber(value))));
  const rolloutPercentage = optional("rolloutPercentage", (field, value) =>
    assertNumberInRange(field, value, ROLLOUT_PERCENTAGE),
  );
  const rolloutIntervalMinutes = optional("rolloutIntervalMinutes", (field, value) =>
    assertNumberInRange(field, value, ROLLOUT_INTERVAL_MINUTES),
  );
  const liveVersion = optional("liveVersion", assertLiveVersion);
  return {
    rolloutType,
    ...(rolloutPercentage === undefined ? {} : { rolloutPercentage }),
    ...(rolloutIntervalMinutes === undefined ? {} : { rolloutIntervalMinutes }),
    ...(liveVersion === undefined ? {} : { liveVersion }),
  };
}

const ROLLOUT_KEYS: readonly SettingKey[] = ["rolloutType", "rolloutPercentage", "rolloutIntervalMinutes"];

/**
 * The rollout settings together: CANARY and LINEAR need a percentage and an interval, ALL_AT_ONCE refuses them,
 * and a gradual rollout needs the alarms that roll it back. Only between values the stack really set: a key
 * that failed to parse has been reported already.
 */
export function checkRollout(
  reader: SettingsReader,
  workflow: RolloutArgs & Required<Pick<OrderWorkflowArgs, "alarmsEnabled">>,
): void {
  if (reader.anyUnparsed(ROLLOUT_KEYS)) return;
  const rollout = rolloutOf(workflow);
  const fields = {
    type: reader.field("rolloutType"),
    percentage: reader.field("rolloutPercentage"),
    intervalMinutes: reader.field("rolloutIntervalMinutes"),
  };
  for (const problem of rolloutConflicts(rollout, fields)) reader.report(problem);
  if (!workflow.alarmsEnabled && !reader.anyUnparsed(["alarmsEnabled"])) {
    const problem = rolloutWithoutAlarms(
      rollout,
      `\`${reader.field("alarmsEnabled")}\` true, received false`,
      fields.type,
    );
    if (problem !== undefined) reader.report(problem);
  }
}
