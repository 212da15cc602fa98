import * as pulumi from "@pulumi/pulumi";
import type { AlarmSpec } from "./alarm-specs";
import { executionMetricSpecs } from "./execution-metric-specs";
import { describeValue } from "./validation";

/**
 * The execution metrics measured on one version only, each alarmed on its own. Step Functions publishes the
 * execution metrics of an execution started through a version or an alias with the dimensions
 * `StateMachineArn` (the state machine) and `Version` (the version that ran it), besides `StateMachineArn`
 * alone; so these count only what the version being rolled out does, not what the version it replaces still
 * does with the rest of the traffic. Aborted executions are left out: a StopExecution is someone's decision,
 * not the version's behaviour.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html#cloudwatch-setp-functions-version-metrics-dimensions
 */
export const VERSION_EXECUTION_METRICS = {
  "version-executions-failed": "ExecutionsFailed",
  "version-executions-timed-out": "ExecutionsTimedOut",
} as const;

/** A version ARN is the state machine's ARN and the version number after a colon. */
const VERSION_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}:(\d+)$/;

/** The number of a version, as the `Version` dimension names it, from its ARN. */
export function versionNumberOf(versionArn: string): string {
  const number = VERSION_ARN.exec(versionArn)?.[1];
  if (number === undefined) {
    throw new Error(
      `\`stateMachineVersionArn\` must be of the form arn:<partition>:states:<region>:<account>:stateMachine:<name>:<version number>. Received: ${describeValue(versionArn)}.`,
    );
  }
  return number;
}

const ADVICE: Readonly<Record<keyof typeof VERSION_EXECUTION_METRICS, string>> = {
  "version-executions-failed":
    "Executions of the newest version failed. While it is being rolled out, CloudFormation moves the live alias back to the previous version and the deploy fails; find the failing state in the execution history of that version, fix the definition, and deploy again.",
  "version-executions-timed-out":
    "Executions of the newest version reached the state machine's TimeoutSeconds. While it is being rolled out, CloudFormation moves the live alias back to the previous version and the deploy fails; find the state that was running in the execution history, fix the definition, and deploy again.",
};

/**
 * The alarms on the newest version's own executions. Their `Version` dimension follows the version each deploy
 * publishes, so the alarm that gates a rollout watches the version being rolled out. They gate it: a version
 * whose executions fail or time out is what a rollout must stop. In a workflow that catches a declined payment
 * (FAILED_AUTH is a recorded outcome), a decline fails no execution, so a failed one is a fault.
 */
export function versionSpecs(
  stateMachineArn: pulumi.Input<string>,
  stateMachineVersionArn: pulumi.Input<string>,
  threshold: number,
): Record<string, AlarmSpec> {
  const version = pulumi.output(stateMachineVersionArn).apply(versionNumberOf);
  return executionMetricSpecs(
    VERSION_EXECUTION_METRICS,
    { StateMachineArn: stateMachineArn, Version: version },
    (key) => ({ threshold, description: ADVICE[key], gatesRollout: true }),
  );
}
