import type { PolicyConfigSchema } from "@pulumi/policy";
import { describe } from "./describe";
import { field } from "./props";

/** The environment the prod rules hold to. */
export const PROD_ENVIRONMENT = "prod";
/** The tag the order-workflow program sets on every resource to its stack name. */
export const ENVIRONMENT_TAG = "Environment";

/** What `--policy-pack-config` may set for a policy that depends on the environment. */
export interface EnvironmentConfig {
  readonly environment?: unknown;
}

export const ENVIRONMENT_CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: {
    environment: {
      type: "string",
      minLength: 1,
      description: `The environment of the stack under check; "${PROD_ENVIRONMENT}" holds every resource to the prod rules. Unset: each resource's ${ENVIRONMENT_TAG} tag decides.`,
    },
  },
};

export class PolicyConfigError extends Error {
  override readonly name = "PolicyConfigError";
}

/** Whether a resource is held to the prod rules, and why, for the report of a policy that does not apply. */
export interface EnvironmentDecision {
  readonly prod: boolean;
  readonly reason: string;
}

/**
 * A resource is prod when the policy config says `environment: "prod"` OR its `Environment` tag is `prod`. The
 * config can only add prod, never take it away: a config file meant for another stack cannot silence the prod
 * rules on resources tagged prod, and a stack whose resources lack the tag can still be checked as prod.
 */
export function decideEnvironment(
  config: EnvironmentConfig,
  policyName: string,
  tags: unknown,
): EnvironmentDecision {
  const configured = config.environment;
  if (configured !== undefined && (typeof configured !== "string" || configured === "")) {
    throw new PolicyConfigError(
      `Policy config \`${policyName}.environment\` must be a non-empty string such as "${PROD_ENVIRONMENT}"; received ${describe(configured)}.`,
    );
  }
  const tagged = field(tags, ENVIRONMENT_TAG);
  if (configured === PROD_ENVIRONMENT)
    return { prod: true, reason: `policy config environment "${PROD_ENVIRONMENT}"` };
  if (tagged === PROD_ENVIRONMENT)
    return { prod: true, reason: `${ENVIRONMENT_TAG} tag "${PROD_ENVIRONMENT}"` };
  return {
    prod: false,
    reason: `Not a ${PROD_ENVIRONMENT} resource: policy config environment ${describe(configured)}, ${ENVIRONMENT_TAG} tag ${describe(tagged)}.`,
  };
}
