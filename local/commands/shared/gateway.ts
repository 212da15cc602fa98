import { AUTH_FAILURE_RATE_ENV, AUTH_LATENCY_MS_ENV } from "../../../functions/authorize-payment/config";
import type { DeployedFunction, Deployment } from "../../model/deployment";

/** The authorize function's simulated payment gateway, as its environment configures it. */
export interface GatewaySettings {
  /** AUTH_FAILURE_RATE: the probability of a decline, "0" to "1". */
  readonly failureRate: string;
  /** AUTH_LATENCY_MS. @default "0" */
  readonly latencyMs?: string;
}

const AUTHORIZE_FUNCTION_SUFFIX = "-authorize-payment";

function isAuthorizeFunction(fn: DeployedFunction): boolean {
  return fn.name.endsWith(AUTHORIZE_FUNCTION_SUFFIX);
}

/**
 * The deployment with the authorize function's gateway settings replaced; its archive and everything else
 * unchanged, so a local run still exercises exactly what the stack deploys.
 */
export function withGateway(deployment: Deployment, gateway: GatewaySettings): Deployment {
  return {
    ...deployment,
    functions: deployment.functions.map((fn) =>
      isAuthorizeFunction(fn)
        ? {
            ...fn,
            environment: {
              ...fn.environment,
              [AUTH_FAILURE_RATE_ENV]: gateway.failureRate,
              [AUTH_LATENCY_MS_ENV]: gateway.latencyMs ?? "0",
            },
          }
        : fn,
    ),
  };
}

/** The gateway settings the stack deploys. */
export function gatewayOf(deployment: Deployment): Required<GatewaySettings> {
  const fn = deployment.functions.find(isAuthorizeFunction);
  const failureRate = fn?.environment[AUTH_FAILURE_RATE_ENV];
  const latencyMs = fn?.environment[AUTH_LATENCY_MS_ENV];
  if (failureRate === undefined || latencyMs === undefined) {
    throw new Error(
      `The deployment has no function named *${AUTHORIZE_FUNCTION_SUFFIX} with ${AUTH_FAILURE_RATE_ENV} and ` +
        `${AUTH_LATENCY_MS_ENV} set; its functions: ${deployment.functions.map((candidate) => candidate.name).join(", ")}`,
    );
  }
  return { failureRate, latencyMs };
}
