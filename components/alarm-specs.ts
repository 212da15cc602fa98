import * as pulumi from "@pulumi/pulumi";
import { versionSpecs } from "./alarm-version-specs";
import { executionMetricSpecs } from "./execution-metric-specs";

/** The Step Functions execution metrics, each alarmed on its own. @see https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html */
export const EXECUTION_METRICS = {
  "executions-failed": "ExecutionsFailed",
  "executions-timed-out": "ExecutionsTimedOut",
  "executions-throttled": "ExecutionThrottled",
  "executions-aborted": "ExecutionsAborted",
} as const;

/** A metric an alarm reads, as CloudWatch names it. */
export interface AlarmMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions?: Record<string, pulumi.Input<string>>;
  readonly statistic: "Sum" | "Maximum";
}

/**
 * One alarm: the metric it watches, or a metric-math expression over several (`metrics` by the id the expression
 * calls them), and what to do when it fires.
 */
export type AlarmSpec = {
  readonly threshold: number;
  /** @default "GreaterThanOrEqualToThreshold" */
  readonly comparison?: "GreaterThanOrEqualToThreshold" | "GreaterThanThreshold";
  readonly description: pulumi.Input<string>;
  /**
   * Whether the alarm gates a rollout of a new version: CloudFormation moves the live alias back when it fires
   * during one. Only alarms on what a new version can cause: a business signal (declines), capacity
   * (throttles), someone's StopExecution or a backlog already waiting would roll back good versions. @default false
   */
  readonly gatesRollout?: boolean;
} & (
  | { readonly metric: AlarmMetric }
  | {
      readonly expression: {
        readonly id: string;
        readonly expression: string;
        readonly label: string;
        readonly metrics: Readonly<Record<string, AlarmMetric>>;
      };
    }
);

/** A function with an error it throws by design: its metrics from its log, and the alarm on its rate. */
export interface ExpectedErrorTarget {
  readonly outcome: string;
  readonly rateThreshold: number;
  readonly minInvocations: number;
  readonly expectedRate: number;
  /** Where the metric filters on the function's log publish (the component's own namespace). */
  readonly namespace: string;
}

/** What the alarms watch and the thresholds that fire them, as `WorkflowAlarms` resolved them. */
export interface AlarmTargets {
  readonly stateMachineArn: pulumi.Input<string>;
  /** The newest published version, whose own executions are alarmed too; none without it. */
  readonly stateMachineVersionArn?: pulumi.Input<string>;
  readonly functions: Readonly<Record<string, pulumi.Input<string>>>;
  readonly expectedErrors: Readonly<Record<string, ExpectedErrorTarget>>;
  readonly queueName?: pulumi.Input<string>;
  readonly eventRuleName?: pulumi.Input<string>;
  readonly failureCaptureRuleName?: pulumi.Input<string>;
  readonly executionsFailedThreshold: number;
  readonly functionErrorsThreshold: number;
  readonly throttlesThreshold: number;
  readonly queueDepthThreshold: number;
}

/** The metrics the filters on a function's log publish, by the suffix of their names. */
export function logMetricNames(key: string, outcome: string): { failures: string; expected: string } {
  return { failures: `${key}-failures`, expected: `${key}-${outcome}s` };
}

/** How on-call recovers the orders in the failure queue once the cause is fixed: local/commands/recover. */
const RECOVER = "`npm run recover -- --stack <env>`";

const EXECUTION_ADVICE: Readonly<Record<keyof typeof EXECUTION_METRICS, string>> = {
  "executions-failed": `Executions failed. Find the failing state in the execution history (Step Functions console), fix the cause, then ${RECOVER}: it redrives each failed execution in the failure queue from the state that failed.`,
  "executions-timed-out": `Executions reached the state machine's TimeoutSeconds. Find the state that was running in the execution history (a slow dependency or a Task without its own timeout), fix the cause, then ${RECOVER} once it answers again.`,
  "executions-throttled":
    "Step Functions throttled state transitions. Check the StateTransition quota in Service Quotas and request an increase, or slow down whatever starts executions.",
  "executions-aborted": `Executions were stopped before they finished. Find who called StopExecution in CloudTrail; if the orders should go on, ${RECOVER}.`,
};

/** Every alarm of the component, keyed by the suffix of its name. */
export function alarmSpecs(targets: AlarmTargets): Record<string, AlarmSpec> {
  const specs: Record<string, AlarmSpec> = { ...executionSpecs(targets), ...functionSpecs(targets) };
  if (targets.queueName !== undefined) {
    specs["queue-depth"] = {
      metric: {
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: targets.queueName },
        // The depth is a level, not a count of events: the highest sample says how far behind the queue is.
        statistic: "Maximum",
      },
      threshold: targets.queueDepthThreshold,
      description: pulumi.interpolate`Orders are waiting in the failure queue ${targets.queueName}. Read the messages (the error of each), fix the cause, then ${RECOVER}: it redrives the executions that can be, starts the others anew, and deletes each message it recovered.`,
    };
  }
  if (targets.eventRuleName !== undefined) Object.assign(specs, triggerSpecs(targets));
  if (targets.failureCaptureRuleName !== undefined) {
    specs["failure-capture-failed-invocations"] = {
      metric: eventsMetric("FailedInvocations", targets.failureCaptureRuleName),
      threshold: targets.executionsFailedThreshold,
      description: pulumi.interpolate`EventBridge gave up sending failed executions to the failure queue for rule ${targets.failureCaptureRuleName}, after its retries: those executions are in no queue. Check the failure queue's policy and the key policy, which must let events.amazonaws.com send to the queue for this rule; list the executions with \`aws stepfunctions list-executions --status-filter FAILED\` (and TIMED_OUT, ABORTED) and redrive them.`,
    };
  }
  return specs;
}

/** The state machine's execution alarms, and those of its newest version when it has one. */
function executionSpecs(targets: AlarmTargets): Record<string, AlarmSpec> {
  const specs = executionMetricSpecs(
    EXECUTION_METRICS,
    { StateMachineArn: targets.stateMachineArn },
    (key) => ({
      threshold:
        key === "executions-throttled" ? targets.throttlesThreshold : targets.executionsFailedThreshold,
      description: EXECUTION_ADVICE[key],
    }),
  );
  if (targets.stateMachineVersionArn === undefined) return specs;
  const { stateMachineArn, stateMachineVersionArn, executionsFailedThreshold } = targets;
  return { ...specs, ...versionSpecs(stateMachineArn, stateMachineVersionArn, executionsFailedThreshold) };
}

/** Each function's errors (or faults and expected-error rate) and throttles. */
function functionSpecs(targets: AlarmTargets): Record<string, AlarmSpec> {
  const specs: Record<string, AlarmSpec> = {};
  for (const [key, functionName] of Object.entries(targets.functions)) {
    const expected = targets.expectedErrors[key];
    if (expected === undefined) {
      specs[`${key}-errors`] = {
        metric: lambdaMetric("Errors", functionName),
        threshold: targets.functionErrorsThreshold,
        description: pulumi.interpolate`The ${key} function threw errors. Read /aws/lambda/${functionName} for the stack traces; the workflow retries them, so check the executions-failed alarm too.`,
        // Lambda has no dimension for the state machine version that invoked it, so this counts both versions'
        // calls; a new version that sends the function what it cannot take shows here first, and a workflow
        // that catches the error fails no execution.
        gatesRollout: true,
      };
    } else {
      Object.assign(specs, expectedErrorSpecs(key, functionName, expected, targets.functionErrorsThreshold));
    }
    specs[`${key}-throttles`] = {
      metric: lambdaMetric("Throttles", functionName),
      threshold: targets.throttlesThreshold,
      description: pulumi.interpolate`Lambda throttled invocations of ${functionName}. Check the account's concurrent executions against its quota and the function's reserved concurrency.`,
    };
  }
  return specs;
}

function lambdaMetric(metricName: string, functionName: pulumi.Input<string>): AlarmMetric {
  return {
    namespace: "AWS/Lambda",
    metricName,
    dimensions: { FunctionName: functionName },
    statistic: "Sum",
  };
}

/**
 * A function that throws an error by design gets two alarms instead of one on `Errors`. Its faults: the failed
 * invocations its log records less those that ended in the expected error, both counted from the same log records,
 * so the difference is exact. (Lambda's `Errors` less a count from the log would not be: `Errors` is stamped
 * with when the invocation started, a log record with when it was written, so an invocation that spans the end
 * of a period would count in one period's errors and the next one's declines.) And the share of invocations that
 * end in the expected error, a business signal, counted only in periods with enough invocations to mean something.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
 */
function expectedErrorSpecs(
  key: string,
  functionName: pulumi.Input<string>,
  expected: ExpectedErrorTarget,
  faultsThreshold: number,
): Record<string, AlarmSpec> {
  const names = logMetricNames(key, expected.outcome);
  const logMetric = (metricName: string): AlarmMetric => ({
    namespace: expected.namespace,
    metricName,
    statistic: "Sum",
  });
  const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;
  return {
    [`${key}-faults`]: {
      expression: {
        id: "faults",
        // A period in which nothing failed has no data point of either metric.
        expression: "FILL(failures, 0) - FILL(expected, 0)",
        label: `${key} faults`,
        metrics: { failures: logMetric(names.failures), expected: logMetric(names.expected) },
      },
      threshold: faultsThreshold,
      // Counted from the function's log, for both versions' calls; a new version that sends a bad payment
      // request gets a verdict the workflow records (InvalidPaymentRequestError), failing no execution.
      gatesRollout: true,
      description: pulumi.interpolate`The ${key} function failed for another reason than a ${expected.outcome}, which it returns by design: an error it threw, a timeout or a crash. Read /aws/lambda/${functionName} for the stack traces. A workflow that catches these errors fails no execution, so this alarm may be the only sign of them.`,
    },
    [`${key}-${expected.outcome}-rate`]: {
      expression: {
        id: "rate",
        expression: `IF(invocations >= ${expected.minInvocations}, FILL(expected, 0) / invocations, 0)`,
        label: `${key} ${expected.outcome} rate`,
        metrics: {
          expected: logMetric(names.expected),
          invocations: lambdaMetric("Invocations", functionName),
        },
      },
      threshold: expected.rateThreshold,
      comparison: "GreaterThanThreshold",
      description: pulumi.interpolate`Business signal, not a fault: more than ${percent(expected.rateThreshold)} of ${key} invocations ended in a ${expected.outcome} (expected ${percent(expected.expectedRate)}, counted in periods of at least ${expected.minInvocations} invocations). Ask the business side why (for payments, the provider): the workflow itself is working.`,
    },
  };
}

/**
 * A metric of a rule on the default event bus, which has the RuleName dimension only; EventBridge sends it only
 * when it is not zero. @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html
 */
function eventsMetric(metricName: string, ruleName: pulumi.Input<string>): AlarmMetric {
  return { namespace: "AWS/Events", metricName, dimensions: { RuleName: ruleName }, statistic: "Sum" };
}

/**
 * Events the trigger could not turn into executions. EventBridge sends these metrics only when they are not zero.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html
 */
function triggerSpecs(targets: AlarmTargets): Record<string, AlarmSpec> {
  const ruleName = targets.eventRuleName;
  if (ruleName === undefined) return {};
  const events = (metricName: string): AlarmMetric => eventsMetric(metricName, ruleName);
  return {
    "trigger-failed-invocations": {
      metric: events("FailedInvocations"),
      threshold: targets.executionsFailedThreshold,
      description: pulumi.interpolate`EventBridge gave up starting executions for events of rule ${ruleName}, after its retries. The events are in the failure queue unless trigger-dlq-failures fired too: check the rule's role and the state machine, then start the orders from the queued events.`,
    },
    "trigger-dlq-failures": {
      metric: events("InvocationsFailedToBeSentToDlq"),
      threshold: targets.executionsFailedThreshold,
      description: pulumi.interpolate`EventBridge could not leave undeliverable events of rule ${ruleName} in the failure queue: those orders are lost. Check the failure queue's policy and the key policy, which must let events.amazonaws.com send to the queue for this rule.`,
    },
  };
}
