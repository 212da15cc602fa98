import { withGateway, type GatewaySettings } from "../../local/commands/shared/gateway";
import { LocalSimulator, type SimulatorOptions } from "../../local/engine/simulator";
import { cachedSynthesis } from "../../local/capture/synth-cache";

export { JAVASCRIPT_BUILT_IN_ERRORS } from "../../local/engine/simulator-defect-error";
export { withGateway, type GatewaySettings } from "../../local/commands/shared/gateway";

/** The dev stack's deployment, as synthesized under mocks, running in the local simulator. */
export async function startDev(
  gateway: GatewaySettings,
  options: SimulatorOptions = {},
): Promise<LocalSimulator> {
  const { deployment } = await cachedSynthesis("dev");
  return LocalSimulator.start(withGateway(deployment, gateway), { retryDelay: "skip", ...options });
}
