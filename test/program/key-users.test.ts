import * as pulumi from "@pulumi/pulumi";
import { OrderWorkflow, type OrderWorkflowArgs } from "../../components/order-workflow";
import { WorkflowKey } from "../../components/workflow-key";
import { type CapturedResource, MOCK_ACCOUNT_ID, RecordingMocks } from "../../local/capture/pulumi-mocks";
import { settle, type Synthesis } from "../../local/capture/synth";
import {
  ACCOUNT,
  arnsOf,
  ofType,
  parseJson,
  prefix,
  PROD_KEY_ARN,
  REGION,
  type StackName,
  synthesizeStacks,
  synthOf,
  TYPES,
} from "./helpers";
import {
  allowing,
  conditionKeysOf,
  KEY_HOLDERS,
  keyHolders,
  type KeyUse,
  keyUsers,
  servicesOf,
  type Statement,
} from "./key-users";
import { thrownBy } from "./thrown";

const ENV = { region: REGION, accountId: ACCOUNT };

/** The stack's one customer-managed key's ARN, or undefined when it has none. */
function keyArnOf(resources: readonly CapturedResource[]): string | undefined {
  const keys = ofType(resources, TYPES.kmsKey);
  if (keys.length > 1) throw new Error(`Expected at most one KMS key; found ${keys.length}.`);
  const arn = keys[0]?.state.arn;
  return typeof arn === "string" ? arn : undefined;
}

function keyStatements(resources: readonly CapturedResource[]): Statement[] {
  const [key] = ofType(resources, TYPES.kmsKey);
  if (key === undefined) throw new Error("No KMS key.");
  return (parseJson(key.inputs.policy, "key policy") as { Statement: Statement[] }).Statement;
}

const OTHER_ACCOUNT = "210987654321";
/** An ARN's `arn:<partition>:<service>:<region>:<account>:<resource type>` and `:` or `/` before its name. */
const ARN_RESOURCE = /^(arn:[^:]+:[^:]+:[^:]*:\d*:[a-z-]+[:/]).+$/;

/** The same request from the same service, but for another account, and for another resource of this one. */
function elsewhere(context: Readonly<Record<string, string>>): Record<string, string>[] {
  const anotherAccount = Object.fromEntries(
    Object.entries(context).map(([key, value]) => [key, value.replace(ACCOUNT, OTHER_ACCOUNT)]),
  );
  const anotherResource = Object.fromEntries(
    Object.entries(context).map(([key, value]) => [key, value.replace(ARN_RESOURCE, "$1other-resource")]),
  );
  return JSON.stringify(anotherResource) === JSON.stringify(context)
    ? [anotherAccount]
    : [anotherAccount, anotherResource];
}

/**
 * What is wrong between the key policy and the key's users, one line each: a use no statement allows, or more
 * than one; a statement conditioned on other keys than AWS documents; a use still allowed for another resource;
 * a service statement, or one of its actions, that no use needs.
 */
function keyPolicyProblems(statements: readonly Statement[], users: readonly KeyUse[]): string[] {
  const problems: string[] = [];
  for (const use of users) {
    for (const action of use.actions) {
      const found = allowing(statements, use.principal, action, use.context);
      const what = `${use.principal} ${action} (${use.purpose})`;
      if (found.length !== 1) {
        problems.push(`${what}: allowed by ${found.length} statements, expected 1`);
        continue;
      }
      const [statement] = found;
      const keys = statement === undefined ? [] : conditionKeysOf(statement);
      if (JSON.stringify(keys) !== JSON.stringify([...use.conditionKeys].sort())) {
        problems.push(
          `${what}: conditioned on [${keys.join(", ")}], AWS documents [${use.conditionKeys.join(", ")}]`,
        );
      }
      if (
        use.conditionKeys.length > 0 &&
        elsewhere(use.context).some((other) => allowing(statements, use.principal, action, other).length > 0)
      ) {
        problems.push(`${what}: also allowed for another resource or account`);
      }
    }
  }
  for (const statement of statements.filter((candidate) => servicesOf(candidate).length > 0)) {
    for (const principal of servicesOf(statement)) {
      const actions = typeof statement.Action === "string" ? [statement.Action] : statement.Action;
      for (const action of actions) {
        const needed = users.some(
          (use) =>
            use.principal === principal &&
            use.actions.includes(action) &&
            allowing([statement], principal, action, use.context).length === 1,
        );
        if (!needed) {
          problems.push(
            `statement ${String(statement.Sid)} allows ${principal} ${action}, which no use needs`,
          );
        }
      }
    }
  }
  return problems;
}

let synths: ReadonlyMap<StackName, Synthesis> | undefined;

beforeAll(async () => {
  synths = await synthesizeStacks();
});

const resourcesOf = (stack: StackName): readonly CapturedResource[] => synthOf(synths, stack).resources;

describe("stack dev: who uses the key", () => {
  test("has no customer-managed key, so no service uses one", () => {
    const resources = resourcesOf("dev");
    expect(keyArnOf(resources)).toBeUndefined();
    expect(keyUsers(resources, keyArnOf(resources), ENV)).toEqual([]);
  });
});

describe("stack prod: who uses the key", () => {
  const name = prefix("prod");
  const arns = arnsOf("prod");
  const logGroupArn = (group: string) => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${group}`;
  const logsUse = (group: string): KeyUse => ({
    principal: `logs.${REGION}.amazonaws.com`,
    actions: [
      "kms:Decrypt",
      "kms:Encrypt",
      "kms:GenerateDataKey",
      "kms:GenerateDataKeyWithoutPlaintext",
      "kms:ReEncryptFrom",
      "kms:ReEncryptTo",
    ],
    purpose: `CloudWatch Logs encrypts and reads log group ${group}`,
    context: { "kms:EncryptionContext:aws:logs:arn": logGroupArn(group) },
    conditionKeys: ["kms:EncryptionContext:aws:logs:arn"],
    source: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
  });

  test("is the list of services, purposes and sources the created resources imply", () => {
    const resources = resourcesOf("prod");
    expect(keyArnOf(resources)).toBe(PROD_KEY_ARN);
    expect(keyUsers(resources, PROD_KEY_ARN, ENV)).toEqual([
      logsUse(`/aws/lambda/${name}-validate-order`),
      logsUse(`/aws/lambda/${name}-authorize-payment`),
      logsUse(`/aws/vendedlogs/states/${name}-state-machine`),
      {
        principal: `logs.${REGION}.amazonaws.com`,
        actions: ["kms:DescribeKey"],
        purpose: "CloudWatch Logs describes the key of its encrypted log groups",
        context: { "aws:SourceAccount": ACCOUNT },
        conditionKeys: ["aws:SourceAccount"],
        source:
          "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html; https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html (DescribeKey: no kms:EncryptionContext key)",
      },
      {
        principal: "delivery.logs.amazonaws.com",
        actions: ["kms:Decrypt"],
        purpose: `Log delivery writes the execution logs of encrypted state machine ${name}-state-machine`,
        context: {},
        conditionKeys: [],
        source:
          "https://docs.aws.amazon.com/step-functions/latest/dg/encryption-at-rest.html; aws-cdk packages/aws-cdk-lib/aws-stepfunctions/lib/state-machine.ts",
      },
      {
        principal: "cloudwatch.amazonaws.com",
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        purpose: `CloudWatch alarms publish to encrypted topic ${name}-alarms-ops`,
        context: { "aws:SourceAccount": ACCOUNT },
        conditionKeys: ["aws:SourceAccount"],
        source:
          "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services",
      },
      {
        principal: "events.amazonaws.com",
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        purpose: `Rule ${name}-trigger-rule dead-letters undeliverable events to encrypted queue ${name}-failures`,
        context: { "aws:SourceArn": arns.rule, "aws:SourceAccount": ACCOUNT },
        conditionKeys: ["aws:SourceArn"],
        source:
          "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html; https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html",
      },
      {
        principal: "events.amazonaws.com",
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        purpose: `Rule ${name}-failed-executions-rule sends its events to encrypted queue ${name}-failures`,
        context: {
          "aws:SourceArn": `arn:aws:events:${REGION}:${ACCOUNT}:rule/${name}-failed-executions-rule`,
          "aws:SourceAccount": ACCOUNT,
        },
        conditionKeys: ["aws:SourceArn"],
        source:
          "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html#compatibility-with-aws-services",
      },
    ]);
  });

  test("names the key only in resources whose use of it the derivation knows", () => {
    const unknown = keyHolders(resourcesOf("prod"), PROD_KEY_ARN).filter(
      (holder) => KEY_HOLDERS[holder.split(" ")[0] ?? ""] === undefined,
    );
    expect(unknown).toEqual([]);
  });

  test("has a key-policy statement for each use, with the conditions AWS documents, and none for anything else", () => {
    const resources = resourcesOf("prod");
    expect(keyPolicyProblems(keyStatements(resources), keyUsers(resources, PROD_KEY_ARN, ENV))).toEqual([]);
  });
});

describe("a customer-managed workflow's key policy follows what the workflow creates", () => {
  const ORDER_PLACED = { source: ["com.example.orders"], "detail-type": ["OrderPlaced"] };

  async function synthesizeWorkflow(args: OrderWorkflowArgs): Promise<readonly CapturedResource[]> {
    const mocks = new RecordingMocks({ accountId: MOCK_ACCOUNT_ID, region: REGION });
    await pulumi.runtime.setMocks(mocks, "order-workflow", "test", false);
    try {
      const workflow = new OrderWorkflow("wf", args);
      await settle(pulumi.all([workflow.stateMachineArn, workflow.operatorPolicyArn]));
    } finally {
      await pulumi.runtime.disconnect();
    }
    return [...mocks.resources];
  }

  test.each<[string, OrderWorkflowArgs, string[]]>([
    [
      "EXPRESS, no alarms, no trigger: CloudWatch Logs and log delivery only (no failed-execution capture)",
      { kmsKey: "customer-managed", workflowType: "EXPRESS", logLevel: "ERROR" },
      [`logs.${REGION}.amazonaws.com`, "delivery.logs.amazonaws.com"],
    ],
    [
      "STANDARD, logging OFF, no alarms, no trigger: CloudWatch Logs, and EventBridge for the failed-execution capture",
      { kmsKey: "customer-managed", logLevel: "OFF" },
      [`logs.${REGION}.amazonaws.com`, "events.amazonaws.com"],
    ],
    [
      "logging, a trigger, no alarms: CloudWatch Logs, log delivery and EventBridge",
      { kmsKey: "customer-managed", eventPattern: ORDER_PLACED },
      [`logs.${REGION}.amazonaws.com`, "delivery.logs.amazonaws.com", "events.amazonaws.com"],
    ],
    [
      "logging and alarms, no trigger: CloudWatch Logs, log delivery, CloudWatch and EventBridge",
      {
        kmsKey: "customer-managed",
        alarmsEnabled: true,
        alarmSubscriptions: [{ protocol: "email", endpoint: "oncall@example.com" }],
      },
      [
        `logs.${REGION}.amazonaws.com`,
        "delivery.logs.amazonaws.com",
        "cloudwatch.amazonaws.com",
        "events.amazonaws.com",
      ],
    ],
  ])("%s", async (_case, args, principals) => {
    const resources = await synthesizeWorkflow(args);
    const users = keyUsers(resources, keyArnOf(resources), ENV);
    expect([...new Set(users.map((use) => use.principal))]).toEqual(principals);
    expect(keyPolicyProblems(keyStatements(resources), users)).toEqual([]);
  });
});

describe("WorkflowKey", () => {
  let mocks: RecordingMocks;

  beforeEach(async () => {
    mocks = new RecordingMocks({ accountId: MOCK_ACCOUNT_ID, region: REGION });
    await pulumi.runtime.setMocks(mocks, "order-workflow", "test", false);
  });

  afterEach(async () => {
    await pulumi.runtime.disconnect();
  });

  test("fails when a dead-letter rule is given by ARN instead of by name, before creating the key", async () => {
    const ruleArn = `arn:aws:events:${REGION}:${ACCOUNT}:rule/k-rule`;
    expect(
      thrownBy(
        () => new WorkflowKey("k", { logGroupPatterns: ["/aws/lambda/k-*"], deadLetterRuleNames: [ruleArn] }),
      ),
    ).toEqual({
      type: Error,
      name: "Error",
      message: `\`deadLetterRuleNames[0]\` must be an EventBridge rule name (1 to 64 letters, digits, '.', '-' or '_'), not an ARN. Received: "${ruleArn.slice(0, 40)}…".`,
    });
    await pulumi.runtime.disconnect();
    expect(ofType(mocks.resources, TYPES.kmsKey)).toEqual([]);
  });
});
