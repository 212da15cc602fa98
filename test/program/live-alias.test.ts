import { createHash } from "node:crypto";
import type { CapturedResource } from "../../local/capture/pulumi-mocks";
import type { Synthesis } from "../../local/capture/synth";
import { cachedSynthesis } from "../../local/capture/synth-cache";
import {
  arnsOf,
  ofType,
  parseJson,
  prefix,
  single,
  type StackName,
  STACKS,
  synthesizeStacks,
  synthOf,
  tagsOf,
  TYPES,
} from "./helpers";
import { type Captured, capturedOf, captureRegistrations, registrationOf } from "./registrations";

let synths: ReadonlyMap<StackName, Synthesis> | undefined;
let pinned: ReadonlyMap<StackName, Synthesis> | undefined;
let captured: ReadonlyMap<StackName, Captured> | undefined;

beforeAll(async () => {
  synths = await synthesizeStacks();
  // A rollback by hand: `pulumi config set order-workflow:liveVersion 3`.
  pinned = await synthesizeStacks((stack) => cachedSynthesis(stack, { "order-workflow:liveVersion": "3" }));
  captured = await captureRegistrations();
});

const resourcesOf = (stack: StackName) => synthOf(synths, stack).resources;

/** The live alias's stack's template, parsed. */
function templateOf(resources: readonly CapturedResource[], stack: StackName): Record<string, unknown> {
  const cfnStack = single(resources, TYPES.cfnStack, `${prefix(stack)}-live-alias`);
  return parseJson(cfnStack.inputs.templateBody, "templateBody") as Record<string, unknown>;
}

function aliasProperties(resources: readonly CapturedResource[], stack: StackName) {
  const template = templateOf(resources, stack) as {
    Resources: { LiveAlias: { Type: string; Properties: Record<string, unknown> } };
  };
  return template.Resources.LiveAlias.Properties;
}

const digestOf = (definition: string) =>
  `definition sha256:${createHash("sha256").update(definition).digest("hex").slice(0, 16)}`;

/** The alarms that gate prod's rollouts, by their real names. */
const PROD_GATES = [
  "version-executions-failed",
  "version-executions-timed-out",
  "validate-order-errors",
  "authorize-payment-faults",
].map((alarm) => `order-workflow-prod-alarms-${alarm}`);

describe.each(STACKS)("stack %s: the live alias", (stack) => {
  const name = prefix(stack);
  const arns = arnsOf(stack);

  test("is a CloudFormation stack of its own, order-workflow-<stack>-live-alias, with the stack's tags", () => {
    const cfnStack = single(resourcesOf(stack), TYPES.cfnStack, `${name}-live-alias`);
    expect(Object.keys(cfnStack.inputs).sort()).toEqual(["name", "tags", "templateBody"]);
    expect({ name: cfnStack.inputs.name, tags: cfnStack.inputs.tags }).toEqual({
      name: `${name}-live-alias`,
      tags: tagsOf(stack),
    });
  });

  test("holds one StateMachineAlias named live and outputs its ARN (Ref of an alias)", () => {
    const template = templateOf(resourcesOf(stack), stack);
    const { Resources, Outputs, ...rest } = template as {
      Resources: Record<string, { Type: string }>;
      Outputs: unknown;
    };
    expect({
      rest,
      types: Object.fromEntries(Object.entries(Resources).map(([id, resource]) => [id, resource.Type])),
      outputs: Outputs,
      aliasName: aliasProperties(resourcesOf(stack), stack).Name,
    }).toEqual({
      rest: {
        AWSTemplateFormatVersion: "2010-09-09",
        Description: "The live alias of a Step Functions state machine, managed by its Pulumi stack.",
      },
      types: { LiveAlias: "AWS::StepFunctions::StateMachineAlias" },
      outputs: { AliasArn: { Description: "The live alias's ARN", Value: { Ref: "LiveAlias" } } },
      aliasName: "live",
    });
  });

  test("moves to the version the deploy published, described by its definition's digest", () => {
    const { Description } = aliasProperties(resourcesOf(stack), stack);
    const shift =
      stack === "prod"
        ? "10 percent for 15 minutes, then the rest, rolled back if an alarm fires"
        : "all at once";
    expect(Description).toBe(
      `Every producer starts this alias. Each published version reaches it ${shift}. Newest version: ${digestOf(synthOf(synths, stack).deployment.definition)}.`,
    );
  });

  test("is pinned to <state machine ARN>:3 all at once, watching no alarm, when liveVersion is 3", () => {
    const properties = aliasProperties(synthOf(pinned, stack).resources, stack);
    expect(properties).toEqual({
      Name: "live",
      Description: "Every producer starts this alias. Pinned to version 3 by hand: a rollback.",
      DeploymentPreference: { StateMachineVersionArn: `${arns.stateMachine}:3`, Type: "ALL_AT_ONCE" },
    });
    // The stack still publishes the deployed definition as a version; only the alias stays behind.
    expect(synthOf(pinned, stack).outputs.stateMachineVersionArn).toBe(arns.version);
  });

  test("is the stack output liveAliasArn and the deployment's liveAliasArn, <state machine ARN>:live", () => {
    const synthesis = synthOf(synths, stack);
    expect({
      output: synthesis.outputs.liveAliasArn,
      version: synthesis.outputs.stateMachineVersionArn,
      deployment: synthesis.deployment.liveAliasArn,
      stackOutputs: single(synthesis.resources, TYPES.cfnStack, `${name}-live-alias`).state.outputs,
    }).toEqual({
      output: arns.liveAlias,
      version: arns.version,
      deployment: arns.liveAlias,
      stackOutputs: { AliasArn: arns.liveAlias },
    });
  });
});

describe("the rollout of each stack", () => {
  test("dev: ALL_AT_ONCE to the published version, without alarms (dev has none)", () => {
    expect(aliasProperties(resourcesOf("dev"), "dev").DeploymentPreference).toEqual({
      StateMachineVersionArn: arnsOf("dev").version,
      Type: "ALL_AT_ONCE",
    });
  });

  test("prod: a CANARY of 10 percent for 15 minutes, gated by the version's and the functions' fault alarms", () => {
    expect(aliasProperties(resourcesOf("prod"), "prod").DeploymentPreference).toEqual({
      StateMachineVersionArn: arnsOf("prod").version,
      Type: "CANARY",
      Percentage: 10,
      Interval: 15,
      Alarms: PROD_GATES,
    });
  });

  test("prod: every alarm it names is a MetricAlarm the program registered, by its real name", () => {
    const alarmNames = ofType(resourcesOf("prod"), TYPES.metricAlarm).map((alarm) => alarm.state.name);
    const { Alarms } = aliasProperties(resourcesOf("prod"), "prod").DeploymentPreference as {
      Alarms: string[];
    };
    expect(Alarms.filter((alarm) => !alarmNames.includes(alarm))).toEqual([]);
  });

  test("prod: the version alarms watch the published version's own executions", () => {
    const dimensions = PROD_GATES.slice(0, 2).map(
      (alarm) => single(resourcesOf("prod"), TYPES.metricAlarm, alarm).inputs.dimensions,
    );
    const version = { StateMachineArn: arnsOf("prod").stateMachine, Version: "1" };
    expect(dimensions).toEqual([version, version]);
  });

  test("prod: the stack waits for each alarm it names, which CloudWatch would otherwise take as OK", () => {
    const dependencies = registrationOf(
      capturedOf(captured, "prod"),
      `${TYPES.cfnStack} order-workflow-prod-live-alias`,
    ).dependencies;
    expect(PROD_GATES.filter((alarm) => !dependencies.includes(`${TYPES.metricAlarm} ${alarm}`))).toEqual([]);
  });

  test("the stack waits for the state machine whose version it moves to", () => {
    for (const stack of STACKS) {
      const dependencies = registrationOf(
        capturedOf(captured, stack),
        `${TYPES.cfnStack} ${prefix(stack)}-live-alias`,
      ).dependencies;
      expect(dependencies).toContain(`${TYPES.stateMachine} ${prefix(stack)}-state-machine`);
    }
  });
});

interface PolicyStatement {
  readonly Effect: string;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

const list = (value: string | readonly string[] | undefined): readonly string[] =>
  value === undefined ? [] : typeof value === "string" ? [value] : value;

/** Whether an action pattern of a statement covers StartExecution (`states:*`, `states:Start*`, ...). */
const coversStartExecution = (action: string) =>
  new RegExp(`^${action.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`, "i").test(
    "states:StartExecution",
  );

/** Every statement of every identity policy the stack creates: role policies and managed policies. */
function identityStatements(resources: readonly CapturedResource[]): [string, PolicyStatement][] {
  return [...ofType(resources, TYPES.rolePolicy), ...ofType(resources, TYPES.policy)].flatMap((policy) =>
    (parseJson(policy.inputs.policy, policy.name) as { Statement: PolicyStatement[] }).Statement.map(
      (statement): [string, PolicyStatement] => [policy.name, statement],
    ),
  );
}

describe.each(STACKS)("stack %s: nothing starts the unqualified state machine", (stack) => {
  const arns = arnsOf(stack);

  test("every EventBridge target that is a state machine is the live alias", () => {
    const targets = ofType(resourcesOf(stack), TYPES.eventTarget)
      .map((target) => String(target.inputs.arn))
      .filter((arn) => arn.includes(":states:"));
    expect(targets).toEqual(stack === "prod" ? [arns.liveAlias] : []);
  });

  test("every statement that grants StartExecution is on the state machine for the qualifier live only", () => {
    const grants = identityStatements(resourcesOf(stack)).filter(
      ([, statement]) => statement.Effect === "Allow" && list(statement.Action).some(coversStartExecution),
    );
    // The trigger's role (prod only) and the operator policy.
    expect(grants.map(([policy]) => policy).sort()).toEqual(
      [
        ...(stack === "prod" ? [`${prefix(stack)}-trigger-start-execution`] : []),
        `${prefix(stack)}-operator`,
      ].sort(),
    );
    for (const [policy, statement] of grants) {
      expect({ policy, resource: statement.Resource, condition: statement.Condition }).toEqual({
        policy,
        resource: arns.stateMachine,
        condition: { "ForAnyValue:StringEquals": { "states:StateMachineQualifier": ["live"] } },
      });
    }
  });

  test("the failed-execution capture still matches executions started through the alias (their unqualified stateMachineArn)", () => {
    const rules = ofType(resourcesOf(stack), TYPES.eventRule).filter((rule) =>
      String(rule.inputs.eventPattern).includes("aws.states"),
    );
    const matched = rules.map(
      (rule) =>
        (parseJson(rule.inputs.eventPattern, rule.name) as { detail: { stateMachineArn: string[] } }).detail
          .stateMachineArn,
    );
    expect(matched).toEqual(stack === "prod" ? [[arns.stateMachine]] : []);
  });
});
