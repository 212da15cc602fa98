import { assertSubscriptions } from "./alarm-subscriptions";
import { assertWholeNumberAtLeast, describeValue } from "./validation";

/**
 * The evaluation window CloudWatch accepts: one day for periods under an hour, seven days otherwise.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 */
const MAX_WINDOW_SECONDS = { underAnHour: 86_400, otherwise: 604_800 } as const;

/**
 * PutMetricAlarm also takes 10, 20 and 30 seconds, but only for high-resolution custom metrics: AWS/States,
 * AWS/Lambda and AWS/SQS publish one data point a minute, so a shorter period would see gaps, which
 * `notBreaching` would then hide.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 */
export function assertAlarmPeriod(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 60 || value % 60 !== 0) {
    throw new Error(
      `\`${field}\` must be a multiple of 60 seconds (60, 120, 300, …): AWS/States, AWS/Lambda and AWS/SQS publish one data point a minute. Received: ${describeValue(value)}.`,
    );
  }
  return value;
}

export function assertEvaluationWindow(
  periodSeconds: number,
  evaluationPeriods: number,
  fields: { readonly period: string; readonly evaluationPeriods: string } = {
    period: "periodSeconds",
    evaluationPeriods: "evaluationPeriods",
  },
): void {
  const limit = periodSeconds < 3600 ? MAX_WINDOW_SECONDS.underAnHour : MAX_WINDOW_SECONDS.otherwise;
  const window = periodSeconds * evaluationPeriods;
  if (window > limit) {
    const when = periodSeconds < 3600 ? "a period under an hour" : "a period of an hour or more";
    throw new Error(
      `\`${fields.evaluationPeriods}\` × \`${fields.period}\` must be at most ${limit} seconds with ${when}. Received: ${evaluationPeriods} × ${periodSeconds} = ${window}.`,
    );
  }
}

/**
 * Checks the threshold of an alarm on the share of invocations that end in an expected error: above the share the
 * stack expects, or the alarm would fire on business as usual, and at most 1. `expected` names the expected share
 * as the caller's args do.
 */
export function assertRateThreshold(
  field: string,
  value: unknown,
  expected: { readonly field: string; readonly value: number },
): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= expected.value || value > 1) {
    throw new Error(
      `\`${field}\` must be a number greater than \`${expected.field}\` (${expected.value}) and at most 1: the alarm fires on a share of invocations above the one expected. Received: ${describeValue(value)}.`,
    );
  }
  return value;
}

/** The args of `WorkflowAlarms` that set what fires an alarm and who hears of it. */
export type AlarmSettingName =
  | "subscriptions"
  | "periodSeconds"
  | "evaluationPeriods"
  | "executionsFailedThreshold"
  | "functionErrorsThreshold"
  | "throttlesThreshold"
  | "queueDepthThreshold";

/**
 * Checks the alarm settings, so that a component passing them on can check them before its own children;
 * `field` names each setting as that caller's args do.
 */
export function assertAlarmSettings(
  settings: { readonly [K in AlarmSettingName]?: unknown },
  field: (name: AlarmSettingName) => string = (name) => name,
): void {
  assertSubscriptions(field("subscriptions"), settings.subscriptions);
  const period = assertAlarmPeriod(field("periodSeconds"), settings.periodSeconds);
  const evaluationPeriods = assertWholeNumberAtLeast(
    field("evaluationPeriods"),
    settings.evaluationPeriods,
    1,
  );
  assertEvaluationWindow(period, evaluationPeriods, {
    period: field("periodSeconds"),
    evaluationPeriods: field("evaluationPeriods"),
  });
  for (const threshold of [
    "executionsFailedThreshold",
    "functionErrorsThreshold",
    "throttlesThreshold",
    "queueDepthThreshold",
  ] as const) {
    assertWholeNumberAtLeast(field(threshold), settings[threshold], 1);
  }
}
