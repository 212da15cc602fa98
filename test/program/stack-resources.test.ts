import * as pulumi from "@pulumi/pulumi";
import type { Synthesis } from "../../local/synth";
import {
  ACCOUNT,
  FUNCTIONS,
  ofType,
  REGION,
  single,
  type StackName,
  STACKS,
  synthesizeStacks,
  synthOf,
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

let synths: ReadonlyMap<StackName, Synthesis> | undefined;

// Both stacks in one file: each synthesis uses its own mocks, and the exact resource list below would show
// any resource of one stack leaking into the other.
beforeAll(async () => {
  synths = await synthesizeStacks();
});

const synth = (stack: StackName) => synthOf(synths, stack);

const prefix = (stack: StackName) => `order-workflow-${stack}`;
const tagsOf = (stack: StackName) => ({
  Application: "order-workflow",
  Environment: stack,
  Owner: "platform-team",
});
const functionArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const logGroupArn = (name: string) => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}`;

const stackFunctions = STACKS.flatMap((stack) => FUNCTIONS.map((fn) => [stack, fn] as const));

describe.each(STACKS)("stack %s", (stack) => {
  const name = prefix(stack);

  test("registers exactly the workflow's resources, each once", () => {
    const registered = synth(stack)
      .resources.map((resource) => `${resource.type} ${resource.name}`)
      .sort();
    expect(registered).toEqual(
      [
        `${TYPES.workflow} ${name}`,
        `${TYPES.bundledFunction} ${name}-validate-order`,
        `${TYPES.bundledFunction} ${name}-authorize-payment`,
        `${TYPES.loggedStateMachine} ${name}-state-machine`,
        `${TYPES.table} ${name}-orders`,
        `${TYPES.topic} ${name}-order-events`,
        `${TYPES.logGroup} ${name}-validate-order-logs`,
        `${TYPES.role} ${name}-validate-order-role`,
        `${TYPES.rolePolicyAttachment} ${name}-validate-order-basic-execution`,
        `${TYPES.function} ${name}-validate-order`,
        `${TYPES.logGroup} ${name}-authorize-payment-logs`,
        `${TYPES.role} ${name}-authorize-payment-role`,
        `${TYPES.rolePolicyAttachment} ${name}-authorize-payment-basic-execution`,
        `${TYPES.function} ${name}-authorize-payment`,
        `${TYPES.logGroup} ${name}-state-machine-logs`,
        `${TYPES.role} ${name}-state-machine-role`,
        `${TYPES.rolePolicy} ${name}-state-machine-policy`,
        `${TYPES.stateMachine} ${name}-state-machine`,
      ].sort(),
    );
  });

  test("tags every taggable AWS resource with exactly Application, Environment and Owner", () => {
    const untaggable: readonly string[] = [TYPES.rolePolicy, TYPES.rolePolicyAttachment];
    const taggable = synth(stack).resources.filter(
      (resource) => resource.type.startsWith("aws:") && !untaggable.includes(resource.type),
    );
    // 1 table, 1 topic, 3 log groups, 3 roles, 2 functions, 1 state machine.
    expect(taggable).toHaveLength(11);
    for (const resource of taggable) {
      expect({ resource: resource.name, tags: resource.inputs.tags }).toEqual({
        resource: resource.name,
        tags: tagsOf(stack),
      });
    }
  });

  test("sets no tags on role policies and attachments, which take none", () => {
    const untagged = [
      ...ofType(synth(stack).resources, TYPES.rolePolicy),
      ...ofType(synth(stack).resources, TYPES.rolePolicyAttachment),
    ];
    expect(untagged.map((resource) => resource.name).sort()).toEqual(
      [
        `${name}-state-machine-policy`,
        `${name}-validate-order-basic-execution`,
        `${name}-authorize-payment-basic-execution`,
      ].sort(),
    );
    for (const resource of untagged) expect(Object.keys(resource.inputs)).not.toContain("tags");
  });

  test("names every resource order-workflow-<stack>-<resource> and gives named AWS resources that name", () => {
    const resources = synth(stack).resources;
    for (const resource of resources) expect(resource.name).toMatch(new RegExp(`^${name}(-[a-z]+)*$`));
    const named = resources.filter((resource) =>
      (
        [
          TYPES.table,
          TYPES.topic,
          TYPES.role,
          TYPES.rolePolicy,
          TYPES.function,
          TYPES.stateMachine,
        ] as string[]
      ).includes(resource.type),
    );
    // 1 table, 1 topic, 3 roles, 1 role policy, 2 functions, 1 state machine.
    expect(named).toHaveLength(9);
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
      serverSideEncryption: { enabled: true },
      pointInTimeRecovery: { enabled: EXPECTED[stack].pointInTimeRecovery },
      deletionProtectionEnabled: EXPECTED[stack].deletionProtection,
      tags: tagsOf(stack),
    });
  });

  test("creates the order-events topic", () => {
    const topic = single(synth(stack).resources, TYPES.topic, `${name}-order-events`);
    expect(topic.inputs).toEqual({ name: `${name}-order-events`, tags: tagsOf(stack) });
  });

  test.each([
    [`${name}-validate-order-logs`, `/aws/lambda/${name}-validate-order`],
    [`${name}-authorize-payment-logs`, `/aws/lambda/${name}-authorize-payment`],
    [`${name}-state-machine-logs`, `/aws/vendedlogs/states/${name}-state-machine`],
  ])("creates log group %s named %s with the stack's retention", (logical, physical) => {
    const logGroup = single(synth(stack).resources, TYPES.logGroup, logical);
    expect(logGroup.inputs).toEqual({
      name: physical,
      retentionInDays: EXPECTED[stack].retentionInDays,
      tags: tagsOf(stack),
    });
  });

  test("creates a STANDARD state machine with the stack's logging and tracing, run by its own role", () => {
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
      tags: tagsOf(stack),
    });
    // The ARNs above are the ones the mocks gave the role and the log group, not look-alikes.
    expect(rest.roleArn).toBe(single(resources, TYPES.role, `${name}-state-machine-role`).state.arn);
    const logGroup = single(resources, TYPES.logGroup, `${name}-state-machine-logs`);
    expect(rest.loggingConfiguration).toEqual(
      expect.objectContaining({ logDestination: `${String(logGroup.state.arn)}:*` }),
    );
    expect(definition).toBe(synth(stack).deployment.definition);
    expect(typeof definition).toBe("string");
  });

  test("exports exactly the seven stack outputs", () => {
    expect(synth(stack).outputs).toEqual({
      stateMachineArn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}-state-machine`,
      stateMachineName: `${name}-state-machine`,
      tableName: `${name}-orders`,
      topicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:${name}-order-events`,
      logGroupName: `/aws/vendedlogs/states/${name}-state-machine`,
      validateFunctionName: `${name}-validate-order`,
      authorizeFunctionName: `${name}-authorize-payment`,
    });
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
        environment: { variables: environments[fn] },
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

  test.each(stackFunctions)(
    "%s: %s deploys the bundled module and its source map only",
    async (stack, fn) => {
      const resource = single(synth(stack).resources, TYPES.function, `${prefix(stack)}-${fn}`);
      const code = resource.inputs.code;
      if (!(code instanceof pulumi.asset.AssetArchive)) throw new Error("code is not an AssetArchive");
      expect(Object.keys(await code.assets).sort()).toEqual(["index.mjs", "index.mjs.map"]);
    },
  );
});
