import { prodHardening } from "../../policy/rules";
import { type PackConfig, type ResourceUnderTest, runResourcePolicy } from "./policy-harness";
import { resource, TYPES } from "./resources";

const PROD_TAGS = { Application: "order-workflow", Environment: "prod" };
const DEV_TAGS = { Application: "order-workflow", Environment: "dev" };
const asProd = (environment: unknown): PackConfig => ({ "prod-hardening": { environment } });

function stateMachine(
  tags: Readonly<Record<string, string>> | undefined,
  includeExecutionData: boolean,
  tracing: boolean | undefined,
): ResourceUnderTest {
  return resource(TYPES.stateMachine, "orders", {
    name: "orders",
    loggingConfiguration: {
      level: "ERROR",
      includeExecutionData,
      logDestination: "arn:aws:logs:::log-group:x:*",
    },
    ...(tracing === undefined ? {} : { tracingConfiguration: { enabled: tracing } }),
    ...(tags === undefined ? {} : { tags }),
  });
}

function table(
  tags: Readonly<Record<string, string>> | undefined,
  deletionProtectionEnabled: boolean | undefined,
  pointInTimeRecovery: boolean,
): ResourceUnderTest {
  return resource(TYPES.table, "orders-table", {
    name: "orders-table",
    ...(deletionProtectionEnabled === undefined ? {} : { deletionProtectionEnabled }),
    pointInTimeRecovery: { enabled: pointInTimeRecovery },
    ...(tags === undefined ? {} : { tags }),
  });
}

describe("prod-hardening", () => {
  test.each<[string, ResourceUnderTest, PackConfig | undefined]>([
    ["a prod state machine without execution data, traced", stateMachine(PROD_TAGS, false, true), undefined],
    [
      "a prod table with deletion protection and point-in-time recovery",
      table(PROD_TAGS, true, true),
      undefined,
    ],
    ["a state machine checked as prod by config only", stateMachine(undefined, false, true), asProd("prod")],
  ])("passes %s", async (_, target, config) => {
    expect(await runResourcePolicy(prodHardening, target, config === undefined ? {} : { config })).toEqual({
      violations: [],
      notApplicable: [],
    });
  });

  test.each<[string, ResourceUnderTest, PackConfig | undefined, string[]]>([
    [
      "fails when a prod-tagged state machine logs execution data and does not trace",
      stateMachine(PROD_TAGS, true, undefined),
      undefined,
      [
        'State machine "orders" is prod (Environment tag "prod") with loggingConfiguration.includeExecutionData true; allowed: false (execution data holds customer orders).',
        'State machine "orders" is prod (Environment tag "prod") with tracingConfiguration.enabled undefined; allowed: true.',
      ],
    ],
    [
      "fails when the config says prod for a dev-tagged state machine with tracing off",
      stateMachine(DEV_TAGS, false, false),
      asProd("prod"),
      [
        'State machine "orders" is prod (policy config environment "prod") with tracingConfiguration.enabled false; allowed: true.',
      ],
    ],
    [
      "fails when a config for dev is used on a prod-tagged table without protection: the config cannot remove prod",
      table(PROD_TAGS, undefined, false),
      asProd("dev"),
      [
        'DynamoDB table "orders-table" is prod (Environment tag "prod") with deletionProtectionEnabled undefined; allowed: true.',
        'DynamoDB table "orders-table" is prod (Environment tag "prod") with pointInTimeRecovery.enabled false; allowed: true.',
      ],
    ],
  ])("%s", async (_, target, config, expected) => {
    const run = await runResourcePolicy(prodHardening, target, config === undefined ? {} : { config });
    expect(run.violations.map((violation) => violation.message)).toEqual(expected);
  });

  test.each<[string, ResourceUnderTest, PackConfig | undefined, string]>([
    [
      "a dev-tagged table",
      table(DEV_TAGS, false, false),
      undefined,
      'Not a prod resource: policy config environment undefined, Environment tag "dev".',
    ],
    [
      "an untagged state machine under a dev config",
      stateMachine(undefined, true, false),
      asProd("dev"),
      'Not a prod resource: policy config environment "dev", Environment tag undefined.',
    ],
  ])("does not apply to %s", async (_, target, config, reason) => {
    const run = await runResourcePolicy(prodHardening, target, config === undefined ? {} : { config });
    expect(run).toEqual({ violations: [], notApplicable: [reason] });
  });

  test("does not apply to a resource that is neither a state machine nor a table", async () => {
    const run = await runResourcePolicy(prodHardening, resource(TYPES.topic, "events", { tags: PROD_TAGS }));
    expect(run).toEqual({
      violations: [],
      notApplicable: ["The policy applies to state machines and DynamoDB tables."],
    });
  });

  test.each<[unknown, string]>([
    [42, "42"],
    ["", '""'],
  ])("fails when the environment config is %p", async (environment, received) => {
    await expect(
      runResourcePolicy(prodHardening, stateMachine(PROD_TAGS, false, true), { config: asProd(environment) }),
    ).rejects.toThrow(
      `Policy config \`prod-hardening.environment\` must be a non-empty string such as "prod"; received ${received}.`,
    );
  });
});
