import { CommanderError } from "commander";
import type { StateMachineDefinition } from "aws-local-stepfunctions";

import { FaultBudget, faultableServices, parseFaultSpec } from "./fault-spec";
import { parseCommandLine, type CliOptions } from "./options";
import type { PlannedExecution } from "./planned-execution";
import { checkScenarioStates, readScenarioFile, SCENARIO_FILE } from "./scenario-file";
import { DEFECT_EXIT_CODE, diagnosticLine, quoted, USAGE_EXIT_CODE, UsageError } from "./usage-error";

function info(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function run(options: CliOptions): Promise<void> {
  // Imported once the command line is parsed: `--help` and bad flags do not wait for Pulumi, the simulator and
  // the AWS SDK to load.
  const [
    { availableStacks },
    { PROJECT_DIR, synthesize },
    { LocalSimulator },
    { planTasks },
    { gatewayOf, withGateway },
    { readOrderFile },
    { planOrders, planScenarios, scenarioFaults },
    { renderJson },
    { renderExecution, renderSummary },
    { runExecutions },
    { pickSeed },
    { colourWanted, createStyle },
  ] = await Promise.all([
    import("../../capture/stack-config"),
    import("../../capture/synth"),
    import("../../engine/simulator"),
    import("../../engine/task-plan"),
    import("../shared/gateway"),
    import("./order-file"),
    import("./planned-execution"),
    import("./render-json"),
    import("./render-text"),
    import("./run-executions"),
    import("./seeded-random"),
    import("./style"),
  ]);
  const stacks = availableStacks(PROJECT_DIR);
  if (!stacks.includes(options.stack)) {
    throw new UsageError(
      `--stack ${quoted(options.stack)} is not a stack of this project`,
      stacks.join(", "),
    );
  }
  const scenarios = options.source.kind === "scenarios" ? await readScenarioFile(PROJECT_DIR) : undefined;
  const orders =
    options.source.kind === "input"
      ? [options.source.input]
      : options.source.kind === "orders"
        ? await readOrderFile(options.source.file)
        : [];

  const { deployment } = await synthesize(options.stack);
  const plan = planTasks(JSON.parse(deployment.definition) as StateMachineDefinition, deployment);
  const taskIntegrations = new Map([...plan.tasks].map(([state, task]) => [state, task.integration]));
  const services = faultableServices(taskIntegrations.values());
  const faults = new FaultBudget(options.faults.map((spec) => parseFaultSpec(spec, services)));
  if (scenarios !== undefined) checkScenarioStates(scenarios, [...plan.tasks.keys()], SCENARIO_FILE);

  const seed = options.seed ?? pickSeed();
  const executions: PlannedExecution[] =
    scenarios === undefined ? planOrders(orders, seed) : planScenarios(scenarios.scenarios, seed);
  const stackGateway = gatewayOf(deployment);
  const declineRate = options.declineRate ?? scenarios?.declineRate;
  const gateway = {
    failureRate: declineRate === undefined ? stackGateway.failureRate : String(declineRate),
    latencyMs: options.fast ? "0" : stackGateway.latencyMs,
  };
  const fromScenario = scenarioFaults(executions);

  info(
    `npm start: stack ${options.stack}, ${executions.length} execution(s), seed ${seed} ` +
      `(repeat with --seed ${seed}), decline rate ${gateway.failureRate}, gateway latency ${gateway.latencyMs} ms, ` +
      `retry waits ${options.fast ? "skipped (--fast)" : "honoured"}`,
  );
  const started = Date.now();
  const simulator = await LocalSimulator.start(withGateway(deployment, gateway), {
    retryDelay: options.fast ? "skip" : "honour",
    seed,
    injectFault: (call) => fromScenario(call) ?? faults.take(call),
  });
  const results = await runExecutions(simulator, deployment, executions).finally(() => simulator.close());
  info(`npm start: ${results.length} execution(s) ran in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  if (options.json) {
    process.stdout.write(
      renderJson(results, { stack: options.stack, seed, region: deployment.region, taskIntegrations }),
    );
    return;
  }
  const style = createStyle(colourWanted(process.stdout, process.env));
  const header = `Stack ${options.stack}, seed ${seed}: ${results.length} execution(s) of ${deployment.stateMachineName}\n\n`;
  const body = results.map((result, index) =>
    renderExecution(result, `${index + 1}/${results.length}`, style),
  );
  process.stdout.write(header + body.join("\n") + "\n" + renderSummary(results, style));
}

/** Exit codes: 0 when every execution ran (FAILED ones included), 2 for bad input, 1 for a defect. */
async function main(argv: readonly string[]): Promise<number> {
  try {
    await run(parseCommandLine(argv, (text) => process.stdout.write(text)));
    return 0;
  } catch (error) {
    if (error instanceof CommanderError && error.exitCode === 0) return 0;
    if (error instanceof UsageError) {
      info(diagnosticLine(error.message));
      return USAGE_EXIT_CODE;
    }
    // Loaded already when run() got far enough to throw these.
    const [{ StackSettingsError }, { SimulatorDefectError }] = await Promise.all([
      import("../../../stacks"),
      import("../../engine/simulator-defect-error"),
    ]);
    if (error instanceof StackSettingsError) {
      info(diagnosticLine(`stack ${error.stackName} has invalid settings: ${error.problems.join("; ")}`));
      return USAGE_EXIT_CODE;
    }
    if (error instanceof SimulatorDefectError) {
      info(diagnosticLine(error.message));
      return DEFECT_EXIT_CODE;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    info(
      diagnosticLine(
        `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      ),
    );
    process.exitCode = DEFECT_EXIT_CODE;
  },
);
