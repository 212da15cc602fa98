import { assertNumberInRange, assertOneOf, describeValue } from "./validation";

/**
 * How CloudFormation moves the live alias to a new version: all at once, a canary share for one interval then
 * the rest, or equal shares one interval apart. It rolls the alias back to the previous version by itself when
 * one of the deployment's alarms fires.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-stepfunctions-statemachinealias-deploymentpreference.html
 */
export const ROLLOUT_TYPES = ["ALL_AT_ONCE", "CANARY", "LINEAR"] as const;
export type RolloutType = (typeof ROLLOUT_TYPES)[number];

/**
 * DeploymentPreference's limits: `Percentage` 1 to 99 (the share shifted at each increment), `Interval` 1 to
 * 2100 minutes (between increments).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-stepfunctions-statemachinealias-deploymentpreference.html
 */
export const ROLLOUT_PERCENTAGE = { min: 1, max: 99, integer: true } as const;
export const ROLLOUT_INTERVAL_MINUTES = { min: 1, max: 2100, integer: true } as const;

/** What moves the live alias, as a workflow's args give it; percentage and interval only for a gradual type. */
export interface Rollout {
  readonly type: RolloutType;
  readonly percentage?: number;
  readonly intervalMinutes?: number;
}

/** A rollout from args named as a workflow names them; an unset type is ALL_AT_ONCE. */
export function rolloutOf(args: {
  readonly rolloutType?: RolloutType;
  readonly rolloutPercentage?: number;
  readonly rolloutIntervalMinutes?: number;
}): Rollout {
  return {
    type: args.rolloutType ?? "ALL_AT_ONCE",
    ...(args.rolloutPercentage === undefined ? {} : { percentage: args.rolloutPercentage }),
    ...(args.rolloutIntervalMinutes === undefined ? {} : { intervalMinutes: args.rolloutIntervalMinutes }),
  };
}

/** The args, as a caller names them, that a rollout is checked against. */
export interface RolloutFields {
  readonly type: string;
  readonly percentage: string;
  readonly intervalMinutes: string;
}

const ARG_FIELDS: RolloutFields = {
  type: "rolloutType",
  percentage: "rolloutPercentage",
  intervalMinutes: "rolloutIntervalMinutes",
};

const ROLE: Readonly<Record<"percentage" | "intervalMinutes", string>> = {
  percentage: "the share of executions each increment moves to the new version",
  intervalMinutes: "how long each increment is watched by the alarms before the next",
};

/** Checks each rollout value on its own: the type, and a percentage or interval when one is given. */
export function assertRolloutValues(
  rollout: { readonly type: unknown; readonly percentage?: unknown; readonly intervalMinutes?: unknown },
  fields: RolloutFields = ARG_FIELDS,
): void {
  assertOneOf(fields.type, rollout.type, ROLLOUT_TYPES);
  if (rollout.percentage !== undefined) {
    assertNumberInRange(fields.percentage, rollout.percentage, ROLLOUT_PERCENTAGE);
  }
  if (rollout.intervalMinutes !== undefined) {
    assertNumberInRange(fields.intervalMinutes, rollout.intervalMinutes, ROLLOUT_INTERVAL_MINUTES);
  }
}

/**
 * What is wrong with a rollout's values taken together: CANARY and LINEAR need a percentage and an interval,
 * ALL_AT_ONCE takes neither. Each value is assumed valid on its own ({@link assertRolloutValues}).
 */
export function rolloutConflicts(rollout: Rollout, fields: RolloutFields = ARG_FIELDS): string[] {
  const problems: string[] = [];
  for (const key of ["percentage", "intervalMinutes"] as const) {
    const value = rollout[key];
    if (rollout.type === "ALL_AT_ONCE" && value !== undefined) {
      problems.push(
        `\`${fields[key]}\` must be left unset ("") when \`${fields.type}\` is ALL_AT_ONCE, which moves every execution to the new version at once. Received: ${value}.`,
      );
    }
    if (rollout.type !== "ALL_AT_ONCE" && value === undefined) {
      const range = key === "percentage" ? ROLLOUT_PERCENTAGE : ROLLOUT_INTERVAL_MINUTES;
      problems.push(
        `\`${fields[key]}\` must be set, a whole number from ${range.min} to ${range.max}, when \`${fields.type}\` is ${rollout.type}: it is ${ROLE[key]}.`,
      );
    }
  }
  return problems;
}

/**
 * A gradual rollout needs alarms: they are what stop a bad version and move its executions back. `needs` says
 * what the caller must set, and what it received.
 */
export function rolloutWithoutAlarms(
  rollout: Rollout,
  needs: string,
  typeField: string = ARG_FIELDS.type,
): string | undefined {
  if (rollout.type === "ALL_AT_ONCE") return undefined;
  return `\`${typeField}\` ${rollout.type} needs ${needs}: the alarms are what stop a bad version and move its executions back, and without them a gradual rollout only delays a bad version reaching every order.`;
}

/**
 * A version number to pin the live alias to: versions are numbered from 1.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-state-machine-version.html
 */
export function assertLiveVersion(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new Error(
      `\`${field}\` must be the number of a published version, a whole number of at least 1, or unset to move the alias to the version each deploy publishes. Received: ${describeValue(value)}.`,
    );
  }
  return value;
}

/**
 * How long CloudFormation takes to move every execution to the new version, in minutes: nothing for ALL_AT_ONCE,
 * one interval for CANARY, and for LINEAR one interval after each increment but the last (20 percent every 600
 * minutes is 20, 40, 60, 80 and then 100 percent: 4 intervals).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-stepfunctions-statemachinealias-deploymentpreference.html
 */
export function rolloutMinutes(rollout: Rollout): number {
  if (rollout.type === "ALL_AT_ONCE") return 0;
  const interval = rollout.intervalMinutes ?? 0;
  if (rollout.type === "CANARY") return interval;
  const increments = Math.ceil(100 / (rollout.percentage ?? 100));
  return (increments - 1) * interval;
}
