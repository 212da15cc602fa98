/**
 * One table, keyed by Step Functions service integration, of the IAM actions each needs and of the Task
 * parameter that names the resource those actions apply to. The execution role is derived from it.
 */

export interface Integration {
  /** IAM actions Step Functions calls for this integration. */
  readonly actions: readonly string[];
  /** The Task `Parameters` field that names the resource. */
  readonly resourceParameter: string;
  /** `arn`: the field holds the resource's ARN; `name`: a name or URL, resolved to an ARN by the caller. */
  readonly namedBy: "arn" | "name";
  /** Where AWS documents the IAM policy for this integration. */
  readonly docs: string;
}

export const INTEGRATIONS = {
  "lambda:invoke": {
    actions: ["lambda:InvokeFunction"],
    resourceParameter: "FunctionName",
    namedBy: "arn",
    docs: "https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html#lambda-iam",
  },
  "dynamodb:putItem": {
    actions: ["dynamodb:PutItem"],
    resourceParameter: "TableName",
    namedBy: "name",
    docs: "https://docs.aws.amazon.com/step-functions/latest/dg/connect-ddb.html#dynamo-iam",
  },
  "dynamodb:getItem": {
    actions: ["dynamodb:GetItem"],
    resourceParameter: "TableName",
    namedBy: "name",
    docs: "https://docs.aws.amazon.com/step-functions/latest/dg/connect-ddb.html#dynamo-iam",
  },
  "dynamodb:updateItem": {
    actions: ["dynamodb:UpdateItem"],
    resourceParameter: "TableName",
    namedBy: "name",
    docs: "https://docs.aws.amazon.com/step-functions/latest/dg/connect-ddb.html#dynamo-iam",
  },
  "dynamodb:deleteItem": {
    actions: ["dynamodb:DeleteItem"],
    resourceParameter: "TableName",
    namedBy: "name",
    docs: "https://docs.aws.amazon.com/step-functions/latest/dg/connect-ddb.html#dynamo-iam",
  },
  "sns:publish": {
    actions: ["sns:Publish"],
    resourceParameter: "TopicArn",
    namedBy: "arn",
    docs: "https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html#sns-iam",
  },
  "sqs:sendMessage": {
    actions: ["sqs:SendMessage"],
    resourceParameter: "QueueUrl",
    namedBy: "name",
    docs: "https://docs.aws.amazon.com/step-functions/latest/dg/connect-sqs.html#sqs-iam",
  },
} as const satisfies Record<string, Integration>;

export type IntegrationName = keyof typeof INTEGRATIONS;

export const INTEGRATION_NAMES = Object.keys(INTEGRATIONS) as IntegrationName[];

const PARTITIONS = ["aws", "aws-cn", "aws-us-gov"] as const;
export type Partition = (typeof PARTITIONS)[number];

function isIntegrationName(value: string): value is IntegrationName {
  return Object.hasOwn(INTEGRATIONS, value);
}

function isPartition(value: string): value is Partition {
  return (PARTITIONS as readonly string[]).includes(value);
}

/** The only ARNs this project builds by hand: `arn:<partition>:states:::<service>:<api>`. */
export function integrationArn(partition: Partition, integration: IntegrationName): string {
  return `arn:${partition}:states:::${integration}`;
}

/** The integration a Task `Resource` names, or `undefined` when it is not an optimized integration we know. */
export function parseIntegrationArn(
  resource: string,
): { partition: Partition; integration: IntegrationName } | undefined {
  const match = /^arn:([a-z-]+):states:::([a-z0-9]+:[A-Za-z]+)$/.exec(resource);
  const [, partition, integration] = match ?? [];
  if (partition === undefined || integration === undefined) return undefined;
  if (!isPartition(partition) || !isIntegrationName(integration)) return undefined;
  return { partition, integration };
}

export function toPartition(value: string): Partition {
  if (!isPartition(value)) {
    throw new Error(`Unknown AWS partition \`${value}\`; allowed: ${PARTITIONS.join(", ")}.`);
  }
  return value;
}
