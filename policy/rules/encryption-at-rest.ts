import * as aws from "@pulumi/aws";
import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { describe } from "../lib/describe";
import { resourceName } from "../lib/props";

/**
 * Orders and the notifications about them are customer data. SNS and SQS encrypt with KMS only when given a key
 * (`alias/aws/sns`, `alias/aws/sqs` or a customer key); a DynamoDB table uses a KMS key only with
 * `serverSideEncryption.enabled`, which makes key use visible in CloudTrail.
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html
 */
export const encryptionAtRest: ResourceValidationPolicy = {
  name: "encryption-at-rest",
  description:
    "SNS topics and SQS queues are encrypted with a KMS key (kmsMasterKeyId); DynamoDB tables have serverSideEncryption.enabled.",
  enforcementLevel: "mandatory",
  validateResource: [
    validateResourceOfType(aws.sns.Topic, (topic, args, reportViolation) => {
      if (typeof topic.kmsMasterKeyId !== "string" || topic.kmsMasterKeyId === "") {
        reportViolation(
          `SNS topic ${describe(resourceName(topic, args.name))} has kmsMasterKeyId ${describe(topic.kmsMasterKeyId)}; allowed: a KMS key id, ARN or alias such as "alias/aws/sns".`,
        );
      }
    }),
    validateResourceOfType(aws.sqs.Queue, (queue, args, reportViolation) => {
      if (typeof queue.kmsMasterKeyId !== "string" || queue.kmsMasterKeyId === "") {
        reportViolation(
          `SQS queue ${describe(resourceName(queue, args.name))} has kmsMasterKeyId ${describe(queue.kmsMasterKeyId)}; allowed: a KMS key id, ARN or alias such as "alias/aws/sqs".`,
        );
      }
    }),
    validateResourceOfType(aws.dynamodb.Table, (table, args, reportViolation) => {
      const enabled = table.serverSideEncryption?.enabled;
      if (enabled !== true) {
        reportViolation(
          `DynamoDB table ${describe(resourceName(table, args.name))} has serverSideEncryption.enabled ${describe(enabled)}; allowed: true.`,
        );
      }
    }),
  ],
};
