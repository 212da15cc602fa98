import * as dynamodb from "@pulumi/aws/dynamodb";
import * as sns from "@pulumi/aws/sns";
import * as sqs from "@pulumi/aws/sqs";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { describe } from "../lib/describe";
import { resourceName } from "../lib/props";

/** The violation of a topic or queue (`what`) without a KMS key, `alias` the service's AWS managed key. */
function missingKey(what: string, kmsMasterKeyId: unknown, alias: string): string | undefined {
  if (typeof kmsMasterKeyId === "string" && kmsMasterKeyId !== "") return undefined;
  return `${what} has kmsMasterKeyId ${describe(kmsMasterKeyId)}; allowed: a KMS key id, ARN or alias such as "${alias}".`;
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
    const topic = args.asType(sns.Topic);
    if (topic !== undefined) {
      const what = `SNS topic ${describe(resourceName(topic, args.name))}`;
      const problem = missingKey(what, topic.kmsMasterKeyId, "alias/aws/sns");
      if (problem !== undefined) reportViolation(problem);
      return;
    }
    const queue = args.asType(sqs.Queue);
    if (queue !== undefined) {
      const what = `SQS queue ${describe(resourceName(queue, args.name))}`;
      const problem = missingKey(what, queue.kmsMasterKeyId, "alias/aws/sqs");
      if (problem !== undefined) reportViolation(problem);
      return;
    }
    const table = args.asType(dynamodb.Table);
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
