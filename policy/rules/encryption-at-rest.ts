import * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { describe } from "../lib/describe";
import { resourceName } from "../lib/props";

function hasKey(kmsMasterKeyId: unknown): boolean {
  return typeof kmsMasterKeyId === "string" && kmsMasterKeyId !== "";
}

/**
 * Orders and the notifications about them are customer data. SNS and SQS encrypt with KMS only when given a key
 * (`alias/aws/sns`, `alias/aws/sqs` or a customer key); SQS-managed encryption is refused because its key use
 * is invisible in CloudTrail and cannot be restricted by key policy. A DynamoDB table uses a KMS key only with
 * `serverSideEncryption.enabled`.
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html
 */
export const encryptionAtRest: ResourceValidationPolicy = {
  name: "encryption-at-rest",
  description:
    "SNS topics and SQS queues are encrypted with a KMS key (kmsMasterKeyId); DynamoDB tables have serverSideEncryption.enabled.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    const topic = args.asType(aws.sns.Topic);
    if (topic !== undefined) {
      if (!hasKey(topic.kmsMasterKeyId)) {
        reportViolation(
          `SNS topic ${describe(resourceName(topic, args.name))} has kmsMasterKeyId ${describe(topic.kmsMasterKeyId)}; allowed: a KMS key id, ARN or alias such as "alias/aws/sns".`,
        );
      }
      return;
    }
    const queue = args.asType(aws.sqs.Queue);
    if (queue !== undefined) {
      if (!hasKey(queue.kmsMasterKeyId)) {
        reportViolation(
          `SQS queue ${describe(resourceName(queue, args.name))} has kmsMasterKeyId ${describe(queue.kmsMasterKeyId)}; allowed: a KMS key id, ARN or alias such as "alias/aws/sqs".`,
        );
      }
      return;
    }
    const table = args.asType(aws.dynamodb.Table);
    if (table !== undefined) {
      const enabled = table.serverSideEncryption?.enabled;
      if (enabled !== true) {
        reportViolation(
          `DynamoDB table ${describe(resourceName(table, args.name))} has serverSideEncryption.enabled ${describe(enabled)}; allowed: true.`,
        );
      }
      return;
    }
    return args.notApplicable("The policy applies to SNS topics, SQS queues and DynamoDB tables.");
  },
};
