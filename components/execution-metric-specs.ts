import type * as pulumi from "@pulumi/pulumi";
import type { AlarmSpec } from "./alarm-specs";

/** What an alarm on an execution metric adds to the metric: its threshold, advice and whether it gates a rollout. */
export type ExecutionAlarmSettings = Omit<AlarmSpec, "metric" | "expression">;

/**
 * One alarm per entry of `metrics` (alarm key to Step Functions execution metric), each on the metric's sum over
 * `dimensions`, with the settings `settingsOf` gives its key.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html
 */
export function executionMetricSpecs<Key extends string>(
  metrics: Readonly<Record<Key, string>>,
  dimensions: Readonly<Record<string, pulumi.Input<string>>>,
  settingsOf: (key: Key) => ExecutionAlarmSettings,
): Record<Key, AlarmSpec> {
  const specs = (Object.entries(metrics) as [Key, string][]).map(([key, metricName]): [Key, AlarmSpec] => [
    key,
    {
      metric: { namespace: "AWS/States", metricName, dimensions: { ...dimensions }, statistic: "Sum" },
      ...settingsOf(key),
    },
  ]);
  return Object.fromEntries(specs) as Record<Key, AlarmSpec>;
}
