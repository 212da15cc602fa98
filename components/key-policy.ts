import type { Partition } from "./asl";

/** Who, besides the account's IAM principals, must use a workflow's customer-managed key. */
export interface KeyPolicyRefs {
  readonly partition: Partition;
  readonly region: string;
  readonly accountId: string;
  /** Log group names, `*` allowed, whose data CloudWatch Logs encrypts with the key. */
  readonly logGroupPatterns: readonly string[];
  /** CloudWatch alarms publish to a topic encrypted with the key. */
  readonly cloudWatchAlarms: boolean;
  /** EventBridge sends events it could not deliver to a queue encrypted with the key. */
  readonly eventBridge: boolean;
}

/** The actions CloudWatch Logs needs on a key that encrypts log groups. */
const LOGS_ACTIONS = [
  "kms:Decrypt",
  "kms:DescribeKey",
  "kms:Encrypt",
  "kms:GenerateDataKey",
  "kms:GenerateDataKeyWithoutPlaintext",
  "kms:ReEncryptFrom",
  "kms:ReEncryptTo",
];

/** What a service needs to write to an encrypted topic or queue. */
const DATA_KEY_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey"];

/**
 * The key policy of a workflow's customer-managed key. The account statement is AWS's default key policy: it
 * lets IAM policies grant use of the key (the execution role's policy does), so no principal of the account is
 * named here. Services that act without an IAM role of the account are named one by one, each limited to this
 * account (confused deputy) and, for CloudWatch Logs, to the workflow's own log groups. In a key policy,
 * `Resource: "*"` means this key.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 */
export function buildKeyPolicy(refs: KeyPolicyRefs): object {
  const { partition, region, accountId } = refs;
  const sourceAccount = { StringEquals: { "aws:SourceAccount": accountId } };
  const servicePrincipal = (service: string, sid: string) => ({
    Sid: sid,
    Effect: "Allow",
    Principal: { Service: service },
    Action: DATA_KEY_ACTIONS,
    Resource: "*",
    Condition: sourceAccount,
  });
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "EnableIamPolicies",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      {
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
        Sid: "CloudWatchLogsForWorkflowLogGroups",
        Effect: "Allow",
        Principal: { Service: `logs.${region}.amazonaws.com` },
        Action: LOGS_ACTIONS,
        Resource: "*",
        Condition: {
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn": refs.logGroupPatterns.map(
              (pattern) => `arn:${partition}:logs:${region}:${accountId}:log-group:${pattern}`,
            ),
          },
        },
      },
      // https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger
      ...(refs.cloudWatchAlarms ? [servicePrincipal("cloudwatch.amazonaws.com", "CloudWatchAlarms")] : []),
      // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
      ...(refs.eventBridge ? [servicePrincipal("events.amazonaws.com", "EventBridgeDeadLetters")] : []),
    ],
  };
}
