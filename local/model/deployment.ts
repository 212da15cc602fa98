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

export interface Deployment {
  readonly stateMachineName: string;
  readonly stateMachineArn: string;
  readonly region: string;
  readonly accountId: string;
  /** The exact ASL JSON string the stack deploys. */
  readonly definition: string;
  readonly functions: readonly DeployedFunction[];
  readonly tables: readonly DeployedTable[];
  readonly topics: readonly DeployedTopic[];
  readonly queues: readonly DeployedQueue[];
}
