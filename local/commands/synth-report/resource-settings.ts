import type { CapturedResource } from "../../capture/pulumi-mocks";
import { digest } from "./digest";
import { readableValue } from "./input-values";

/** The resource types the report links to one another; any other type is shown with the default. */
export const RESOURCE_TYPES = {
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  stateMachine: "aws:sfn/stateMachine:StateMachine",
} as const;

/** The report's own files, which resources.yaml points to instead of repeating them. */
export const REPORT_FILES = {
  resources: "resources.yaml",
  definition: "definition.json",
  executionPolicy: "execution-policy.json",
} as const;

/** Every resource of a synthesis, with the context a summary needs beyond the resource's own inputs. */
export interface ResourceContext {
  readonly resources: readonly CapturedResource[];
  readonly projectDir: string;
}

function ofType(resources: readonly CapturedResource[], type: string): CapturedResource[] {
  return resources.filter((resource) => resource.type === type);
}

/** IAM resources point at a role by name (attachments) or by id (inline policies). */
function refersTo(role: CapturedResource, reference: unknown): boolean {
  return reference === role.state.name || reference === role.state.id;
}

/** The inline policies of the role the state machine runs as: the execution policy. */
export function executionPolicies(resources: readonly CapturedResource[]): CapturedResource[] {
  const roleArns = ofType(resources, RESOURCE_TYPES.stateMachine).map((machine) => machine.inputs.roleArn);
  const roles = ofType(resources, RESOURCE_TYPES.role).filter((role) => roleArns.includes(role.state.arn));
  return ofType(resources, RESOURCE_TYPES.rolePolicy).filter((policy) =>
    roles.some((role) => refersTo(role, policy.inputs.role)),
  );
}

/**
 * Resources whose settings are shown differently from their inputs: documents that have a report file of
 * their own are a pointer and a digest, and a role lists what is attached to it (attachments are resources of
 * their own in Pulumi, but a reviewer asks "what may this role do?").
 */
const OVERRIDES: Readonly<
  Record<
    string,
    (inputs: Record<string, unknown>, resource: CapturedResource, context: ResourceContext) => void
  >
> = {
  [RESOURCE_TYPES.stateMachine]: (inputs, resource) => {
    if (typeof resource.inputs.definition === "string") {
      inputs.definition = { file: REPORT_FILES.definition, ...digest(resource.inputs.definition) };
    }
  },
  [RESOURCE_TYPES.rolePolicy]: (inputs, resource, context) => {
    if (
      typeof resource.inputs.policy === "string" &&
      executionPolicies(context.resources).includes(resource)
    ) {
      inputs.policy = { file: REPORT_FILES.executionPolicy, ...digest(resource.inputs.policy) };
    }
  },
  [RESOURCE_TYPES.role]: (inputs, role, context) => {
    const attached = (type: string, field: string) =>
      ofType(context.resources, type)
        .filter((resource) => refersTo(role, resource.inputs.role))
        .map((resource) => resource.inputs[field])
        .filter((value): value is string => typeof value === "string")
        .sort();
    inputs.managedPolicyArns = attached(RESOURCE_TYPES.rolePolicyAttachment, "policyArn");
    inputs.inlinePolicies = attached(RESOURCE_TYPES.rolePolicy, "name");
  },
};

/**
 * A resource's key settings. By default every input, readable (JSON parsed, archives and large strings as
 * digests): a new input, or a new resource type, then shows up in the diff without anyone updating this file.
 * `tags` is left to the caller, which shows the stack's common tags once.
 */
export async function resourceSettings(
  resource: CapturedResource,
  context: ResourceContext,
): Promise<Record<string, unknown>> {
  const what = `${resource.type} ${resource.name}`;
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource.inputs)) {
    if (key === "tags" || value === undefined) continue;
    settings[key] = await readableValue(value, `${what} ${key}`, context.projectDir);
  }
  OVERRIDES[resource.type]?.(settings, resource, context);
  return settings;
}
