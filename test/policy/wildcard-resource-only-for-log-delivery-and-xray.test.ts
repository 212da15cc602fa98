import { deriveExecutionPolicy } from "../../components/asl";
import { WILDCARD_RESOURCE_ACTIONS } from "../../policy/lib/wildcard-resource-actions";
import { wildcardResourceOnlyForLogDeliveryAndXray } from "../../policy/rules";
import { type ResourceUnderTest, runResourcePolicy } from "./policy-harness";
import { ACCOUNT, KMS_ROOT_STATEMENT, policyJson, resource, TYPES } from "./resources";

const ALLOWED_ON_WILDCARD =
  'allowed on "*": only CloudWatch Logs delivery and X-Ray actions (logs:CreateLogDelivery, logs:GetLogDelivery, logs:UpdateLogDelivery, logs:DeleteLogDelivery, logs:ListLogDeliveries, logs:PutResourcePolicy, logs:DescribeResourcePolicies, logs:DescribeLogGroups, xray:PutTraceSegments, xray:PutTelemetryRecords, xray:GetSamplingRules, xray:GetSamplingTargets).';
const tableArn = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;
const topicArn = `arn:aws:sns:us-east-1:${ACCOUNT}:order-events`;
const roleArn = `arn:aws:iam::${ACCOUNT}:role/worker`;

/** What the state machine component grants on "*" when it logs and traces; a workflow with no Task grants nothing else. */
const componentPolicy = deriveExecutionPolicy(
  { StartAt: "Done", States: { Done: { Type: "Succeed" } } },
  { resourceArns: {}, logging: true, tracing: true },
);

async function messagesFor(target: ResourceUnderTest): Promise<string[]> {
  const run = await runResourcePolicy(wildcardResourceOnlyForLogDeliveryAndXray, target);
  return run.violations.map((violation) => violation.message);
}

describe("wildcard-resource-only-for-log-delivery-and-xray", () => {
  test("allows on * exactly what the state machine component grants there", () => {
    const grantedOnWildcard = componentPolicy.Statement.filter(
      (statement) => statement.Resource === "*",
    ).flatMap((statement) => statement.Action);
    expect([...grantedOnWildcard].sort()).toEqual([...WILDCARD_RESOURCE_ACTIONS].sort());
  });

  test.each<[string, ResourceUnderTest]>([
    [
      "the state machine component's log delivery and X-Ray statements",
      resource(TYPES.rolePolicy, "execution", { policy: JSON.stringify(componentPolicy) }),
    ],
    [
      "log delivery actions in another case, as IAM matches them",
      resource(TYPES.policy, "lowercase", {
        policy: policyJson({ Effect: "Allow", Action: "logs:createlogdelivery", Resource: "*" }),
      }),
    ],
    [
      "exact ARNs",
      resource(TYPES.rolePolicy, "exact", {
        policy: policyJson({ Effect: "Allow", Action: "dynamodb:PutItem", Resource: [tableArn] }),
      }),
    ],
    [
      'a KMS key policy, where "*" means the key itself',
      resource(TYPES.kmsKey, "key", {
        policy: policyJson(KMS_ROOT_STATEMENT, {
          Effect: "Allow",
          Principal: { AWS: roleArn },
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: "*",
        }),
      }),
    ],
    [
      'a Deny on "*"',
      resource(TYPES.rolePolicy, "deny", {
        policy: policyJson({ Effect: "Deny", Action: "dynamodb:DeleteTable", Resource: "*" }),
      }),
    ],
  ])("passes %s", async (_, target) => {
    expect(await messagesFor(target)).toEqual([]);
  });

  test.each<[string, ResourceUnderTest, string[]]>([
    [
      'fails when a role policy allows a data action on "*"',
      resource(TYPES.rolePolicy, "broad", {
        policy: policyJson({
          Sid: "Write",
          Effect: "Allow",
          Action: ["dynamodb:PutItem", "logs:CreateLogDelivery"],
          Resource: "*",
        }),
      }),
      [`\`policy\` Statement[0] (Sid "Write") allows "dynamodb:PutItem" on "*"; ${ALLOWED_ON_WILDCARD}`],
    ],
    [
      'fails when "*" is one of several resources',
      resource(TYPES.role, "inline", {
        inlinePolicies: [
          {
            name: "publish",
            policy: policyJson({ Effect: "Allow", Action: "sns:Publish", Resource: [topicArn, "*"] }),
          },
        ],
      }),
      [`\`inlinePolicies[0].policy\` Statement[0] allows "sns:Publish" on "*"; ${ALLOWED_ON_WILDCARD}`],
    ],
    [
      'fails when a topic policy grants on "*"',
      resource(TYPES.topicPolicy, "topic-policy", {
        policy: policyJson({
          Effect: "Allow",
          Principal: { AWS: roleArn },
          Action: "sns:Publish",
          Resource: "*",
        }),
      }),
      [`\`policy\` Statement[0] allows "sns:Publish" on "*"; ${ALLOWED_ON_WILDCARD}`],
    ],
    [
      "fails when a statement uses NotResource",
      resource(TYPES.policy, "not-resource", {
        policy: policyJson({ Effect: "Allow", Action: "dynamodb:GetItem", NotResource: tableArn }),
      }),
      [
        `\`policy\` Statement[0] uses NotResource "${tableArn}", which grants on every other resource; allowed: Resource with exact ARNs.`,
      ],
    ],
  ])("%s", async (_, target, expected) => {
    expect(await messagesFor(target)).toEqual(expected);
  });

  test("leaves a document that is not JSON to no-iam-action-wildcards", async () => {
    expect(await messagesFor(resource(TYPES.rolePolicy, "garbled", { policy: "{" }))).toEqual([]);
  });

  test("does not apply to a resource type that holds no policy document", async () => {
    const run = await runResourcePolicy(
      wildcardResourceOnlyForLogDeliveryAndXray,
      resource(TYPES.table, "t", {}),
    );
    expect(run).toEqual({
      violations: [],
      notApplicable: ["The resource type holds no IAM policy document."],
    });
  });
});
