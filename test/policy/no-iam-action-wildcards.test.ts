import { noIamActionWildcards } from "../../policy/rules";
import { type ResourceUnderTest, runResourcePolicy } from "./policy-harness";
import { ACCOUNT, KMS_ROOT_STATEMENT, policyJson, resource, TYPES } from "./resources";

const EXACT = 'allowed: actions named exactly ("service:Action"), without "*".';
const tableArn = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;
const topicArn = `arn:aws:sns:us-east-1:${ACCOUNT}:order-events`;
const queueArn = `arn:aws:sqs:us-east-1:${ACCOUNT}:failures`;
const roleArn = `arn:aws:iam::${ACCOUNT}:role/worker`;

async function messagesFor(target: ResourceUnderTest): Promise<string[]> {
  const run = await runResourcePolicy(noIamActionWildcards, target);
  return run.violations.map((violation) => violation.message);
}

describe("no-iam-action-wildcards", () => {
  test.each<[string, ResourceUnderTest]>([
    [
      "a role policy naming its actions exactly",
      resource(TYPES.rolePolicy, "exact", {
        policy: policyJson({ Effect: "Allow", Action: ["dynamodb:PutItem"], Resource: [tableArn] }),
      }),
    ],
    [
      "a trust policy for one service",
      resource(TYPES.role, "trusted", {
        assumeRolePolicy: policyJson({
          Effect: "Allow",
          Principal: { Service: "states.amazonaws.com" },
          Action: "sts:AssumeRole",
        }),
      }),
    ],
    [
      "a queue policy that denies every action without TLS",
      resource(TYPES.queuePolicy, "tls-only", {
        policy: policyJson({
          Effect: "Deny",
          Principal: "*",
          Action: "sqs:*",
          Resource: queueArn,
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }),
      }),
    ],
    [
      "a KMS key policy with AWS's default account-root statement",
      resource(TYPES.kmsKey, "key", { policy: policyJson(KMS_ROOT_STATEMENT) }),
    ],
    [
      "a KMS key policy naming the root by account id",
      resource(TYPES.kmsKeyPolicy, "key-policy", {
        policy: policyJson({ ...KMS_ROOT_STATEMENT, Principal: { AWS: [ACCOUNT] } }),
      }),
    ],
    ["a topic without a policy", resource(TYPES.topic, "plain-topic", { name: "plain-topic" })],
  ])("passes %s", async (_, target) => {
    expect(await messagesFor(target)).toEqual([]);
  });

  test.each<[string, ResourceUnderTest, string[]]>([
    [
      'fails when a role policy allows "*"',
      resource(TYPES.rolePolicy, "admin", {
        policy: policyJson({ Effect: "Allow", Action: "*", Resource: "*" }),
      }),
      [`\`policy\` Statement[0] allows "*"; ${EXACT}`],
    ],
    [
      "fails when a managed policy, given as an object, holds service and prefix wildcards",
      resource(TYPES.policy, "broad", {
        policy: {
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "Logs",
              Effect: "Allow",
              Action: ["s3:GetObject", "logs:Put*", "s3:*"],
              Resource: tableArn,
            },
          ],
        },
      }),
      [`\`policy\` Statement[0] (Sid "Logs") allows "logs:Put*", "s3:*"; ${EXACT}`],
    ],
    [
      "fails when a role's inline policy uses NotAction",
      resource(TYPES.role, "inline", {
        inlinePolicies: [
          {
            name: "fine",
            policy: policyJson({ Effect: "Allow", Action: "sns:Publish", Resource: topicArn }),
          },
          {
            name: "not-action",
            policy: policyJson({ Effect: "Allow", NotAction: ["iam:*"], Resource: "*" }),
          },
        ],
      }),
      [
        '`inlinePolicies[1].policy` Statement[0] uses NotAction ["iam:*"], which allows every other action; allowed: Action with actions named exactly.',
      ],
    ],
    [
      "fails when a trust policy allows every STS action",
      resource(TYPES.role, "trust-all", {
        assumeRolePolicy: policyJson({
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:*",
        }),
      }),
      [`\`assumeRolePolicy\` Statement[0] allows "sts:*"; ${EXACT}`],
    ],
    [
      "fails when a topic policy allows every SNS action",
      resource(TYPES.topicPolicy, "topic-policy", {
        policy: policyJson({
          Effect: "Allow",
          Principal: { AWS: roleArn },
          Action: "sns:*",
          Resource: topicArn,
        }),
      }),
      [`\`policy\` Statement[0] allows "sns:*"; ${EXACT}`],
    ],
    [
      "fails when a queue's own policy allows every SQS action",
      resource(TYPES.queue, "failures", {
        policy: policyJson({
          Effect: "Allow",
          Principal: { AWS: roleArn },
          Action: ["sqs:*"],
          Resource: queueArn,
        }),
      }),
      [`\`policy\` Statement[0] allows "sqs:*"; ${EXACT}`],
    ],
    [
      "fails when a KMS key policy gives kms:* to a role besides the root statement",
      resource(TYPES.kmsKey, "key", {
        policy: policyJson(KMS_ROOT_STATEMENT, {
          Sid: "Worker",
          Effect: "Allow",
          Principal: { AWS: roleArn },
          Action: "kms:*",
          Resource: "*",
        }),
      }),
      [`\`policy\` Statement[1] (Sid "Worker") allows "kms:*"; ${EXACT}`],
    ],
    [
      "fails when the account-root statement appears outside a KMS key policy",
      resource(TYPES.topicPolicy, "topic-policy", { policy: policyJson(KMS_ROOT_STATEMENT) }),
      [`\`policy\` Statement[0] (Sid "Enable IAM User Permissions") allows "kms:*"; ${EXACT}`],
    ],
    [
      "fails when a policy is not JSON",
      resource(TYPES.rolePolicy, "garbled", { policy: "not json" }),
      [
        '`policy` is not JSON: received "not json"; allowed: a policy document (a JSON string or an object) whose Statement is a statement object or a list of them.',
      ],
    ],
    [
      "fails when a policy has no Statement",
      resource(TYPES.rolePolicy, "empty", { policy: { Version: "2012-10-17" } }),
      [
        '`policy` has no usable Statement: received {"Version":"2012-10-17"}; allowed: a policy document (a JSON string or an object) whose Statement is a statement object or a list of them.',
      ],
    ],
  ])("%s", async (_, target, expected) => {
    expect(await messagesFor(target)).toEqual(expected);
  });

  test("does not apply to a resource type that holds no policy document", async () => {
    expect(await runResourcePolicy(noIamActionWildcards, resource(TYPES.logGroup, "logs", {}))).toEqual({
      violations: [],
      notApplicable: ["The resource type holds no IAM policy document."],
    });
  });

  test("reports against the resource it validates", async () => {
    const target = resource(TYPES.rolePolicy, "admin", {
      policy: policyJson({ Effect: "Allow", Action: "*", Resource: "*" }),
    });
    const run = await runResourcePolicy(noIamActionWildcards, target, { stack: "dev" });
    expect(run.violations.map((violation) => [violation.policy, violation.urn])).toEqual([
      ["no-iam-action-wildcards", "urn:pulumi:dev::order-workflow::aws:iam/rolePolicy:RolePolicy::admin"],
    ]);
  });
});
