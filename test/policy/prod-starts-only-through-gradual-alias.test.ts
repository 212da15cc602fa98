import * as proxy from "@pulumi/policy/proxy";
import { prodStartsOnlyThroughGradualAlias } from "../../policy/rules";
import {
  type PackConfig,
  type PolicyRun,
  type ResourceUnderTest,
  runStackPolicy,
  urnOf,
} from "./policy-harness";
import { ACCOUNT, policyJson, REGION, resource, TYPES } from "./resources";

/*
 * A prod stack as the contract builds it: the state machine publishes versions, a CloudFormation stack holds
 * the live alias with a canary gated by the stack's alarms, and the trigger and the operator start the alias
 * only (the state machine's ARN on the condition that the qualifier is the alias). Each test changes one part.
 * Props are what a stack policy gets: the resources' outputs, so the state machine has its ARN and its latest
 * version.
 */

const NAME = "prod-starts-only-through-gradual-alias";
const PROD_TAGS = { Application: "order-workflow", Environment: "prod" };
const MACHINE = "order-workflow-prod-state-machine";
const SM = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${MACHINE}`;
const LIVE = `${SM}:live`;
const ALARMS = [
  "order-workflow-prod-alarms-executions-failed",
  "order-workflow-prod-alarms-validate-order-errors",
];
const ALIAS_STACK = "order-workflow-prod-live-alias";

/** The unknown-string sentinel of @pulumi/policy's proxy: what a preview gives for a value not computed yet. */
const UNKNOWN: unknown = Reflect.get(proxy, "unknownStringValue");

const LIVE_CONDITION = { "ForAnyValue:StringEquals": { "states:StateMachineQualifier": ["live"] } };

function machine(props: Readonly<Record<string, unknown>> = {}): ResourceUnderTest {
  return resource(TYPES.stateMachine, MACHINE, {
    name: MACHINE,
    arn: SM,
    publish: true,
    versionDescription: "definition sha256:0123456789abcdef",
    stateMachineVersionArn: `${SM}:3`,
    tags: PROD_TAGS,
    ...props,
  });
}

function aliasProperties(preference: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  return {
    Name: "live",
    Description: "What every prod execution starts",
    DeploymentPreference: {
      StateMachineVersionArn: `${SM}:3`,
      Type: "CANARY",
      Percentage: 10,
      Interval: 10,
      Alarms: ALARMS,
      ...preference,
    },
  };
}

function aliasStack(properties: unknown = aliasProperties(), templateBody?: unknown): ResourceUnderTest {
  const template = {
    Resources: { LiveAlias: { Type: "AWS::StepFunctions::StateMachineAlias", Properties: properties } },
    Outputs: { AliasArn: { Value: { Ref: "LiveAlias" } } },
  };
  return resource(TYPES.cloudFormationStack, ALIAS_STACK, {
    name: ALIAS_STACK,
    templateBody: templateBody === undefined ? JSON.stringify(template) : templateBody,
    tags: PROD_TAGS,
  });
}

const alarms = ALARMS.map((name) => resource(TYPES.metricAlarm, name, { name, tags: PROD_TAGS }));

function target(arn: unknown): ResourceUnderTest {
  return resource(TYPES.eventTarget, "order-workflow-prod-trigger-target", {
    rule: "order-workflow-prod-trigger-rule",
    arn,
    roleArn: `arn:aws:iam::${ACCOUNT}:role/order-workflow-prod-trigger-role`,
  });
}

function triggerPolicy(statement: Readonly<Record<string, unknown>>): ResourceUnderTest {
  return resource(TYPES.rolePolicy, "order-workflow-prod-trigger-policy", {
    name: "order-workflow-prod-trigger-policy",
    role: "order-workflow-prod-trigger-role",
    policy: policyJson(statement),
  });
}

const START_LIVE = {
  Sid: "StartLive",
  Effect: "Allow",
  Action: "states:StartExecution",
  Resource: [LIVE, SM],
  Condition: LIVE_CONDITION,
};

const operatorPolicy = resource(TYPES.policy, "order-workflow-prod-operator", {
  name: "order-workflow-prod-operator",
  policy: policyJson(
    {
      Sid: "ReadExecutions",
      Effect: "Allow",
      Action: ["states:DescribeExecution", "states:RedriveExecution"],
      Resource: `arn:aws:states:${REGION}:${ACCOUNT}:execution:${MACHINE}:*`,
    },
    { ...START_LIVE, Sid: "RestartOrders" },
  ),
});

type Parts = Record<"machine" | "aliasStack" | "target" | "triggerPolicy", ResourceUnderTest | undefined>;

/** The contract's prod stack, with some of its parts replaced (or left out with `undefined`). */
function prodStack(
  replaced: Partial<Parts> = {},
  extra: readonly ResourceUnderTest[] = [],
): ResourceUnderTest[] {
  const parts: Parts = {
    machine: machine(),
    aliasStack: aliasStack(),
    target: target(LIVE),
    triggerPolicy: triggerPolicy(START_LIVE),
    ...replaced,
  };
  return [...Object.values(parts), ...alarms, operatorPolicy, ...extra].filter(
    (part): part is ResourceUnderTest => part !== undefined,
  );
}

const run = (resources: readonly ResourceUnderTest[], config?: PackConfig): Promise<PolicyRun> =>
  runStackPolicy(prodStartsOnlyThroughGradualAlias, resources, config === undefined ? {} : { config });

async function messages(resources: readonly ResourceUnderTest[]): Promise<string[]> {
  const result = await run(resources);
  expect({ notApplicable: result.notApplicable, preview: result.cannotRunDuringPreview }).toEqual({
    notApplicable: [],
    preview: undefined,
  });
  return result.violations.map((violation) => violation.message);
}

const MACHINE_LABEL = `State machine "${MACHINE}" is prod (Environment tag "prod")`;
const ALIAS_LABEL = `Alias "live" (LiveAlias in CloudFormation stack "${ALIAS_STACK}") of prod state machine "${MACHINE}"`;
const KNOWN_ALARMS = ALARMS.map((name) => `"${name}"`).join(", ");
const AUTHORIZED =
  "Step Functions authorizes a start through an alias or a version against the state machine's own ARN, with the qualifier in states:StateMachineQualifier";
const ADD_CONDITION = `add "Condition": {"ForAnyValue:StringEquals": {"states:StateMachineQualifier": ["live"]}} (${AUTHORIZED}).`;
const TRIGGER = `Role policy "order-workflow-prod-trigger-policy" \`policy\` Statement[0] (Sid "StartLive") allows states:StartExecution`;
const NO_ALIAS = `${MACHINE_LABEL} but no CloudFormation stack of this stack declares an AWS::StepFunctions::StateMachineAlias routing to its versions; add one whose DeploymentPreference has StateMachineVersionArn a version of "${MACHINE}", Type "CANARY" or "LINEAR" and Alarms naming this stack's metric alarms, and start executions only through it.`;

describe(NAME, () => {
  test("passes the contract's prod stack: versions, a canary alias gated by the stack's alarms, starts through it", async () => {
    expect(await run(prodStack())).toEqual({ violations: [], notApplicable: [] });
  });

  test.each<[string, Partial<Parts>]>([
    ["a LINEAR rollout", { aliasStack: aliasStack(aliasProperties({ Type: "LINEAR", Percentage: 25 })) }],
    [
      "a manual rollback: ALL_AT_ONCE to a version before the one just published, without alarms",
      {
        aliasStack: aliasStack(
          aliasProperties({ Type: "ALL_AT_ONCE", StateMachineVersionArn: `${SM}:2`, Alarms: undefined }),
        ),
      },
    ],
    [
      "a trigger role policy without the alias ARN beside the state machine's",
      { triggerPolicy: triggerPolicy({ ...START_LIVE, Resource: SM }) },
    ],
    [
      "a Deny on the unqualified ARN, which takes access away",
      { triggerPolicy: triggerPolicy({ ...START_LIVE, Effect: "Deny", Resource: SM, Condition: undefined }) },
    ],
  ])("passes %s", async (_, replaced) => {
    expect(await messages(prodStack(replaced))).toEqual([]);
  });

  test("does not apply to a stack without a state machine", async () => {
    expect(await run([aliasStack(), ...alarms])).toEqual({
      violations: [],
      notApplicable: ["The stack has no state machine."],
    });
  });

  test("does not apply to dev, whose state machine starts unqualified with no alias", async () => {
    const dev = machine({ tags: { Application: "order-workflow", Environment: "dev" }, publish: false });
    expect(
      await run([dev, target(SM), triggerPolicy({ ...START_LIVE, Resource: SM, Condition: undefined })]),
    ).toEqual({
      violations: [],
      notApplicable: ['Not a prod resource: policy config environment undefined, Environment tag "dev".'],
    });
  });

  test("fails dev checked as prod by the policy config", async () => {
    const dev = machine({ tags: { Application: "order-workflow", Environment: "dev" }, publish: false });
    const result = await run([dev], { [NAME]: { environment: "prod" } });
    expect(result.violations.map((violation) => violation.message)).toEqual([
      `State machine "${MACHINE}" is prod (policy config environment "prod") with publish false; allowed: true, so that each change publishes a version for the live alias to shift to.`,
      NO_ALIAS.replace('(Environment tag "prod")', '(policy config environment "prod")'),
    ]);
  });

  test("fails when the policy config is not a non-empty string", async () => {
    await expect(run(prodStack(), { [NAME]: { environment: 7 } })).rejects.toThrow(
      `Policy config \`${NAME}.environment\` must be a non-empty string such as "prod"; received 7.`,
    );
  });

  test.each<[string, Partial<Parts>, string[]]>([
    [
      "fails when the state machine does not publish versions",
      { machine: machine({ publish: undefined }) },
      [
        `${MACHINE_LABEL} with publish undefined; allowed: true, so that each change publishes a version for the live alias to shift to.`,
      ],
    ],
    [
      "fails when no CloudFormation stack holds an alias",
      { aliasStack: undefined },
      [
        NO_ALIAS,
        `EventBridge target "order-workflow-prod-trigger-target" starts prod state machine "${MACHINE}" through "${LIVE}", not an alias this stack declares for it; allowed: "${SM}:<alias name>".`,
        `${TRIGGER} on prod state machine "${MACHINE}" with states:StateMachineQualifier "live" (not an alias this stack declares for it); allowed: the names of its aliases, none (it has none).`,
        `Managed policy "order-workflow-prod-operator" \`policy\` Statement[1] (Sid "RestartOrders") allows states:StartExecution on prod state machine "${MACHINE}" with states:StateMachineQualifier "live" (not an alias this stack declares for it); allowed: the names of its aliases, none (it has none).`,
      ],
    ],
    [
      "fails when the only alias routes to another state machine",
      {
        aliasStack: aliasStack(aliasProperties({ StateMachineVersionArn: `${SM}-other:3` })),
        target: undefined,
        triggerPolicy: undefined,
      },
      [
        NO_ALIAS,
        `Managed policy "order-workflow-prod-operator" \`policy\` Statement[1] (Sid "RestartOrders") allows states:StartExecution on prod state machine "${MACHINE}" with states:StateMachineQualifier "live" (not an alias this stack declares for it); allowed: the names of its aliases, none (it has none).`,
      ],
    ],
    [
      "fails when the template is YAML, which it cannot read, and says so",
      {
        aliasStack: aliasStack(undefined, "Resources:\n  LiveAlias: {}\n"),
        target: undefined,
        triggerPolicy: undefined,
      },
      [
        `${NO_ALIAS} Not read: CloudFormation stack "${ALIAS_STACK}" has a templateBody that is not JSON (YAML is not read).`,
        `Managed policy "order-workflow-prod-operator" \`policy\` Statement[1] (Sid "RestartOrders") allows states:StartExecution on prod state machine "${MACHINE}" with states:StateMachineQualifier "live" (not an alias this stack declares for it); allowed: the names of its aliases, none (it has none).`,
      ],
    ],
    [
      "fails when the alias only routes by weight",
      {
        aliasStack: aliasStack({
          Name: "live",
          RoutingConfiguration: [{ StateMachineVersionArn: `${SM}:3`, Weight: 100 }],
        }),
      },
      [
        `${ALIAS_LABEL} routes by RoutingConfiguration, which CloudFormation neither shifts gradually nor rolls back; set DeploymentPreference with Type "CANARY" or "LINEAR" and Alarms.`,
      ],
    ],
    [
      "fails when the alias moves every execution at once to the version just published",
      { aliasStack: aliasStack(aliasProperties({ Type: "ALL_AT_ONCE" })) },
      [
        `${ALIAS_LABEL} has DeploymentPreference.Type "ALL_AT_ONCE"; allowed: "CANARY" or "LINEAR" (ALL_AT_ONCE only to roll the alias back to a version published before the state machine's stateMachineVersionArn).`,
      ],
    ],
    [
      "fails when ALL_AT_ONCE pins a version after the one last published",
      { aliasStack: aliasStack(aliasProperties({ Type: "ALL_AT_ONCE", StateMachineVersionArn: `${SM}:4` })) },
      [
        `${ALIAS_LABEL} has DeploymentPreference.Type "ALL_AT_ONCE"; allowed: "CANARY" or "LINEAR" (ALL_AT_ONCE only to roll the alias back to a version published before the state machine's stateMachineVersionArn).`,
      ],
    ],
    [
      "fails when ALL_AT_ONCE pins an older version but the state machine's latest version is not reported",
      {
        machine: machine({ stateMachineVersionArn: undefined }),
        aliasStack: aliasStack(aliasProperties({ Type: "ALL_AT_ONCE", StateMachineVersionArn: `${SM}:2` })),
      },
      [
        `${ALIAS_LABEL} has DeploymentPreference.Type "ALL_AT_ONCE"; allowed: "CANARY" or "LINEAR" (ALL_AT_ONCE only to roll the alias back to a version published before the state machine's stateMachineVersionArn).`,
      ],
    ],
    [
      "fails when the canary watches no alarm",
      { aliasStack: aliasStack(aliasProperties({ Alarms: [] })) },
      [
        `${ALIAS_LABEL} has DeploymentPreference.Alarms []; allowed: the names of this stack's CloudWatch metric alarms, at least one (${KNOWN_ALARMS}), which CloudFormation watches to roll the shift back.`,
      ],
    ],
    [
      "fails when an alarm is named by its ARN, or is not the stack's",
      {
        aliasStack: aliasStack(
          aliasProperties({
            Alarms: [
              `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${ALARMS[0] ?? ""}`,
              "someone-elses-alarm",
              ALARMS[1],
            ],
          }),
        ),
      },
      [
        `${ALIAS_LABEL} names alarm "arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${ALARMS[0] ?? ""}" in DeploymentPreference.Alarms, which is not the name of a CloudWatch metric alarm of this stack: CloudWatch takes a missing alarm as OK, so it would never roll the shift back; allowed: ${KNOWN_ALARMS}.`,
        `${ALIAS_LABEL} names alarm "someone-elses-alarm" in DeploymentPreference.Alarms, which is not the name of a CloudWatch metric alarm of this stack: CloudWatch takes a missing alarm as OK, so it would never roll the shift back; allowed: ${KNOWN_ALARMS}.`,
      ],
    ],
    [
      "fails when the EventBridge target starts the unqualified ARN",
      { target: target(SM) },
      [
        `EventBridge target "order-workflow-prod-trigger-target" starts prod state machine "${MACHINE}" through its unqualified ARN "${SM}", which runs the latest definition past the live alias; set arn to the ARN of its alias: "${LIVE}".`,
      ],
    ],
    [
      "fails when the EventBridge target starts a version",
      { target: target(`${SM}:3`) },
      [
        `EventBridge target "order-workflow-prod-trigger-target" starts prod state machine "${MACHINE}" through "${SM}:3", a version, which no rollout watches; allowed: "${LIVE}".`,
      ],
    ],
    [
      "fails when a role policy starts the unqualified ARN whatever the qualifier",
      { triggerPolicy: triggerPolicy({ ...START_LIVE, Resource: SM, Condition: undefined }) },
      [
        `${TRIGGER} on the unqualified ARN of prod state machine "${MACHINE}" (through "${SM}") whatever the qualifier, so it also starts the latest definition past the live alias; ${ADD_CONDITION}`,
      ],
    ],
    [
      "fails when the qualifier condition uses ForAllValues, which an unqualified start (no qualifier) passes",
      {
        triggerPolicy: triggerPolicy({
          ...START_LIVE,
          Condition: { "ForAllValues:StringEquals": { "states:StateMachineQualifier": ["live"] } },
        }),
      },
      [
        `${TRIGGER} on the unqualified ARN of prod state machine "${MACHINE}" (through "${SM}") whatever the qualifier, so it also starts the latest definition past the live alias; ${ADD_CONDITION}`,
      ],
    ],
    [
      "fails when a statement on * allows StartSyncExecution",
      {
        triggerPolicy: triggerPolicy({
          Sid: "Sync",
          Effect: "Allow",
          Action: ["states:StartSyncExecution"],
          Resource: "*",
        }),
      },
      [
        `Role policy "order-workflow-prod-trigger-policy" \`policy\` Statement[0] (Sid "Sync") allows states:StartSyncExecution on the unqualified ARN of prod state machine "${MACHINE}" (through "*") whatever the qualifier, so it also starts the latest definition past the live alias; ${ADD_CONDITION}`,
      ],
    ],
    [
      "fails when NotAction leaves the start actions in, on a name pattern",
      {
        triggerPolicy: triggerPolicy({
          Sid: "AllButIam",
          Effect: "Allow",
          NotAction: "iam:*",
          Resource: `arn:aws:states:*:*:stateMachine:order-workflow-prod-*`,
        }),
      },
      [
        `Role policy "order-workflow-prod-trigger-policy" \`policy\` Statement[0] (Sid "AllButIam") allows states:StartExecution and states:StartSyncExecution on the unqualified ARN of prod state machine "${MACHINE}" (through "arn:aws:states:*:*:stateMachine:order-workflow-prod-*") whatever the qualifier, so it also starts the latest definition past the live alias; ${ADD_CONDITION}`,
      ],
    ],
    [
      "fails when the condition also lets a version be started",
      {
        triggerPolicy: triggerPolicy({
          ...START_LIVE,
          Condition: { "ForAnyValue:StringEquals": { "states:StateMachineQualifier": ["live", "2"] } },
        }),
      },
      [
        `${TRIGGER} on prod state machine "${MACHINE}" with states:StateMachineQualifier "2" (a version, which no rollout watches); allowed: the names of its aliases, "live".`,
      ],
    ],
    [
      "fails when a statement names only the alias ARN, which Step Functions never authorizes a start against",
      { triggerPolicy: triggerPolicy({ ...START_LIVE, Resource: LIVE, Condition: undefined }) },
      [
        `${TRIGGER} only on "${LIVE}", qualified ARNs of prod state machine "${MACHINE}", so it allows no start (${AUTHORIZED}); name "${SM}" in Resource with "Condition": {"ForAnyValue:StringEquals": {"states:StateMachineQualifier": ["live"]}}.`,
      ],
    ],
  ])("%s", async (_, replaced, expected) => {
    expect(await messages(prodStack(replaced))).toEqual(expected);
  });

  test("fails when a role's inline policy starts the unqualified ARN", async () => {
    const role = resource(TYPES.role, "order-workflow-prod-recovery-role", {
      name: "order-workflow-prod-recovery-role",
      assumeRolePolicy: policyJson({
        Effect: "Allow",
        Principal: { Service: "lambda.amazonaws.com" },
        Action: "sts:AssumeRole",
      }),
      inlinePolicies: [
        {
          name: "start",
          policy: policyJson({ Effect: "Allow", Action: "states:StartExecution", Resource: SM }),
        },
      ],
    });
    expect(await messages(prodStack({}, [role]))).toEqual([
      `Role "order-workflow-prod-recovery-role" \`inlinePolicies[0].policy\` Statement[0] allows states:StartExecution on the unqualified ARN of prod state machine "${MACHINE}" (through "${SM}") whatever the qualifier, so it also starts the latest definition past the live alias; ${ADD_CONDITION}`,
    ]);
  });

  test("fails when an alias has no Name, so nothing can name its ARN", async () => {
    const unnamed = { ...aliasProperties(), Name: undefined };
    expect(
      await messages(
        prodStack({ aliasStack: aliasStack(unnamed), target: undefined, triggerPolicy: undefined }),
      ),
    ).toEqual([
      `An alias (LiveAlias in CloudFormation stack "${ALIAS_STACK}") of prod state machine "${MACHINE}" has no Name; set Name: the alias ARN that the trigger and the start permissions name is the state machine's ARN, ":" and that name.`,
      `Managed policy "order-workflow-prod-operator" \`policy\` Statement[1] (Sid "RestartOrders") allows states:StartExecution on prod state machine "${MACHINE}" with states:StateMachineQualifier "live" (not an alias this stack declares for it); allowed: the names of its aliases, none (it has none).`,
    ]);
  });

  test("reports each violation against the resource to change", async () => {
    const result = await run(prodStack({ machine: machine({ publish: false }), target: target(SM) }));
    expect(result.violations.map((violation) => violation.urn)).toEqual([
      urnOf(machine()),
      urnOf(target(SM)),
    ]);
  });

  describe("in a preview, where values are unknown", () => {
    test("checks what it can see, reports no alias it cannot see, and says it could not run in full", async () => {
      const result = await run(
        prodStack({
          machine: machine({ publish: false }),
          aliasStack: aliasStack(undefined, UNKNOWN),
          target: target(SM),
        }),
      );
      expect(result).toEqual({
        violations: [
          expect.objectContaining({
            message: `${MACHINE_LABEL} with publish false; allowed: true, so that each change publishes a version for the live alias to shift to.`,
          }),
          expect.objectContaining({
            message: `EventBridge target "order-workflow-prod-trigger-target" starts prod state machine "${MACHINE}" through its unqualified ARN "${SM}", which runs the latest definition past the live alias; set arn to the ARN of its alias: "${SM}:<alias name>".`,
          }),
        ],
        notApplicable: [],
        cannotRunDuringPreview: `can't run policy '${NAME}' during preview: string value at .templateBody can't be known during preview`,
      });
    });

    test("does not pass when an unknown policy document hides what it grants", async () => {
      const hidden = resource(TYPES.rolePolicy, "order-workflow-prod-trigger-policy", {
        name: "order-workflow-prod-trigger-policy",
        policy: UNKNOWN,
      });
      expect(await run(prodStack({ triggerPolicy: hidden }))).toEqual({
        violations: [],
        notApplicable: [],
        cannotRunDuringPreview: `can't run policy '${NAME}' during preview: string value at .policy can't be known during preview`,
      });
    });

    test("reports what it knows of an alias while an alarm's name is unknown, and checks its alarms later", async () => {
      const unnamedAlarm = resource(TYPES.metricAlarm, "order-workflow-prod-alarms-new", { name: UNKNOWN });
      const result = await run(
        prodStack(
          { aliasStack: aliasStack(aliasProperties({ Type: "ALL_AT_ONCE", Alarms: ["not-an-alarm"] })) },
          [unnamedAlarm],
        ),
      );
      expect(result).toEqual({
        violations: [
          expect.objectContaining({
            message: `${ALIAS_LABEL} has DeploymentPreference.Type "ALL_AT_ONCE"; allowed: "CANARY" or "LINEAR" (ALL_AT_ONCE only to roll the alias back to a version published before the state machine's stateMachineVersionArn).`,
          }),
        ],
        notApplicable: [],
        cannotRunDuringPreview: `can't run policy '${NAME}' during preview: string value at .name can't be known during preview`,
      });
    });

    test("does not decide on an ALL_AT_ONCE alias while the latest version is unknown", async () => {
      const result = await run(
        prodStack({
          machine: machine({ stateMachineVersionArn: UNKNOWN }),
          aliasStack: aliasStack(aliasProperties({ Type: "ALL_AT_ONCE", StateMachineVersionArn: `${SM}:2` })),
        }),
      );
      expect(result).toEqual({
        violations: [],
        notApplicable: [],
        cannotRunDuringPreview: `can't run policy '${NAME}' during preview: string value at .stateMachineVersionArn can't be known during preview`,
      });
    });
  });
});
