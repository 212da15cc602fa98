import * as pulumi from "@pulumi/pulumi";

/** The Step Functions execution metrics, each alarmed on its own. @see https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html */
export const EXECUTION_METRICS = {
  "executions-failed": "ExecutionsFailed",
  "executions-timed-out": "ExecutionsTimedOut",
  "executions-throttled": "ExecutionThrottled",
  "executions-aborted": "ExecutionsAborted",
} as const;

/** One alarm: the metric it watches and what to do when it fires. */
export interface AlarmSpec {
  readonly namespace: "AWS/States" | "AWS/Lambda" | "AWS/SQS";
  readonly metricName: string;
  readonly dimensions: Record<string, pulumi.Input<string>>;
  readonly statistic: "Sum" | "Maximum";
  readonly threshold: number;
  readonly description: pulumi.Input<string>;
}

/** What the alarms watch and the thresholds that fire them, as `WorkflowAlarms` resolved them. */
export interface AlarmTargets {
  readonly stateMachineArn: pulumi.Input<string>;
  readonly functions: Readonly<Record<string, pulumi.Input<string>>>;
  readonly queueName?: pulumi.Input<string>;
  readonly executionsFailedThreshold: number;
  readonly functionErrorsThreshold: number;
  readonly throttlesThreshold: number;
  readonly queueDepthThreshold: number;
}

const EXECUTION_ADVICE: Readonly<Record<keyof typeof EXECUTION_METRICS, string>> = {
  "executions-failed":
    "Executions failed. Open them in the Step Functions console, find the failing state in the execution history, fix the cause, then redrive them.",
  "executions-timed-out":
    "Executions reached the state machine's TimeoutSeconds. Find the state that was running in the execution history (a slow dependency or a Task without its own timeout) and restart the orders once it answers again.",
  "executions-throttled":
    "Step Functions throttled state transitions. Check the StateTransition quota in Service Quotas and request an increase, or slow down whatever starts executions.",
  "executions-aborted":
    "Executions were stopped before they finished. Find who called StopExecution in CloudTrail and restart the orders that were cut short.",
};

/** Every alarm of the component, keyed by the suffix of its name. */
export function alarmSpecs(targets: AlarmTargets): Record<string, AlarmSpec> {
  const specs: Record<string, AlarmSpec> = {};
  for (const [key, metricName] of Object.entries(EXECUTION_METRICS) as [
    keyof typeof EXECUTION_METRICS,
    string,
  ][]) {
    specs[key] = {
      namespace: "AWS/States",
      metricName,
      dimensions: { StateMachineArn: targets.stateMachineArn },
      statistic: "Sum",
      threshold:
        key === "executions-throttled" ? targets.throttlesThreshold : targets.executionsFailedThreshold,
      description: EXECUTION_ADVICE[key],
    };
  }
  for (const [key, functionName] of Object.entries(targets.functions)) {
    specs[`${key}-errors`] = {
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: functionName },
      statistic: "Sum",
      threshold: targets.functionErrorsThreshold,
      description: pulumi.interpolate`The ${key} function threw errors. Read /aws/lambda/${functionName} for the stack traces; the workflow retries them, so check the executions-failed alarm too.`,
    };
    specs[`${key}-throttles`] = {
      namespace: "AWS/Lambda",
      metricName: "Throttles",
      dimensions: { FunctionName: functionName },
      statistic: "Sum",
      threshold: targets.throttlesThreshold,
      description: pulumi.interpolate`Lambda throttled invocations of ${functionName}. Check the account's concurrent executions against its quota and the function's reserved concurrency.`,
    };
  }
  if (targets.queueName !== undefined) {
    specs["queue-depth"] = {
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: targets.queueName },
      // The depth is a level, not a count of events: the highest sample says how far behind the queue is.
      statistic: "Maximum",
      threshold: targets.queueDepthThreshold,
      description: pulumi.interpolate`Orders are waiting in the failure queue ${targets.queueName}. Read the messages, fix what made DynamoDB or SNS fail, then redrive them.`,
    };
  }
  return specs;
}
