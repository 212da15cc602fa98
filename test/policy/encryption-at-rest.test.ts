import { encryptionAtRest } from "../../policy/rules";
import { type ResourceUnderTest, runResourcePolicy } from "./policy-harness";
import { resource, TYPES } from "./resources";

async function messagesFor(target: ResourceUnderTest): Promise<string[]> {
  const run = await runResourcePolicy(encryptionAtRest, target);
  return run.violations.map((violation) => violation.message);
}

describe("encryption-at-rest", () => {
  test.each<[string, ResourceUnderTest]>([
    [
      "a topic with the AWS managed key",
      resource(TYPES.topic, "events", { name: "events", kmsMasterKeyId: "alias/aws/sns" }),
    ],
    [
      "a queue with a customer managed key",
      resource(TYPES.queue, "failures", {
        name: "failures",
        kmsMasterKeyId: "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000001",
      }),
    ],
    [
      "a table with server-side encryption",
      resource(TYPES.table, "orders", { name: "orders", serverSideEncryption: { enabled: true } }),
    ],
  ])("passes %s", async (_, target) => {
    expect(await messagesFor(target)).toEqual([]);
  });

  test.each<[string, ResourceUnderTest, string]>([
    [
      "fails when a topic has no KMS key",
      resource(TYPES.topic, "events", { name: "events" }),
      'SNS topic "events" has kmsMasterKeyId undefined; allowed: a KMS key id, ARN or alias such as "alias/aws/sns".',
    ],
    [
      "fails when a queue has an empty KMS key, even with SQS-managed encryption",
      resource(TYPES.queue, "failures", { kmsMasterKeyId: "", sqsManagedSseEnabled: true }),
      'SQS queue "failures" has kmsMasterKeyId ""; allowed: a KMS key id, ARN or alias such as "alias/aws/sqs".',
    ],
    [
      "fails when a table's server-side encryption is off",
      resource(TYPES.table, "orders", { name: "orders", serverSideEncryption: { enabled: false } }),
      'DynamoDB table "orders" has serverSideEncryption.enabled false; allowed: true.',
    ],
    [
      "fails when a table does not set server-side encryption",
      resource(TYPES.table, "orders", { name: "orders" }),
      'DynamoDB table "orders" has serverSideEncryption.enabled undefined; allowed: true.',
    ],
  ])("%s", async (_, target, message) => {
    expect(await messagesFor(target)).toEqual([message]);
  });

  test("does not apply to a log group", async () => {
    const run = await runResourcePolicy(encryptionAtRest, resource(TYPES.logGroup, "logs", {}));
    expect(run).toEqual({
      violations: [],
      notApplicable: ["The policy applies to SNS topics, SQS queues and DynamoDB tables."],
    });
  });
});
