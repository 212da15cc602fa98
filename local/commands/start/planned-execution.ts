import type { JsonValue } from "../../model/json";
import type { InjectedFault, TaskCall } from "../../engine/simulator";
import type { Scenario, ScenarioFault } from "./scenario-file";
import { ExecutionNames } from "./seeded-random";

/** One execution the run will start. */
export interface PlannedExecution {
  readonly name: string;
  readonly input: JsonValue;
  /** Set for a sample scenario. */
  readonly scenario?: Pick<Scenario, "about" | "expect">;
  readonly faults: readonly ScenarioFault[];
}

export function planScenarios(scenarios: readonly Scenario[], seed: number): PlannedExecution[] {
  const names = new ExecutionNames(seed);
  return scenarios.map((scenario) => ({
    name: names.next(scenario.name),
    input: scenario.input,
    scenario: { about: scenario.about, expect: scenario.expect },
    faults: scenario.faults,
  }));
}

export function planOrders(orders: readonly JsonValue[], seed: number): PlannedExecution[] {
  const names = new ExecutionNames(seed);
  return orders.map((input, index) => ({ name: names.next(`order-${index + 1}`), input, faults: [] }));
}

/** The scenarios' own faults, each for the first attempts of one state of one execution. */
export function scenarioFaults(
  executions: readonly PlannedExecution[],
): (call: TaskCall) => InjectedFault | undefined {
  const byName = new Map(executions.map((execution) => [execution.name, execution.faults]));
  return (call) => {
    const fault = byName
      .get(call.executionName)
      ?.find((candidate) => candidate.state === call.stateName && call.attempt <= candidate.failAttempts);
    if (fault === undefined) return undefined;
    const message = `injected by the scenario: attempt ${call.attempt} of ${fault.failAttempts} failing`;
    return fault.functionError === undefined
      ? { code: fault.code, message }
      : { functionError: fault.functionError, message };
  };
}
