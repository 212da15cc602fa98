import type { CapturedResource } from "../../local/capture/pulumi-mocks";
import type { Synthesis } from "../../local/capture/synth";
import {
  ACCOUNT,
  ofType,
  parseJson,
  prefix,
  PROD_KEY_ARN,
  REGION,
  single,
  type StackName,
  STACKS,
  synthesizeStacks,
  synthOf,
  tagsOf,
  TYPES,
} from "./helpers";

let synths: ReadonlyMap<StackName, Synthesis> | undefined;

beforeAll(async () => {
  synths = await synthesizeStacks();
});

const resourcesOf = (stack: StackName): readonly CapturedResource[] => synthOf(synths, stack).resources;

/** Where each resource names its key, as `[type, logical name, read the key from the inputs]`. */
type KeyInput = readonly [string, string, (inputs: Readonly<Record<string, unknown>>) => unknown];

function keyInputs(stack: StackName): KeyInput[] {
  const name = prefix(stack);
  const field =
    (...path: string[]) =>
    (inputs: Readonly<Record<string, unknown>>): unknown =>
      path.reduce<unknown>(
        (value, key) =>
          typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined,
        inputs,
      );
  return [
    [TYPES.table, `${name}-orders`, field("serverSideEncryption", "kmsKeyArn")],
    [TYPES.table, `${name}-idempotency`, field("serverSideEncryption", "kmsKeyArn")],
    [TYPES.topic, `${name}-order-events`, field("kmsMasterKeyId")],
    [TYPES.queue, `${name}-failures`, field("kmsMasterKeyId")],
    [TYPES.logGroup, `${name}-validate-order-logs`, field("kmsKeyId")],
    [TYPES.logGroup, `${name}-authorize-payment-logs`, field("kmsKeyId")],
    [TYPES.logGroup, `${name}-state-machine-logs`, field("kmsKeyId")],
    [TYPES.stateMachine, `${name}-state-machine`, field("encryptionConfiguration")],
    ...(stack === "prod" ? [[TYPES.topic, `${name}-alarms-ops`, field("kmsMasterKeyId")] as const] : []),
  ];
}

/** The key each resource names: prod's own key everywhere; dev the AWS-managed and AWS-owned keys. */
const EXPECTED_KEYS: Record<StackName, readonly unknown[]> = {
  dev: [
    undefined, // DynamoDB's default, the AWS-owned key: serverSideEncryption { enabled: true } names none.
    undefined, // The idempotency table: the same.
    "alias/aws/sns",
    "alias/aws/sqs",
    undefined,
    undefined,
    undefined,
    { type: "AWS_OWNED_KEY" },
  ],
  prod: [
    PROD_KEY_ARN,
    PROD_KEY_ARN,
    PROD_KEY_ARN,
    PROD_KEY_ARN,
    PROD_KEY_ARN,
    PROD_KEY_ARN,
    PROD_KEY_ARN,
    { type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyId: PROD_KEY_ARN, kmsDataKeyReusePeriodSeconds: 900 },
    PROD_KEY_ARN,
  ],
};

describe.each(STACKS)("stack %s: keys at rest", (stack) => {
  test("each encrypted resource names exactly the stack's key", () => {
    const resources = resourcesOf(stack);
    const named = keyInputs(stack).map(([type, name, read]) => [
      name,
      read(single(resources, type, name).inputs),
    ]);
    expect(named).toEqual(keyInputs(stack).map(([, name], index) => [name, EXPECTED_KEYS[stack][index]]));
  });

  test.each(["orders", "idempotency"])("the %s table is encrypted server-side", (table) => {
    const resource = single(resourcesOf(stack), TYPES.table, `${prefix(stack)}-${table}`);
    expect(resource.inputs.serverSideEncryption).toEqual(
      stack === "prod" ? { enabled: true, kmsKeyArn: PROD_KEY_ARN } : { enabled: true },
    );
  });
});

describe("prod's customer-managed key", () => {
  const name = prefix("prod");
  const key = () => single(resourcesOf("prod"), TYPES.kmsKey, `${name}-key`);

  test("is rotated, deleted only after 30 days, tagged, and is the ARN every resource names", () => {
    const { policy, ...rest } = key().inputs;
    expect(rest).toEqual({
      description: `Encrypts an order workflow's table, topics, queue, state machine and logs (alias/${name}-key)`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      tags: tagsOf("prod"),
    });
    expect(typeof policy).toBe("string");
    expect(key().state.arn).toBe(PROD_KEY_ARN);
  });

  test("has exactly the key policy: the account's IAM, CloudWatch Logs, log delivery, alarms and EventBridge's two rules", () => {
    expect(parseJson(key().inputs.policy, "key policy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "EnableIamPolicies",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: "kms:*",
          Resource: "*",
        },
        {
          Sid: "CloudWatchLogsForWorkflowLogGroups",
          Effect: "Allow",
          Principal: { Service: `logs.${REGION}.amazonaws.com` },
          Action: [
            "kms:Decrypt",
            "kms:Encrypt",
            "kms:GenerateDataKey",
            "kms:GenerateDataKeyWithoutPlaintext",
            "kms:ReEncryptFrom",
            "kms:ReEncryptTo",
          ],
          Resource: "*",
          Condition: {
            ArnLike: {
              "kms:EncryptionContext:aws:logs:arn": [
                `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/${name}-*`,
                `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/vendedlogs/states/${name}-*`,
              ],
            },
          },
        },
        {
          Sid: "CloudWatchLogsDescribeKey",
          Effect: "Allow",
          Principal: { Service: `logs.${REGION}.amazonaws.com` },
          Action: "kms:DescribeKey",
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        },
        {
          Sid: "LogDeliveryForEncryptedStateMachine",
          Effect: "Allow",
          Principal: { Service: "delivery.logs.amazonaws.com" },
          Action: "kms:Decrypt",
          Resource: "*",
        },
        {
          Sid: "CloudWatchAlarms",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        },
        {
          Sid: "EventBridgeDeadLetters",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: "*",
          Condition: {
            ArnEquals: { "aws:SourceArn": [`arn:aws:events:${REGION}:${ACCOUNT}:rule/${name}-trigger-rule`] },
          },
        },
        {
          Sid: "EventBridgeQueueTargets",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: "*",
          Condition: {
            ArnEquals: {
              "aws:SourceArn": [`arn:aws:events:${REGION}:${ACCOUNT}:rule/${name}-failed-executions-rule`],
            },
          },
        },
      ],
    });
  });

  test("lets CloudWatch Logs encrypt each of the three log groups, by their ARNs", () => {
    const policy = parseJson(key().inputs.policy, "key policy") as {
      Statement: { Sid: string; Condition?: { ArnLike?: Record<string, string[]> } }[];
    };
    const patterns =
      policy.Statement.find((statement) => statement.Sid === "CloudWatchLogsForWorkflowLogGroups")?.Condition
        ?.ArnLike?.["kms:EncryptionContext:aws:logs:arn"] ?? [];
    // ArnLike: `*` matches any run of characters, everything else itself.
    const matchers = patterns.map(
      (pattern) =>
        new RegExp(
          `^${pattern
            .split("*")
            .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))
            .join(".*")}$`,
        ),
    );
    const covered = ofType(resourcesOf("prod"), TYPES.logGroup).map((logGroup) => [
      logGroup.name,
      matchers.some((matcher) => matcher.test(String(logGroup.state.arn))),
    ]);
    expect(covered).toEqual([
      [`${name}-validate-order-logs`, true],
      [`${name}-authorize-payment-logs`, true],
      [`${name}-state-machine-logs`, true],
    ]);
  });

  test("has the alias alias/<name>-key, on the key's id", () => {
    const alias = single(resourcesOf("prod"), TYPES.kmsAlias, `${name}-key-alias`);
    expect(alias.inputs).toEqual({ name: `alias/${name}-key`, targetKeyId: key().state.keyId });
    expect(alias.inputs.targetKeyId).toBe(`${name}-key-key-id`);
  });

  test("is named by exactly the resources that encrypt with it, the execution role's and the operator's policies", () => {
    const users = resourcesOf("prod")
      .filter((resource) => JSON.stringify(resource.inputs).includes(PROD_KEY_ARN))
      .map((resource) => `${resource.type} ${resource.name}`)
      .sort();
    expect(users).toEqual(
      [
        `${TYPES.table} ${name}-orders`,
        `${TYPES.table} ${name}-idempotency`,
        `${TYPES.topic} ${name}-order-events`,
        `${TYPES.topic} ${name}-alarms-ops`,
        `${TYPES.queue} ${name}-failures`,
        `${TYPES.logGroup} ${name}-validate-order-logs`,
        `${TYPES.logGroup} ${name}-authorize-payment-logs`,
        `${TYPES.logGroup} ${name}-state-machine-logs`,
        `${TYPES.stateMachine} ${name}-state-machine`,
        `${TYPES.rolePolicy} ${name}-state-machine-policy`,
        `${TYPES.policy} ${name}-operator`,
      ].sort(),
    );
  });
});

describe("dev's AWS-managed keys", () => {
  test("creates no KMS key or alias, and no resource names a customer-managed key", () => {
    const resources = resourcesOf("dev");
    expect([...ofType(resources, TYPES.kmsKey), ...ofType(resources, TYPES.kmsAlias)]).toEqual([]);
    expect(ofType(resources, TYPES.workflowKey)).toEqual([]);
    expect(resources.filter((resource) => JSON.stringify(resource.inputs).includes("arn:aws:kms:"))).toEqual(
      [],
    );
  });
});
