import * as pulumi from "@pulumi/pulumi";
import { synthesize, type Synthesis } from "../../local/capture/synth";
import {
  ACCOUNT,
  arnsOf,
  FUNCTIONS,
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

/** What each stack file sets, as the resources must show it. */
const EXPECTED = {
  dev: {
    retentionInDays: 7,
    logLevel: "ALL",
    includeExecutionData: true,
    tracingEnabled: false,
    pointInTimeRecovery: false,
    deletionProtection: false,
  },
  prod: {
    retentionInDays: 90,
    logLevel: "ERROR",
    includeExecutionData: false,
    tracingEnabled: true,
    pointInTimeRecovery: true,
    deletionProtection: true,
  },
} as const satisfies Record<StackName, unknown>;

/** The alarms prod's WorkflowAlarms creates, by the suffix of their names; dev has none. */
const PROD_ALARMS = [
  "executions-failed",
  "executions-timed-out",
  "executions-throttled",
  "executions-aborted",
  "version-executions-failed",
  "version-executions-timed-out",
  "validate-order-errors",
  "validate-order-throttles",
  "authorize-payment-faults",
  "authorize-payment-decline-rate",
  "authorize-payment-throttles",
  "queue-depth",
  "trigger-failed-invocations",
  "trigger-dlq-failures",
  "failure-capture-failed-invocations",
] as const;

/** What both stacks register: the workflow, its functions, state machine and failure queue. */
function commonResources(name: string): string[] {
  return [
    `${TYPES.workflow} ${name}`,
    `${TYPES.bundledFunction} ${name}-validate-order`,
    `${TYPES.bundledFunction} ${name}-authorize-payment`,
    `${TYPES.loggedStateMachine} ${name}-state-machine`,
    `${TYPES.table} ${name}-orders`,
    `${TYPES.table} ${name}-idempotency`,
    `${TYPES.topic} ${name}-order-events`,
    `${TYPES.queue} ${name}-failures`,
    `${TYPES.logGroup} ${name}-validate-order-logs`,
    `${TYPES.role} ${name}-validate-order-role`,
    `${TYPES.rolePolicyAttachment} ${name}-validate-order-basic-execution`,
    `${TYPES.function} ${name}-validate-order`,
    `${TYPES.logGroup} ${name}-authorize-payment-logs`,
    `${TYPES.role} ${name}-authorize-payment-role`,
    `${TYPES.rolePolicyAttachment} ${name}-authorize-payment-basic-execution`,
    `${TYPES.rolePolicy} ${name}-authorize-payment-policy`,
    `${TYPES.function} ${name}-authorize-payment`,
    `${TYPES.logGroup} ${name}-state-machine-logs`,
    `${TYPES.role} ${name}-state-machine-role`,
    `${TYPES.rolePolicy} ${name}-state-machine-policy`,
    `${TYPES.stateMachine} ${name}-state-machine`,
    `${TYPES.policy} ${name}-operator`,
    `${TYPES.liveAlias} ${name}-live-alias`,
    `${TYPES.cfnStack} ${name}-live-alias`,
  ];
}

/**
 * What prod adds: its customer-managed key, and the alarms, the trigger and the failed-execution capture, which
 * need that key.
 */
function prodOnlyResources(name: string): string[] {
  return [
    `${TYPES.workflowKey} ${name}-key`,
    `${TYPES.kmsKey} ${name}-key`,
    `${TYPES.kmsAlias} ${name}-key-alias`,
    `${TYPES.workflowAlarms} ${name}-alarms`,
    `${TYPES.topic} ${name}-alarms-ops`,
    `${TYPES.topicPolicy} ${name}-alarms-ops-policy`,
    `${TYPES.topicSubscription} ${name}-alarms-ops-email-nihgmggl`,
    `${TYPES.logMetricFilter} ${name}-alarms-authorize-payment-failures`,
    `${TYPES.logMetricFilter} ${name}-alarms-authorize-payment-declines`,
    ...PROD_ALARMS.map((alarm) => `${TYPES.metricAlarm} ${name}-alarms-${alarm}`),
    `${TYPES.eventTrigger} ${name}-trigger`,
    `${TYPES.eventRule} ${name}-trigger-rule`,
    `${TYPES.role} ${name}-trigger-role`,
    `${TYPES.rolePolicy} ${name}-trigger-start-execution`,
    `${TYPES.eventTarget} ${name}-trigger-target`,
    `order-workflow:events:ExecutionFailureCapture ${name}-failed-executions`,
    `${TYPES.eventRule} ${name}-failed-executions-rule`,
    `${TYPES.eventTarget} ${name}-failed-executions-target`,
    `${TYPES.queuePolicy} ${name}-failures-policy`,
  ];
}

let synths: ReadonlyMap<StackName, Synthesis> | undefined;

// Both stacks in one file: each synthesis uses its own mocks, and the exact resource list below would show
// any resource of one stack leaking into the other.
beforeAll(async () => {
  // Fresh, not cached: these checks read Pulumi's own asset classes.
  synths = await synthesizeStacks(synthesize);
});

const synth = (stack: StackName) => synthOf(synths, stack);

const functionArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const logGroupArn = (name: string) => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}`;

const stackFunctions = STACKS.flatMap((stack) => FUNCTIONS.map((fn) => [stack, fn] as const));

describe.each(STACKS)("stack %s", (stack) => {
  const name = prefix(stack);
  /** prod encrypts with its customer-managed key; dev leaves each service to its AWS-managed or AWS-owned key. */
  const keyArn = stack === "prod" ? PROD_KEY_ARN : undefined;

  test("registers exactly the workflow's resources, each once", () => {
    const registered = synth(stack)
      .resources.map((resource) => `${resource.type} ${resource.name}`)
      .sort();
    expect(registered).toEqual(
      [...commonResources(name), ...(stack === "prod" ? prodOnlyResources(name) : [])].sort(),
    );
  });

  test("tags every taggable AWS resource with exactly Application, Environment and Owner", () => {
    const untaggable: readonly string[] = [
      TYPES.rolePolicy,
      TYPES.rolePolicyAttachment,
      TYPES.queuePolicy,
      TYPES.topicPolicy,
      TYPES.kmsAlias,
      TYPES.eventTarget,
      TYPES.topicSubscription,
      TYPES.logMetricFilter,
    ];
    const taggable = synth(stack).resources.filter(
      (resource) => resource.type.startsWith("aws:") && !untaggable.includes(resource.type),
    );
    // Both: 2 tables, 1 topic, 1 queue, 3 log groups, 3 roles, 2 functions, 1 state machine, 1 operator policy.
    // prod also: 1 key, 1 ops topic, 13 alarms, 1 trigger role, 2 rules.
    expect(taggable).toHaveLength(stack === "prod" ? 35 : 15);
    for (const resource of taggable) {
      expect({ resource: resource.name, tags: resource.inputs.tags }).toEqual({
        resource: resource.name,
        tags: tagsOf(stack),
      });
    }
  });

  test("sets no tags on policies, attachments, aliases, targets, subscriptions and metric filters, which take none", () => {
    const untaggedTypes: readonly string[] = [
      TYPES.rolePolicy,
      TYPES.rolePolicyAttachment,
      TYPES.queuePolicy,
      TYPES.topicPolicy,
      TYPES.kmsAlias,
      TYPES.eventTarget,
      TYPES.topicSubscription,
      TYPES.logMetricFilter,
    ];
    const untagged = synth(stack).resources.filter((resource) => untaggedTypes.includes(resource.type));
    expect(untagged.map((resource) => resource.name).sort()).toEqual(
      [
        `${name}-state-machine-policy`,
        `${name}-validate-order-basic-execution`,
        `${name}-authorize-payment-basic-execution`,
        `${name}-authorize-payment-policy`,
        ...(stack === "prod"
          ? [
              `${name}-alarms-ops-policy`,
              `${name}-key-alias`,
              `${name}-trigger-start-execution`,
              `${name}-failures-policy`,
              `${name}-trigger-target`,
              `${name}-failed-executions-target`,
              `${name}-alarms-ops-email-nihgmggl`,
              `${name}-alarms-authorize-payment-failures`,
              `${name}-alarms-authorize-payment-declines`,
            ]
          : []),
      ].sort(),
    );
    for (const resource of untagged) expect(Object.keys(resource.inputs)).not.toContain("tags");
  });

  test("names every resource order-workflow-<stack>-<resource> and gives named AWS resources that name", () => {
    const resources = synth(stack).resources;
    for (const resource of resources) expect(resource.name).toMatch(new RegExp(`^${name}(-[a-z]+)*$`));
    const namedTypes: readonly string[] = [
      TYPES.table,
      TYPES.topic,
      TYPES.queue,
      TYPES.role,
      TYPES.rolePolicy,
      TYPES.function,
      TYPES.stateMachine,
      TYPES.eventRule,
      TYPES.metricAlarm,
    ];
    const named = resources.filter((resource) => namedTypes.includes(resource.type));
    // Both: 2 tables, 1 topic, 1 queue, 3 roles, 2 role policies, 2 functions, 1 state machine.
    // prod also: 1 ops topic, 15 alarms, 1 trigger role, 1 trigger role policy, 2 rules.
    expect(named).toHaveLength(stack === "prod" ? 32 : 12);
    for (const resource of named) {
      expect({ logical: resource.name, physical: resource.inputs.name }).toEqual({
        logical: resource.name,
        physical: resource.name,
      });
    }
  });

  test("creates the Orders table on-demand, encrypted, keyed by orderId, with the stack's protection", () => {
    const table = single(synth(stack).resources, TYPES.table, `${name}-orders`);
    expect(table.inputs).toEqual({
      name: `${name}-orders`,
      billingMode: "PAY_PER_REQUEST",
      hashKey: "orderId",
      attributes: [{ name: "orderId", type: "S" }],
      serverSideEncryption: keyArn === undefined ? { enabled: true } : { enabled: true, kmsKeyArn: keyArn },
      pointInTimeRecovery: { enabled: EXPECTED[stack].pointInTimeRecovery },
      deletionProtectionEnabled: EXPECTED[stack].deletionProtection,
      tags: tagsOf(stack),
    });
  });

  test("creates the idempotency table on-demand, keyed by id, with TTL on expiration, encrypted and protected as the Orders table", () => {
    const table = single(synth(stack).resources, TYPES.table, `${name}-idempotency`);
    expect(table.inputs).toEqual({
      name: `${name}-idempotency`,
      billingMode: "PAY_PER_REQUEST",
      hashKey: "id",
      attributes: [{ name: "id", type: "S" }],
      ttl: { attributeName: "expiration", enabled: true },
      serverSideEncryption: keyArn === undefined ? { enabled: true } : { enabled: true, kmsKeyArn: keyArn },
      pointInTimeRecovery: { enabled: EXPECTED[stack].pointInTimeRecovery },
      deletionProtectionEnabled: EXPECTED[stack].deletionProtection,
      tags: tagsOf(stack),
    });
  });

  test("grants the authorize function's role exactly Powertools Idempotency's four actions on that table", () => {
    const resources = synth(stack).resources;
    const policy = single(resources, TYPES.rolePolicy, `${name}-authorize-payment-policy`);
    const table = single(resources, TYPES.table, `${name}-idempotency`);
    const role = single(resources, TYPES.role, `${name}-authorize-payment-role`);
    expect(typeof policy.inputs.policy).toBe("string");
    expect({ ...policy.inputs, policy: JSON.parse(String(policy.inputs.policy)) as unknown }).toEqual({
      name: `${name}-authorize-payment-policy`,
      role: `${name}-authorize-payment-role-id`,
      policy: {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "IdempotencyRecords",
            Effect: "Allow",
            Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
            Resource: [`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}-idempotency`],
          },
        ],
      },
    });
    // The ARN and id are the ones the mocks gave the table and the role, not look-alikes.
    expect(table.state.arn).toBe(`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}-idempotency`);
    expect(role.state.id).toBe(`${name}-authorize-payment-role-id`);
  });

  test("creates the order-events topic, encrypted", () => {
    const topic = single(synth(stack).resources, TYPES.topic, `${name}-order-events`);
    expect(topic.inputs).toEqual({
      name: `${name}-order-events`,
      kmsMasterKeyId: keyArn ?? "alias/aws/sns",
      tags: tagsOf(stack),
    });
  });

  test.each([
    [`${name}-validate-order-logs`, `/aws/lambda/${name}-validate-order`],
    [`${name}-authorize-payment-logs`, `/aws/lambda/${name}-authorize-payment`],
    [`${name}-state-machine-logs`, `/aws/vendedlogs/states/${name}-state-machine`],
  ])("creates log group %s named %s with the stack's retention and key", (logical, physical) => {
    const logGroup = single(synth(stack).resources, TYPES.logGroup, logical);
    expect(logGroup.inputs).toEqual({
      name: physical,
      retentionInDays: EXPECTED[stack].retentionInDays,
      ...(keyArn === undefined ? {} : { kmsKeyId: keyArn }),
      tags: tagsOf(stack),
    });
  });

  test("creates a STANDARD state machine with the stack's logging, tracing and encryption, run by its own role, publishing a version with each deploy", () => {
    const resources = synth(stack).resources;
    const stateMachine = single(resources, TYPES.stateMachine, `${name}-state-machine`);
    const { definition, ...rest } = stateMachine.inputs;
    expect(rest).toEqual({
      name: `${name}-state-machine`,
      type: "STANDARD",
      roleArn: roleArn(`${name}-state-machine-role`),
      loggingConfiguration: {
        level: EXPECTED[stack].logLevel,
        includeExecutionData: EXPECTED[stack].includeExecutionData,
        logDestination: `${logGroupArn(`/aws/vendedlogs/states/${name}-state-machine`)}:*`,
      },
      tracingConfiguration: { enabled: EXPECTED[stack].tracingEnabled },
      encryptionConfiguration:
        keyArn === undefined
          ? { type: "AWS_OWNED_KEY" }
          : { type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyId: keyArn, kmsDataKeyReusePeriodSeconds: 900 },
      tags: tagsOf(stack),
      publish: true,
    });
    expect(stateMachine.state.stateMachineVersionArn).toBe(arnsOf(stack).version);
    // The ARNs above are the ones the mocks gave the role and the log group, not look-alikes.
    expect(rest.roleArn).toBe(single(resources, TYPES.role, `${name}-state-machine-role`).state.arn);
    const logGroup = single(resources, TYPES.logGroup, `${name}-state-machine-logs`);
    expect(rest.loggingConfiguration).toEqual(
      expect.objectContaining({ logDestination: `${String(logGroup.state.arn)}:*` }),
    );
    expect(definition).toBe(synth(stack).deployment.definition);
    expect(typeof definition).toBe("string");
  });

  test("exports exactly the eleven stack outputs: the live alias and the published version besides the state machine", () => {
    const arns = arnsOf(stack);
    expect(synth(stack).outputs).toEqual({
      stateMachineArn: arns.stateMachine,
      stateMachineVersionArn: arns.version,
      liveAliasArn: arns.liveAlias,
      stateMachineName: `${name}-state-machine`,
      tableName: `${name}-orders`,
      topicArn: arns.topic,
      logGroupName: `/aws/vendedlogs/states/${name}-state-machine`,
      validateFunctionName: `${name}-validate-order`,
      authorizeFunctionName: `${name}-authorize-payment`,
      failureQueueUrl: arns.queueUrl,
      operatorPolicyArn: `arn:aws:iam::${ACCOUNT}:policy/${name}-operator`,
    });
    // The URL is the one the mocks gave the queue.
    expect(synth(stack).outputs.failureQueueUrl).toBe(
      single(synth(stack).resources, TYPES.queue, `${name}-failures`).state.url,
    );
  });
});

describe("functions", () => {
  const environments: Record<(typeof FUNCTIONS)[number], Record<string, string>> = {
    "validate-order": { NODE_OPTIONS: "--enable-source-maps" },
    "authorize-payment": {
      AUTH_FAILURE_RATE: "0.25",
      AUTH_LATENCY_MS: "200",
      NODE_OPTIONS: "--enable-source-maps",
    },
  };
  const timeouts: Record<(typeof FUNCTIONS)[number], number> = {
    "validate-order": 5,
    "authorize-payment": 10,
  };

  test.each(stackFunctions)(
    "%s: %s runs on nodejs24.x arm64 with its settings and log group",
    (stack, fn) => {
      const functionName = `${prefix(stack)}-${fn}`;
      const resource = single(synth(stack).resources, TYPES.function, functionName);
      const { code, ...rest } = resource.inputs;
      expect(rest).toEqual({
        name: functionName,
        role: roleArn(`${functionName}-role`),
        runtime: "nodejs24.x",
        architectures: ["arm64"],
        handler: "index.handler",
        memorySize: 128,
        timeout: timeouts[fn],
        environment: {
          variables:
            fn === "authorize-payment"
              ? { ...environments[fn], IDEMPOTENCY_TABLE_NAME: `${prefix(stack)}-idempotency` }
              : environments[fn],
        },
        loggingConfig: { logFormat: "JSON", logGroup: `/aws/lambda/${functionName}` },
        tags: tagsOf(stack),
      });
      expect(code).toBeInstanceOf(pulumi.asset.AssetArchive);
      expect(resource.state.arn).toBe(functionArn(functionName));
    },
  );

  test.each(stackFunctions)("%s: %s logs to the log group the program created for it", (stack, fn) => {
    const resources = synth(stack).resources;
    const functionName = `${prefix(stack)}-${fn}`;
    const logGroup = single(resources, TYPES.logGroup, `${functionName}-logs`);
    const resource = single(resources, TYPES.function, functionName);
    expect(resource.inputs.loggingConfig).toEqual({ logFormat: "JSON", logGroup: logGroup.inputs.name });
    expect(resource.inputs.role).toBe(single(resources, TYPES.role, `${functionName}-role`).state.arn);
  });

  /** The files of the archive the function deploys. */
  async function archiveAssets(
    stack: (typeof stackFunctions)[number][0],
    fn: (typeof FUNCTIONS)[number],
  ): Promise<pulumi.asset.AssetMap> {
    const code = single(synth(stack).resources, TYPES.function, `${prefix(stack)}-${fn}`).inputs.code;
    if (!(code instanceof pulumi.asset.AssetArchive)) throw new Error("code is not an AssetArchive");
    return code.assets;
  }

  test.each(stackFunctions)(
    "%s: %s deploys the bundled module and its source map only",
    async (stack, fn) => {
      expect(Object.keys(await archiveAssets(stack, fn)).sort()).toEqual(["index.mjs", "index.mjs.map"]);
    },
  );

  test.each(stackFunctions)(
    "%s: %s's source map names the TypeScript sources and carries none of their text",
    async (stack, fn) => {
      const map = (await archiveAssets(stack, fn))["index.mjs.map"];
      if (!(map instanceof pulumi.asset.StringAsset)) throw new Error("index.mjs.map is not a StringAsset");
      const parsed = JSON.parse(await map.text) as Record<string, unknown>;
      expect(Object.keys(parsed).sort()).toEqual(["mappings", "names", "sources", "version"]);
      expect(parsed.sources).toContain(`../functions/${fn}/handler.ts`);
    },
  );
});
