import * as proxy from "@pulumi/policy/proxy";
import type { CapturedResource } from "../../local/capture/pulumi-mocks";
import type { Synthesis } from "../../local/capture/synth";
import { cachedSynthesis } from "../../local/capture/synth-cache";
import { prodStartsOnlyThroughGradualAlias } from "../../policy/rules";
import { type StackName, synthesizeStacks, synthOf } from "../program/helpers";
import { type PolicyRun, type ResourceUnderTest, runStackPolicy } from "./policy-harness";

/*
 * The rule over dev and prod as the program synthesizes them, and over prod changed the ways a stack file or
 * a change to the program could change it. A stack policy gets each resource's outputs (what the mocks
 * answered: the inputs plus the ARNs and the state machine's latest version), so these tests pass those.
 */

const NAME = "prod-starts-only-through-gradual-alias";
const MACHINE = "order-workflow-prod-state-machine";
const SM = `arn:aws:states:us-east-1:123456789012:stateMachine:${MACHINE}`;
const ALIAS_STACK = "order-workflow-prod-live-alias";
const ALIAS = `Alias "live" (LiveAlias in CloudFormation stack "${ALIAS_STACK}") of prod state machine "${MACHINE}"`;
const UNKNOWN: unknown = Reflect.get(proxy, "unknownStringValue");

let synths: ReadonlyMap<StackName, Synthesis> | undefined;
let allAtOnce: Synthesis | undefined;
let pinned: Synthesis | undefined;

beforeAll(async () => {
  synths = await synthesizeStacks();
  // Resources' inputs and states are all the rule reads: the cached syntheses have them, as the stacks' do.
  allAtOnce = await cachedSynthesis("prod", {
    "order-workflow:rolloutType": "ALL_AT_ONCE",
    "order-workflow:rolloutPercentage": "",
    "order-workflow:rolloutIntervalMinutes": "",
  });
  pinned = await cachedSynthesis("prod", { "order-workflow:liveVersion": "3" });
}, 300_000);

/** Each resource's outputs, changed by `change` where it returns new ones. */
function outputsOf(
  synthesis: Synthesis | undefined,
  change: (resource: CapturedResource) => Readonly<Record<string, unknown>> | undefined = () => undefined,
): ResourceUnderTest[] {
  if (synthesis === undefined) throw new Error("not synthesized");
  return synthesis.resources.map((resource) => ({
    type: resource.type,
    name: resource.name,
    props: change(resource) ?? resource.state,
  }));
}

/** The prod state machine's outputs as after `versions` publishes (the mocks always answer version 1). */
const published =
  (versions: number) =>
  (resource: CapturedResource): Readonly<Record<string, unknown>> | undefined =>
    resource.type === "aws:sfn/stateMachine:StateMachine"
      ? { ...resource.state, stateMachineVersionArn: `${SM}:${versions}` }
      : undefined;

const run = (resources: readonly ResourceUnderTest[], config = {}): Promise<PolicyRun> =>
  runStackPolicy(prodStartsOnlyThroughGradualAlias, resources, { config });

/** Sorted: the order follows the program's registration order, which is not the contract. */
const messages = async (resources: readonly ResourceUnderTest[]): Promise<string[]> =>
  (await run(resources)).violations.map((violation) => violation.message).sort();

const TYPE_ALL_AT_ONCE = `${ALIAS} has DeploymentPreference.Type "ALL_AT_ONCE"; allowed: "CANARY" or "LINEAR" (ALL_AT_ONCE only to roll the alias back to a version published before the state machine's stateMachineVersionArn).`;

/** The names of prod's metric alarms as the alarms message lists them. */
function prodAlarms(): string {
  return synthOf(synths, "prod")
    .resources.filter((resource) => resource.type === "aws:cloudwatch/metricAlarm:MetricAlarm")
    .map((resource) => `"${String(resource.inputs.name)}"`)
    .sort()
    .join(", ");
}

describe(`${NAME} over the synthesized stacks`, () => {
  test("passes prod: a canary of 10 percent for 15 minutes, gated by its alarms, started only through live", async () => {
    expect(await run(outputsOf(synthOf(synths, "prod")))).toEqual({ violations: [], notApplicable: [] });
  });

  test("does not apply to dev", async () => {
    expect(await run(outputsOf(synthOf(synths, "dev")))).toEqual({
      violations: [],
      notApplicable: ['Not a prod resource: policy config environment undefined, Environment tag "dev".'],
    });
  });

  test("fails dev checked as prod: it moves every version at once, with no alarm", async () => {
    const dev = synthOf(synths, "dev");
    const result = await run(outputsOf(dev), { [NAME]: { environment: "prod" } });
    const alias = `Alias "live" (LiveAlias in CloudFormation stack "order-workflow-dev-live-alias") of prod state machine "order-workflow-dev-state-machine"`;
    expect(result.violations.map((violation) => violation.message)).toEqual([
      `${alias} has DeploymentPreference.Type "ALL_AT_ONCE"; allowed: "CANARY" or "LINEAR" (ALL_AT_ONCE only to roll the alias back to a version published before the state machine's stateMachineVersionArn).`,
      `${alias} has DeploymentPreference.Alarms undefined; allowed: the names of this stack's CloudWatch metric alarms, at least one (it has none), which CloudFormation watches to roll the shift back.`,
    ]);
  });

  test("fails prod set to ALL_AT_ONCE, although its alias still names the alarms", async () => {
    expect(await messages(outputsOf(allAtOnce))).toEqual([TYPE_ALL_AT_ONCE]);
  });

  test("passes prod rolled back by liveVersion to version 3 once version 5 is published", async () => {
    expect(await run(outputsOf(pinned, published(5)))).toEqual({ violations: [], notApplicable: [] });
  });

  test("fails prod pinned by liveVersion to version 3 when the latest published is 1: that is no rollback", async () => {
    expect(await messages(outputsOf(pinned))).toEqual([
      `${ALIAS} has DeploymentPreference.Alarms undefined; allowed: the names of this stack's CloudWatch metric alarms, at least one (${prodAlarms()}), which CloudFormation watches to roll the shift back.`,
      TYPE_ALL_AT_ONCE,
    ]);
  });

  test("fails prod whose trigger targets the unqualified ARN, with a role allowed to start it", async () => {
    const unqualified = outputsOf(synthOf(synths, "prod"), (resource) => {
      if (resource.name === "order-workflow-prod-trigger-target") return { ...resource.state, arn: SM };
      if (resource.name === "order-workflow-prod-trigger-start-execution") {
        const policy = JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "states:StartExecution", Resource: SM }],
        });
        return { ...resource.state, policy };
      }
      return undefined;
    });
    expect(await messages(unqualified)).toEqual([
      `EventBridge target "order-workflow-prod-trigger-target" starts prod state machine "${MACHINE}" through its unqualified ARN "${SM}", which runs the latest definition past the live alias; set arn to the ARN of its alias: "${SM}:live".`,
      `Role policy "order-workflow-prod-trigger-start-execution" \`policy\` Statement[0] allows states:StartExecution on the unqualified ARN of prod state machine "${MACHINE}" (through "${SM}") whatever the qualifier, so it also starts the latest definition past the live alias; add "Condition": {"ForAnyValue:StringEquals": {"states:StateMachineQualifier": ["live"]}} (Step Functions authorizes a start through an alias or a version against the state machine's own ARN, with the qualifier in states:StateMachineQualifier).`,
    ]);
  });

  test("in a preview of a definition change, whose new version ARN is unknown, says it cannot run rather than pass", async () => {
    const preview = outputsOf(synthOf(synths, "prod"), (resource) =>
      resource.type === "aws:cloudformation/stack:Stack"
        ? { ...resource.state, templateBody: UNKNOWN }
        : undefined,
    );
    expect(await run(preview)).toEqual({
      violations: [],
      notApplicable: [],
      cannotRunDuringPreview: `can't run policy '${NAME}' during preview: string value at .templateBody can't be known during preview`,
    });
  });
});
