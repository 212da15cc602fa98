import * as policy from "@pulumi/policy";
import type {
  Policies,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";

/** A resource as a test states it: its type token, logical name and props (inputs, as a preview sees them). */
export interface ResourceUnderTest {
  readonly type: string;
  readonly name: string;
  readonly props: Readonly<Record<string, unknown>>;
}

/** Policy config as `--policy-pack-config` gives it: by policy name. */
export type PackConfig = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export interface RunOptions {
  readonly config?: PackConfig;
  /** The stack in the resources' URNs. @default "test" */
  readonly stack?: string;
}

/** One `reportViolation` call. `urn` is the resource's for a resource policy, the one reported for a stack policy. */
export interface Violation {
  readonly policy: string;
  readonly message: string;
  readonly urn: string | undefined;
}

/** What a policy run produced: its violations and, per resource, why the policy did not apply. */
export interface PolicyRun {
  readonly violations: Violation[];
  readonly notApplicable: string[];
  /**
   * Set when the policy read a value unknown during preview: the advisory the policy server reports instead
   * of failing ("can't run policy … during preview: …"). The violations reported before it are kept, as there.
   */
  cannotRunDuringPreview?: string;
}

type ResourceClass = Parameters<ResourceValidationArgs["isType"]>[0];

/** Thrown by `notApplicable`, as the policy server's own error is, to stop the validation where it is called. */
class NotApplicableSignal extends Error {
  override readonly name = "NotApplicableSignal";
}

export const PROJECT = "order-workflow";

export function urnOf(resource: ResourceUnderTest, stack = "test"): string {
  return `urn:pulumi:${stack}::${PROJECT}::${resource.type}::${resource.name}`;
}

const OPTIONS: PolicyResourceOptions = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

/** Same test as the policy server's: the class's type token, else its `isInstance`. */
function isTypeOf(type: string, resourceClass: ResourceClass): boolean {
  const token: unknown = Reflect.get(resourceClass, "__pulumiType");
  if (typeof token === "string") return token === type;
  const isInstance: unknown = Reflect.get(resourceClass, "isInstance");
  return typeof isInstance === "function" && isInstance.call(resourceClass, { __pulumiType: type }) === true;
}

/**
 * The policy server hands rules their props through @pulumi/policy's unknown-checking proxy (exported at runtime,
 * not in its types); the tests use the same proxy so a rule that only works on plain objects fails here too.
 */
function asServed(props: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const proxy: unknown = Reflect.get(policy, "unknownCheckingProxy");
  if (typeof proxy !== "function") throw new Error("@pulumi/policy no longer exports unknownCheckingProxy.");
  return proxy.call(undefined, { ...props }) as Record<string, unknown>;
}

/** The policy's own config, or `{}`, as the policy server answers `getConfig()`; the rule states its shape. */
function configOf(options: RunOptions, policyName: string): StackValidationArgs["getConfig"] {
  const config: object = options.config?.[policyName] ?? {};
  return (() => config) as StackValidationArgs["getConfig"];
}

/** The error @pulumi/policy's proxy throws on an unknown value (exported at runtime, not in its types). */
const UNKNOWN_VALUE_ERROR: unknown = Reflect.get(policy, "UnknownValueError");

/** What the policy server does with an error a policy throws: `true` when the run records it, as the server does. */
function recorded(error: unknown, run: PolicyRun, policyName: string): boolean {
  if (error instanceof NotApplicableSignal) {
    run.notApplicable.push(error.message);
    return true;
  }
  if (typeof UNKNOWN_VALUE_ERROR === "function" && error instanceof UNKNOWN_VALUE_ERROR) {
    run.cannotRunDuringPreview = `can't run policy '${policyName}' during preview: ${(error as Error).message}`;
    return true;
  }
  return false;
}

function throwNotApplicable(reason?: string): never {
  throw new NotApplicableSignal(reason ?? "Policy does not apply");
}

function validationsOf(rule: ResourceValidationPolicy): policy.ResourceValidation[] {
  const { validateResource } = rule;
  if (validateResource === undefined) return [];
  return Array.isArray(validateResource) ? validateResource : [validateResource];
}

/** Runs one resource policy over one resource as `pulumi preview` would, collecting what it reports. */
export async function runResourcePolicy(
  rule: ResourceValidationPolicy,
  resource: ResourceUnderTest,
  options: RunOptions = {},
): Promise<PolicyRun> {
  const run: PolicyRun = { violations: [], notApplicable: [] };
  const urn = urnOf(resource, options.stack);
  const props = asServed(resource.props);
  for (const validation of validationsOf(rule)) {
    const args: ResourceValidationArgs = {
      type: resource.type,
      props,
      urn,
      name: resource.name,
      opts: OPTIONS,
      stackTags: new Map<string, string>(),
      isType: (resourceClass) => isTypeOf(resource.type, resourceClass),
      // The typed view of the props is the props themselves, as in the policy server.
      asType: ((resourceClass: ResourceClass) =>
        isTypeOf(resource.type, resourceClass) ? props : undefined) as ResourceValidationArgs["asType"],
      getConfig: configOf(options, rule.name),
      notApplicable: throwNotApplicable,
    };
    try {
      // A resource policy always reports against the resource it validates, whatever urn it passes.
      await validation(args, (message) => run.violations.push({ policy: rule.name, message, urn }));
    } catch (error) {
      if (!recorded(error, run, rule.name)) throw error;
    }
  }
  return run;
}

function policyResourceOf(resource: ResourceUnderTest, options: RunOptions): PolicyResource {
  const props = asServed(resource.props);
  return {
    type: resource.type,
    props,
    urn: urnOf(resource, options.stack),
    name: resource.name,
    opts: OPTIONS,
    dependencies: [],
    propertyDependencies: {},
    isType: (resourceClass) => isTypeOf(resource.type, resourceClass),
    asType: ((resourceClass: ResourceClass) =>
      isTypeOf(resource.type, resourceClass) ? props : undefined) as PolicyResource["asType"],
  };
}

/** Runs one stack policy over a stack's resources as the end of `pulumi preview` would, collecting what it reports. */
export async function runStackPolicy(
  rule: StackValidationPolicy,
  resources: readonly ResourceUnderTest[],
  options: RunOptions = {},
): Promise<PolicyRun> {
  const run: PolicyRun = { violations: [], notApplicable: [] };
  const args: StackValidationArgs = {
    resources: resources.map((resource) => policyResourceOf(resource, options)),
    stackTags: new Map<string, string>(),
    getConfig: configOf(options, rule.name),
    notApplicable: throwNotApplicable,
  };
  try {
    await rule.validateStack(args, (message, urn) =>
      run.violations.push({ policy: rule.name, message, urn }),
    );
  } catch (error) {
    if (!recorded(error, run, rule.name)) throw error;
  }
  return run;
}

function isStackPolicy(rule: Policies[number]): rule is StackValidationPolicy {
  return "validateStack" in rule;
}

/** What a whole pack reported over a stack, and which of its policies applied to anything. */
export interface PackRun {
  readonly violations: Violation[];
  /** Names of the policies that applied to at least one resource (or, for a stack policy, to the stack). */
  readonly applied: string[];
}

/** A whole pack over a stack: each resource policy on each resource, then each stack policy. */
export async function runPack(
  policies: Policies,
  resources: readonly ResourceUnderTest[],
  options: RunOptions = {},
): Promise<PackRun> {
  const pack: PackRun = { violations: [], applied: [] };
  for (const rule of policies) {
    const runs = isStackPolicy(rule)
      ? [await runStackPolicy(rule, resources, options)]
      : await Promise.all(resources.map((resource) => runResourcePolicy(rule, resource, options)));
    pack.violations.push(...runs.flatMap((run) => run.violations));
    if (runs.some((run) => run.notApplicable.length === 0)) pack.applied.push(rule.name);
  }
  return pack;
}
