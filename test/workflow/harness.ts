import type { Deployment } from "../../local/deployment";
import { LocalSimulator, type SimulatorOptions } from "../../local/simulator";
import { synthesize } from "../../local/synth";

export { JAVASCRIPT_BUILT_IN_ERRORS } from "../../local/simulator-defect-error";

/** The authorize function's settings, as a test chooses them; the deployed archive and everything else unchanged. */
export interface GatewaySettings {
  readonly failureRate: string;
  readonly latencyMs?: string;
}

export function withGateway(deployment: Deployment, gateway: GatewaySettings): Deployment {
  return {
    ...deployment,
    functions: deployment.functions.map((fn) =>
      fn.name.endsWith("-authorize-payment")
        ? {
            ...fn,
            environment: {
              ...fn.environment,
              AUTH_FAILURE_RATE: gateway.failureRate,
              AUTH_LATENCY_MS: gateway.latencyMs ?? "0",
            },
          }
        : fn,
    ),
  };
}

/** The dev stack's deployment, as synthesized under mocks, running in the local simulator. */
export async function startDev(
  gateway: GatewaySettings,
  options: SimulatorOptions = {},
): Promise<LocalSimulator> {
  const { deployment } = await synthesize("dev");
  return LocalSimulator.start(withGateway(deployment, gateway), { retryDelay: "skip", ...options });
}
