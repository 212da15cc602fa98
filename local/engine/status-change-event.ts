import { randomUUID } from "node:crypto";

import type { DeployedFailureCapture, Deployment, FailedExecutionStatus } from "../model/deployment";
import type { ExecutionAssociation } from "./execution-association";
import type { QueuedMessage } from "./integrations/sqs-send-message";

/** What a status-change event says about the execution it is about: its alias and version among it. */
export interface EndedExecution extends ExecutionAssociation {
  readonly executionName: string;
  readonly executionArn: string;
  readonly status: FailedExecutionStatus | "SUCCEEDED";
  /** Milliseconds since the epoch. */
  readonly startDate: number;
  readonly stopDate: number;
  /** The execution's input, as StartExecution received it. */
  readonly input: unknown;
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
  readonly redriveCount: number;
  /** Milliseconds since the epoch, of the last redrive. */
  readonly redriveDate?: number;
  readonly redriveStatus: "REDRIVABLE" | "NOT_REDRIVABLE";
  readonly redriveStatusReason: string;
}

/**
 * The "Step Functions Execution Status Change" event EventBridge receives when a STANDARD execution ends, in
 * AWS's shape: `input` and `output` as JSON text (null when there is none), dates in milliseconds, `error` and
 * `cause` null when the execution has none (a timeout or a StopExecution without them), `stateMachineVersionArn`
 * and `stateMachineAliasArn` null when it was not started through a version or an alias (`stateMachineArn` is the
 * unqualified ARN either way). AWS leaves `input` out, with `inputDetails.included` false, when the event would
 * be too large; locally it is always included.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/cw-events.html
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/eventbridge-integration.html#event-detail-execution-status-change
 * @see https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-states.html
 */
export function statusChangeEvent(deployment: Deployment, execution: EndedExecution): object {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "Step Functions Execution Status Change",
    source: "aws.states",
    account: deployment.accountId,
    time: new Date(execution.stopDate).toISOString().replace(/\.\d{3}Z$/, "Z"),
    region: deployment.region,
    resources: [execution.executionArn],
    detail: {
      executionArn: execution.executionArn,
      stateMachineArn: deployment.stateMachineArn,
      name: execution.executionName,
      status: execution.status,
      startDate: execution.startDate,
      stopDate: execution.stopDate,
      input: JSON.stringify(execution.input),
      output: execution.output === undefined ? null : JSON.stringify(execution.output),
      inputDetails: { included: true },
      outputDetails: execution.output === undefined ? null : { included: true },
      stateMachineVersionArn: execution.stateMachineVersionArn ?? null,
      stateMachineAliasArn: execution.stateMachineAliasArn ?? null,
      error: execution.error ?? null,
      cause: execution.cause ?? null,
      redriveCount: execution.redriveCount,
      redriveDate: execution.redriveDate ?? null,
      redriveStatus: execution.redriveStatus,
      redriveStatusReason: execution.redriveStatusReason,
    },
  };
}

/**
 * The message the deployment's failure-capture rule sends for an execution that ended, or undefined when the rule
 * does not match it: a status it does not list, or an EXPRESS workflow, which sends no status-change events.
 * The rule has no input transformer: the queue receives the whole event as the body.
 */
export function capturedFailure(
  deployment: Deployment,
  execution: EndedExecution,
): QueuedMessage | undefined {
  const capture: DeployedFailureCapture | undefined = deployment.failureCapture;
  if (capture === undefined || (deployment.workflowType ?? "STANDARD") !== "STANDARD") return undefined;
  if (execution.status === "SUCCEEDED" || !capture.statuses.includes(execution.status)) return undefined;
  return {
    queueUrl: capture.queueUrl,
    body: JSON.stringify(statusChangeEvent(deployment, execution)),
    executionName: execution.executionName,
    ruleName: capture.ruleName,
  };
}
