import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as iam from "@pulumi/aws/iam";
import * as sfn from "@pulumi/aws/sfn";
import type { PolicyResource, ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { describe, describeAll } from "../lib/describe";
import { decideEnvironment, ENVIRONMENT_CONFIG_SCHEMA, type EnvironmentConfig } from "../lib/environment";
import {
  allowsAction,
  elementList,
  grants,
  parseDocument,
  type PolicyStatement,
  policyDocumentsOf,
} from "../lib/policy-documents";
import { field, isRecord, type Props, resourceName } from "../lib/props";
import { stackAliases, type TemplateAlias } from "../lib/state-machine-aliases";
import {
  coversQualified,
  coversUnqualified,
  isVersionQualifier,
  parseStateMachineArn,
} from "../lib/state-machine-arns";
import { UnknownValues } from "../lib/unknowns";

const NAME = "prod-starts-only-through-gradual-alias";

/** The calls that start an execution; both take a qualified or an unqualified ARN. */
const START_ACTIONS = ["states:StartExecution", "states:StartSyncExecution"] as const;

/**
 * The deployment types that shift a share of executions at a time and roll back when an alarm fires;
 * ALL_AT_ONCE moves every execution at once and has nothing to roll back from.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-stepfunctions-statemachinealias-deploymentpreference.html
 */
const GRADUAL_TYPES = ["CANARY", "LINEAR"] as const;

/**
 * Step Functions authorizes a request made with a version or alias ARN against the state machine's own ARN,
 * and gives the qualifier in this key; the Service Authorization Reference lists StartExecution on the
 * `stateMachine` resource type only. The key is multivalued, so `ForAnyValue`: a start of the unqualified ARN
 * carries no qualifier and matches nothing.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/auth-version-alias.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsstepfunctions.html
 */
const QUALIFIER_KEY = "states:StateMachineQualifier";
const QUALIFIER_OPERATOR = "ForAnyValue:StringEquals";
const AUTHORIZED_AGAINST_STATE_MACHINE =
  "Step Functions authorizes a start through an alias or a version against the state machine's own ARN, with the qualifier in states:StateMachineQualifier";

/** The aliases this stack declares for a state machine, and whether every template could be read. */
interface Aliases {
  readonly names: readonly string[];
  readonly complete: boolean;
}

/** A prod state machine by the name the ARNs that start it carry. */
interface ProdMachine {
  readonly name: string;
  readonly aliases: Aliases;
}

/** `"Condition": {"ForAnyValue:StringEquals": {"states:StateMachineQualifier": [...]}}` as a message shows it. */
function qualifierCondition(names: readonly string[]): string {
  const values = names.length > 0 ? names : ["<alias name>"];
  return `"Condition": {"${QUALIFIER_OPERATOR}": {"${QUALIFIER_KEY}": ${JSON.stringify(values)}}}`;
}

function aliasLabel(alias: TemplateAlias, machine: string): string {
  const named = typeof alias.name === "string" ? `Alias ${describe(alias.name)}` : "An alias";
  return `${named} (${alias.logicalId} in CloudFormation stack ${describe(alias.stackName)}) of prod state machine ${describe(machine)}`;
}

/**
 * Whether an ALL_AT_ONCE alias rolls back by hand: it pins a version of the state machine published before the
 * one the state machine last published (`stateMachineVersionArn`, which Pulumi reports once it is known).
 * Versions are numbered up from 1. Any other ALL_AT_ONCE moves every execution to a new version unwatched.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-state-machine-version.html
 */
function isManualRollback(target: unknown, latest: unknown): boolean {
  const pinned = parseStateMachineArn(target);
  const published = parseStateMachineArn(latest);
  if (pinned?.qualifier === undefined || published?.qualifier === undefined) return false;
  return (
    isVersionQualifier(pinned.qualifier) &&
    isVersionQualifier(published.qualifier) &&
    pinned.unqualified === published.unqualified &&
    Number(pinned.qualifier) < Number(published.qualifier)
  );
}

/**
 * What keeps an alias from gating a rollout, as far as the values known in preview tell: a part that depends on
 * an unknown value is left out (and `unknowns` has it). `alarms` are the names of the stack's metric alarms,
 * `undefined` when they are not all known.
 */
function aliasProblems(
  alias: TemplateAlias,
  machine: PolicyResource,
  name: string,
  alarms: ReadonlySet<string> | undefined,
  unknowns: UnknownValues,
): string[] {
  const label = aliasLabel(alias, name);
  const problems: string[] = [];
  if (typeof alias.name !== "string" || alias.name === "") {
    problems.push(
      `${label} has no Name; set Name: the alias ARN that the trigger and the start permissions name is the state machine's ARN, ":" and that name.`,
    );
  }
  const preference = alias.deploymentPreference;
  if (preference === undefined) {
    problems.push(
      `${label} routes by RoutingConfiguration, which CloudFormation neither shifts gradually nor rolls back; set DeploymentPreference with Type "CANARY" or "LINEAR" and Alarms.`,
    );
    return problems;
  }
  const type = preference.Type;
  if (type === "ALL_AT_ONCE") {
    const props: Props = machine.props;
    const latest = unknowns.attempt(() => ({ arn: props.stateMachineVersionArn }));
    if (latest === undefined) return problems;
    if (isManualRollback(preference.StateMachineVersionArn, latest.arn)) return problems;
  }
  if (!(GRADUAL_TYPES as readonly unknown[]).includes(type)) {
    problems.push(
      `${label} has DeploymentPreference.Type ${describe(type)}; allowed: "CANARY" or "LINEAR" (ALL_AT_ONCE only to roll the alias back to a version published before the state machine's stateMachineVersionArn).`,
    );
  }
  const names = preference.Alarms;
  const known =
    alarms === undefined
      ? ""
      : [...alarms]
          .sort()
          .map((alarm) => describe(alarm))
          .join(", ");
  if (!Array.isArray(names) || names.length === 0) {
    problems.push(
      `${label} has DeploymentPreference.Alarms ${describe(names)}; allowed: the names of this stack's CloudWatch metric alarms, at least one (${known || "it has none"}), which CloudFormation watches to roll the shift back.`,
    );
    return problems;
  }
  if (alarms === undefined) return problems;
  for (const alarm of names.filter((entry: unknown) => typeof entry !== "string" || !alarms.has(entry))) {
    problems.push(
      `${label} names alarm ${describe(alarm)} in DeploymentPreference.Alarms, which is not the name of a CloudWatch metric alarm of this stack: CloudWatch takes a missing alarm as OK, so it would never roll the shift back; allowed: ${known || "none (the stack has no metric alarm)"}.`,
    );
  }
  return problems;
}

/** The names of the stack's metric alarms, or `undefined` when one is unknown. */
function metricAlarmNames(
  resources: readonly PolicyResource[],
  unknowns: UnknownValues,
): Set<string> | undefined {
  return unknowns.attempt(
    () =>
      new Set(
        resources
          .filter((resource) => resource.isType(cloudwatch.MetricAlarm))
          .map((resource) => (resource.props as Props).name)
          .filter((name): name is string => typeof name === "string"),
      ),
  );
}

/** Checks a prod state machine's own settings and its aliases; returns the aliases it may be started through. */
function checkMachine(
  machine: PolicyResource,
  name: string,
  reason: string,
  stack: {
    readonly aliases: readonly TemplateAlias[];
    readonly unread: readonly string[];
    readonly complete: boolean;
  },
  alarms: ReadonlySet<string> | undefined,
  unknowns: UnknownValues,
  reportViolation: ReportViolation,
): Aliases {
  const label = `State machine ${describe(name)} is prod (${reason})`;
  unknowns.attempt(() => {
    const publish = (machine.props as Props).publish;
    if (publish !== true) {
      reportViolation(
        `${label} with publish ${describe(publish)}; allowed: true, so that each change publishes a version for the live alias to shift to.`,
        machine.urn,
      );
    }
  });
  const aliases = stack.aliases.filter((alias) => alias.versions.some((version) => version.name === name));
  if (aliases.length === 0) {
    if (stack.complete) {
      const unread = stack.unread.length > 0 ? ` Not read: ${stack.unread.join("; ")}.` : "";
      reportViolation(
        `${label} but no CloudFormation stack of this stack declares an AWS::StepFunctions::StateMachineAlias routing to its versions; add one whose DeploymentPreference has StateMachineVersionArn a version of ${describe(name)}, Type "CANARY" or "LINEAR" and Alarms naming this stack's metric alarms, and start executions only through it.${unread}`,
        machine.urn,
      );
    }
    return { names: [], complete: stack.complete };
  }
  // Every alias of a prod state machine gates a rollout: whatever starts one of them reaches the new version
  // only as fast as CloudFormation shifts it.
  for (const alias of aliases) {
    for (const problem of aliasProblems(alias, machine, name, alarms, unknowns))
      reportViolation(problem, alias.stack.urn);
  }
  const names = aliases
    .map((alias) => alias.name)
    .filter((alias): alias is string => typeof alias === "string");
  return { names, complete: stack.complete };
}

/** The alias ARNs a starter should name instead, as a message suggests them. */
function aliasArns(unqualified: string, aliases: Aliases): string {
  const names = aliases.names.length > 0 ? aliases.names : ["<alias name>"];
  return describeAll(names.map((alias) => `${unqualified}:${alias}`));
}

function checkTarget(
  target: PolicyResource,
  machines: readonly ProdMachine[],
  reportViolation: ReportViolation,
): void {
  const arn = parseStateMachineArn((target.props as Props).arn);
  const machine = machines.find((candidate) => candidate.name === arn?.name);
  if (arn === undefined || machine === undefined) return;
  const label = `EventBridge target ${describe(target.name)} starts prod state machine ${describe(machine.name)}`;
  if (arn.qualifier === undefined) {
    reportViolation(
      `${label} through its unqualified ARN ${describe(arn.arn)}, which runs the latest definition past the live alias; set arn to the ARN of its alias: ${aliasArns(arn.unqualified, machine.aliases)}.`,
      target.urn,
    );
  } else if (machine.aliases.complete && !machine.aliases.names.includes(arn.qualifier)) {
    reportViolation(
      `${label} through ${describe(arn.arn)}, ${notAnAlias(arn.qualifier)}; allowed: ${aliasArns(arn.unqualified, machine.aliases)}.`,
      target.urn,
    );
  }
}

/** Why a qualifier is not one to start through. */
function notAnAlias(qualifier: string): string {
  return isVersionQualifier(qualifier)
    ? "a version, which no rollout watches"
    : "not an alias this stack declares for it";
}

/** The qualifiers a statement's condition limits starts to, or `undefined` when it does not limit them. */
function limitedQualifiers(condition: unknown): string[] | undefined {
  const limit = field(condition, QUALIFIER_OPERATOR);
  if (!isRecord(limit)) return undefined;
  const entries = Object.entries(limit).filter(([key]) => key.toLowerCase() === QUALIFIER_KEY.toLowerCase());
  const values = entries.flatMap(([, value]) => elementList(value));
  return entries.length === 0 || values.length === 0 ? undefined : values;
}

/** The resource patterns of a statement that reach the unqualified ARN of `name`, as a message names them. */
function unqualifiedReach(statement: PolicyStatement, name: string): string[] {
  const { Resource: resources, NotResource: notResources } = statement.fields;
  const reach = elementList(resources)
    .filter((pattern) => coversUnqualified(pattern, name))
    .map((pattern) => describe(pattern));
  if (
    notResources !== undefined &&
    !elementList(notResources).some((pattern) => coversUnqualified(pattern, name))
  ) {
    reach.push(`NotResource ${describe(notResources)}`);
  }
  return reach;
}

function checkStatement(
  statement: PolicyStatement,
  label: string,
  machine: ProdMachine,
  report: (message: string) => void,
): void {
  const actions = START_ACTIONS.filter((action) => allowsAction(statement, action));
  if (actions.length === 0) return;
  const where = `${label} ${statement.where} allows ${actions.join(" and ")}`;
  const reach = unqualifiedReach(statement, machine.name);
  if (reach.length > 0) {
    const qualifiers = limitedQualifiers(statement.fields.Condition);
    if (qualifiers === undefined) {
      report(
        `${where} on the unqualified ARN of prod state machine ${describe(machine.name)} (through ${reach.join(", ")}) whatever the qualifier, so it also starts the latest definition past the live alias; add ${qualifierCondition(machine.aliases.names)} (${AUTHORIZED_AGAINST_STATE_MACHINE}).`,
      );
      return;
    }
    const others = qualifiers.filter((qualifier) => !machine.aliases.names.includes(qualifier));
    if (others.length > 0 && machine.aliases.complete) {
      report(
        `${where} on prod state machine ${describe(machine.name)} with ${QUALIFIER_KEY} ${others.map((other) => `${describe(other)} (${notAnAlias(other)})`).join(", ")}; allowed: the names of its aliases, ${machine.aliases.names.length > 0 ? describeAll(machine.aliases.names) : "none (it has none)"}.`,
      );
    }
    return;
  }
  const qualified = elementList(statement.fields.Resource).filter((pattern) =>
    coversQualified(pattern, machine.name),
  );
  if (qualified.length > 0) {
    const unqualified =
      qualified
        .map((pattern) => parseStateMachineArn(pattern)?.unqualified)
        .find((arn) => arn !== undefined) ??
      `arn:<partition>:states:<region>:<account>:stateMachine:${machine.name}`;
    report(
      `${where} only on ${describeAll(qualified)}, qualified ARNs of prod state machine ${describe(machine.name)}, so it allows no start (${AUTHORIZED_AGAINST_STATE_MACHINE}); name ${describe(unqualified)} in Resource with ${qualifierCondition(machine.aliases.names)}.`,
    );
  }
}

const DOCUMENT_LABELS: readonly [Parameters<PolicyResource["isType"]>[0], string][] = [
  [iam.RolePolicy, "Role policy"],
  [iam.Policy, "Managed policy"],
  [iam.Role, "Role"],
];

function checkDocuments(
  resource: PolicyResource,
  machines: readonly ProdMachine[],
  reportViolation: ReportViolation,
): void {
  const documents = policyDocumentsOf(resource)?.filter((document) => document.kind === "identity") ?? [];
  if (documents.length === 0) return;
  const kind = DOCUMENT_LABELS.find(([type]) => resource.isType(type))?.[1] ?? resource.type;
  const label = `${kind} ${describe(resourceName(resource.props, resource.name))}`;
  for (const document of documents) {
    // A document that is not one is reported by no-iam-action-wildcards.
    for (const statement of parseDocument(document).statements.filter(grants)) {
      for (const machine of machines) {
        checkStatement(statement, label, machine, (message) => {
          reportViolation(message, resource.urn);
        });
      }
    }
  }
}

/**
 * A change to the definition reaches every new prod execution at once unless executions start through an
 * alias that CloudFormation moves to the new version a share at a time, watching alarms and moving back when
 * one fires. This holds prod to that: versions published, such an alias, and nothing that starts the
 * unqualified ARN (which runs the latest definition) or a version or alias that no rollout watches.
 */
export const prodStartsOnlyThroughGradualAlias: StackValidationPolicy = {
  name: NAME,
  description:
    "In prod, state machines publish versions and are started only through an alias whose CloudFormation DeploymentPreference is CANARY or LINEAR with the stack's alarms: no EventBridge target or IAM policy starts the unqualified ARN.",
  enforcementLevel: "mandatory",
  configSchema: ENVIRONMENT_CONFIG_SCHEMA,
  validateStack: (args, reportViolation) => {
    const all = args.resources.filter((resource) => resource.isType(sfn.StateMachine));
    if (all.length === 0) args.notApplicable("The stack has no state machine.");
    const config = args.getConfig<EnvironmentConfig>();
    const decided = all.map((resource) => ({
      resource,
      environment: decideEnvironment(config, NAME, (resource.props as Props).tags),
    }));
    const prod = decided.filter((entry) => entry.environment.prod);
    if (prod.length === 0) {
      args.notApplicable([...new Set(decided.map((entry) => entry.environment.reason))].join(" "));
    }
    const unknowns = new UnknownValues();
    const stack = stackAliases(args.resources, (part) => unknowns.attempt(part));
    const alarms = metricAlarmNames(args.resources, unknowns);
    const machines = prod.map(({ resource, environment }): ProdMachine => {
      const name = resourceName(resource.props, resource.name);
      const aliases = checkMachine(
        resource,
        name,
        environment.reason,
        stack,
        alarms,
        unknowns,
        reportViolation,
      );
      return { name, aliases };
    });
    for (const resource of args.resources) {
      if (resource.isType(cloudwatch.EventTarget)) {
        unknowns.attempt(() => {
          checkTarget(resource, machines, reportViolation);
        });
      }
      unknowns.attempt(() => {
        checkDocuments(resource, machines, reportViolation);
      });
    }
    unknowns.finish();
  },
};
