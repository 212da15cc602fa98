import type { Partition } from "./asl";

/** Who, besides the account's IAM principals, must use a workflow's customer-managed key. */
export interface KeyPolicyRefs {
  readonly partition: Partition;
  readonly region: string;
  readonly accountId: string;
  /** Log group names, `*` allowed, whose data CloudWatch Logs encrypts with the key. */
  readonly logGroupPatterns: readonly string[];
  /** A state machine encrypted with the key logs to CloudWatch Logs, whose log delivery then decrypts with it. */
  readonly stateMachineLogDelivery: boolean;
  /** CloudWatch alarms publish to a topic encrypted with the key. */
  readonly cloudWatchAlarms: boolean;
  /**
   * Names of the rules, on the account's default event bus, that send events they could not deliver to a queue
   * encrypted with the key.
   */
  readonly deadLetterRuleNames: readonly string[];
  /**
   * Names of the rules, on the account's default event bus, whose target is a queue encrypted with the key (the
   * failed-execution capture). @default []
   */
  readonly queueTargetRuleNames?: readonly string[];
}

/**
 * The actions CloudWatch Logs needs on a key that encrypts log groups, each of which CloudWatch Logs calls with
 * the log group's ARN as encryption context. AWS's statement names them `kms:Encrypt*`, `kms:Decrypt*`,
 * `kms:ReEncrypt*` and `kms:GenerateDataKey*`; they are spelled out here (the policy pack refuses wildcards).
 */
const LOGS_DATA_ACTIONS = [
  "kms:Decrypt",
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
 * lets IAM policies grant use of the key (the execution role's and the operator's policies do), so no principal
 * of the account is named here. Services that act without an IAM role of the account are named one by one,
 * each under the condition its documentation gives: CloudWatch Logs to the workflow's own log groups,
 * EventBridge to the workflow's own rules (the trigger's dead letters, the failed-execution capture), CloudWatch alarms to this account. In a key policy, `Resource: "*"`
 * means this key.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 */
export function buildKeyPolicy(refs: KeyPolicyRefs): object {
  return {
    Version: "2012-10-17",
    Statement: [
      accountStatement(refs),
      ...logsStatements(refs),
      ...(refs.stateMachineLogDelivery ? [logDeliveryStatement()] : []),
      ...(refs.cloudWatchAlarms ? [alarmsStatement(refs)] : []),
      ...(refs.deadLetterRuleNames.length > 0 ? [deadLetterStatement(refs)] : []),
      ...((refs.queueTargetRuleNames ?? []).length > 0 ? [queueTargetStatement(refs)] : []),
    ],
  };
}

function sourceAccount(refs: KeyPolicyRefs): object {
  return { StringEquals: { "aws:SourceAccount": refs.accountId } };
}

function accountStatement({ partition, accountId }: KeyPolicyRefs): object {
  return {
    Sid: "EnableIamPolicies",
    Effect: "Allow",
    Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
    Action: "kms:*",
    Resource: "*",
  };
}

/** https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html */
function logsStatements(refs: KeyPolicyRefs): object[] {
  const { partition, region, accountId } = refs;
  const logs = { Service: `logs.${region}.amazonaws.com` };
  return [
    {
      Sid: "CloudWatchLogsForWorkflowLogGroups",
      Effect: "Allow",
      Principal: logs,
      Action: LOGS_DATA_ACTIONS,
      Resource: "*",
      Condition: {
        ArnLike: {
          "kms:EncryptionContext:aws:logs:arn": refs.logGroupPatterns.map(
            (pattern) => `arn:${partition}:logs:${region}:${accountId}:log-group:${pattern}`,
          ),
        },
      },
    },
    {
      // A DescribeKey request carries no encryption context, so under the statement above it would never be
      // allowed; the Service Authorization Reference gives DescribeKey no encryption-context condition key.
      // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html
      Sid: "CloudWatchLogsDescribeKey",
      Effect: "Allow",
      Principal: logs,
      Action: "kms:DescribeKey",
      Resource: "*",
      Condition: sourceAccount(refs),
    },
  ];
}

/**
 * Log delivery decrypts the data keys of a state machine encrypted with the key when it writes the execution
 * logs; AWS documents no condition for it, and AWS CDK's StateMachine adds none.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/encryption-at-rest.html
 */
function logDeliveryStatement(): object {
  return {
    Sid: "LogDeliveryForEncryptedStateMachine",
    Effect: "Allow",
    Principal: { Service: "delivery.logs.amazonaws.com" },
    Action: "kms:Decrypt",
    Resource: "*",
  };
}

/** @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services */
function alarmsStatement(refs: KeyPolicyRefs): object {
  return {
    Sid: "CloudWatchAlarms",
    Effect: "Allow",
    Principal: { Service: "cloudwatch.amazonaws.com" },
    Action: DATA_KEY_ACTIONS,
    Resource: "*",
    Condition: sourceAccount(refs),
  };
}

/**
 * EventBridge names the rule that dead-letters an event in aws:SourceArn.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
 */
function deadLetterStatement(refs: KeyPolicyRefs): object {
  return eventBridgeStatement("EventBridgeDeadLetters", refs, refs.deadLetterRuleNames);
}

/**
 * EventBridge encrypts what a rule sends to an encrypted queue with the queue's key, as the rule (aws:SourceArn).
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html#compatibility-with-aws-services
 */
function queueTargetStatement(refs: KeyPolicyRefs): object {
  return eventBridgeStatement("EventBridgeQueueTargets", refs, refs.queueTargetRuleNames ?? []);
}

function eventBridgeStatement(
  sid: string,
  { partition, region, accountId }: KeyPolicyRefs,
  ruleNames: readonly string[],
): object {
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: { Service: "events.amazonaws.com" },
    Action: DATA_KEY_ACTIONS,
    Resource: "*",
    Condition: {
      ArnEquals: {
        "aws:SourceArn": ruleNames.map(
          (rule) => `arn:${partition}:events:${region}:${accountId}:rule/${rule}`,
        ),
      },
    },
  };
}
