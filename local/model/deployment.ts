/**
 * What a Pulumi stack deploys, as the local simulator needs it. Captured from the Pulumi program
 * (with mocks) so that the simulator runs exactly the definition, bundles and settings that AWS would get.
 */

export interface DeployedFunction {
  /** The Lambda function name, e.g. "order-workflow-dev-validate-order". */
  readonly name: string;
  /** "arn:aws:lambda:us-east-1:123456789012:function:<name>" */
  readonly arn: string;
  /** "index.handler" => file index.mjs (or index.js, index.cjs), export `handler`. */
  readonly handler: string;
  /** The deployment archive: relative path -> file text, e.g. { "index.mjs": "...", "index.mjs.map": "..." }. */
  readonly files: Readonly<Record<string, string>>;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  readonly memorySizeMb: number;
}

export interface DeployedTableAttribute {
  readonly name: string;
  readonly type: "S" | "N" | "B";
}

export interface DeployedTable {
  readonly name: string;
  readonly arn: string;
  readonly hashKey: string;
  readonly rangeKey?: string;
  readonly attributes: readonly DeployedTableAttribute[];
}

export interface DeployedTopic {
  readonly name: string;
  readonly arn: string;
}

export interface DeployedQueue {
  readonly name: string;
  readonly arn: string;
  /** "https://sqs.us-east-1.amazonaws.com/123456789012/<name>": how Task states name a queue. */
  readonly url: string;
}

/** A status an execution ends in without success. */
export type FailedExecutionStatus = "FAILED" | "TIMED_OUT" | "ABORTED";

/**
 * An EventBridge rule on the state machine's "Step Functions Execution Status Change" events whose target is a
 * queue of the deployment: each execution that ends in one of `statuses` is sent there as that event.
 */
export interface DeployedFailureCapture {
  readonly ruleName: string;
  readonly ruleArn: string;
  /** The URL of the target queue, one of the deployment's `queues`. */
  readonly queueUrl: string;
  readonly statuses: readonly FailedExecutionStatus[];
}

export interface Deployment {
  readonly stateMachineName: string;
  readonly stateMachineArn: string;
  /**
   * "<stateMachineArn>:live": the alias every producer of the stack starts (the trigger, the recover command),
   * from its CloudFormation stack's `AliasArn` output. A StartExecution of it runs the definition.
   */
  readonly liveAliasArn: string;
  readonly region: string;
  readonly accountId: string;
  /** The exact ASL JSON string the stack deploys. */
  readonly definition: string;
  readonly functions: readonly DeployedFunction[];
  readonly tables: readonly DeployedTable[];
  readonly topics: readonly DeployedTopic[];
  readonly queues: readonly DeployedQueue[];
  /** Default STANDARD. EXPRESS executions cannot be redriven and send no status-change events. */
  readonly workflowType?: "STANDARD" | "EXPRESS";
  /** The rule that queues failed executions, when the stack deploys one. */
  readonly failureCapture?: DeployedFailureCapture;
}
