import type { StateMachineDefinition } from "aws-local-stepfunctions";

import { availableStacks } from "../../capture/stack-config";
import { cachedSynthesis } from "../../capture/synth-cache";
import type { SimulatorOptions } from "../../engine/simulator";
import { planTasks, type Integration } from "../../engine/task-plan";
import type { Deployment } from "../../model/deployment";
import { PROJECT_DIR } from "../../model/project-dir";
import { gatewayOf, withGateway, type GatewaySettings } from "../shared/gateway";
import { FaultBudget, faultableServices, parseFaultSpec } from "./fault-spec";
import type { CliOptions } from "./options";
import { readOrderFile } from "./order-file";
import { planOrders, planScenarios, scenarioFaults, type PlannedExecution } from "./planned-execution";
import { checkScenarioStates, readScenarioFile, SCENARIO_FILE } from "./scenario-file";
import { pickSeed } from "./seeded-random";
import { quoted, UsageError } from "./usage-error";

/** What one `npm start` runs: the stack's deployment, the executions planned for it, and the faults to inject. */
export interface StartPlan {
  readonly deployment: Deployment;
  readonly executions: readonly PlannedExecution[];
  readonly taskIntegrations: ReadonlyMap<string, Integration>;
  readonly faults: FaultBudget;
  readonly seed: number;
  readonly declineRate: number | undefined;
}

export function checkStack(stack: string): void {
  const stacks = availableStacks(PROJECT_DIR);
  if (!stacks.includes(stack)) {
    throw new UsageError(`--stack ${quoted(stack)} is not a stack of this project`, stacks.join(", "));
  }
}

/** The stack synthesized, the orders read and planned, the faults checked against its integrations. */
export async function planRun(options: CliOptions): Promise<StartPlan> {
  checkStack(options.stack);
  const scenarios = options.source.kind === "scenarios" ? await readScenarioFile(PROJECT_DIR) : undefined;
  const orders =
    options.source.kind === "input"
      ? [options.source.input]
      : options.source.kind === "orders"
        ? await readOrderFile(options.source.file)
        : [];

  const { deployment } = await cachedSynthesis(options.stack);
  const plan = planTasks(JSON.parse(deployment.definition) as StateMachineDefinition, deployment);
  const taskIntegrations = new Map([...plan.tasks].map(([state, task]) => [state, task.integration]));
  const services = faultableServices(taskIntegrations.values());
  const faults = new FaultBudget(options.faults.map((spec) => parseFaultSpec(spec, services)));
  if (scenarios !== undefined) checkScenarioStates(scenarios, [...plan.tasks.keys()], SCENARIO_FILE);

  const seed = options.seed ?? pickSeed();
  const executions =
    scenarios === undefined ? planOrders(orders, seed) : planScenarios(scenarios.scenarios, seed);
  return {
    deployment,
    executions,
    taskIntegrations,
    faults,
    seed,
    declineRate: options.declineRate ?? scenarios?.declineRate,
  };
}

/** How the plan's simulators run: the deployment with the run's gateway, and the waits, seed and faults. */
export interface SimulatorSetup {
  readonly deployment: Deployment;
  readonly gateway: Required<GatewaySettings>;
  readonly options: SimulatorOptions;
}

export function simulatorSetup(options: CliOptions, plan: StartPlan): SimulatorSetup {
  const stackGateway = gatewayOf(plan.deployment);
  const gateway = {
    failureRate: plan.declineRate === undefined ? stackGateway.failureRate : String(plan.declineRate),
    latencyMs: options.fast ? "0" : stackGateway.latencyMs,
  };
  const fromScenario = scenarioFaults(plan.executions);
  return {
    deployment: withGateway(plan.deployment, gateway),
    gateway,
    options: {
      retryDelay: options.fast ? "skip" : "honour",
      seed: plan.seed,
      injectFault: (call) => fromScenario(call) ?? plan.faults.take(call),
    },
  };
}
