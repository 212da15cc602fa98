import type { ResourceUnderTest } from "./policy-harness";

/** Type tokens of the resources the policy tests build. */
export const TYPES = {
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  policy: "aws:iam/policy:Policy",
  role: "aws:iam/role:Role",
  queue: "aws:sqs/queue:Queue",
  queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
  topic: "aws:sns/topic:Topic",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  kmsKey: "aws:kms/key:Key",
  kmsKeyPolicy: "aws:kms/keyPolicy:KeyPolicy",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  function: "aws:lambda/function:Function",
  stateMachine: "aws:sfn/stateMachine:StateMachine",
  table: "aws:dynamodb/table:Table",
  cloudFormationStack: "aws:cloudformation/stack:Stack",
  metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  eventTarget: "aws:cloudwatch/eventTarget:EventTarget",
} as const;

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";

export function resource(
  type: string,
  name: string,
  props: Readonly<Record<string, unknown>>,
): ResourceUnderTest {
  return { type, name, props };
}

/** A policy document as a program passes it: a JSON string. */
export function policyJson(...statements: readonly Readonly<Record<string, unknown>>[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

export function logGroupArn(name: string): string {
  return `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}`;
}

/** AWS's default key policy statement that lets the account's IAM policies govern the key. */
export const KMS_ROOT_STATEMENT = {
  Sid: "Enable IAM User Permissions",
  Effect: "Allow",
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
  Action: "kms:*",
  Resource: "*",
} as const;
