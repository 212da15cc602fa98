import type { StateMachineDefinition } from "aws-local-stepfunctions";

import { cachedSynthesis } from "../../capture/synth-cache";
import { PROJECT_DIR } from "../../model/project-dir";
import { LocalSimulator } from "../../engine/simulator";
import { planTasks } from "../../engine/task-plan";
import { serveDeployment, untilStopped } from "../serve/serve";
import { gatewayOf, withGateway } from "../shared/gateway";
import { runCanary } from "./canary/run-canary";
import type { ExecutionResult } from "./execution-result";
import { FaultBudget, faultableServices, parseFaultSpec } from "./fault-spec";
import { info } from "./info";
import type { CliOptions } from "./options";
import { renderJson } from "./render-json";
import { renderExecution, renderSummary } from "./render-text";
import { runExecutions } from "./run-executions";
import { pickSeed } from "./seeded-random";
import { checkStack, planRun, simulatorSetup, type StartPlan } from "./start-plan";
import { colourWanted, createStyle } from "./style";
import { DEFECT_EXIT_CODE, UsageError } from "./usage-error";

async function execute(options: CliOptions, plan: StartPlan, hooks: RunHooks): Promise<ExecutionResult[]> {
  const { executions, seed } = plan;
  const setup = simulatorSetup(options, plan);
  info(
    `npm start: stack ${options.stack}, ${executions.length} execution(s), seed ${seed} ` +
      `(repeat with --seed ${seed}), decline rate ${setup.gateway.failureRate}, gateway latency ${setup.gateway.latencyMs} ms, ` +
      `retry waits ${options.fast ? "skipped (--fast)" : "honoured"}`,
  );
  const started = Date.now();
  const simulator = await LocalSimulator.start(setup.deployment, setup.options);
  const results = await runExecutions(simulator, plan.deployment, executions, hooks.concurrency).finally(() =>
    simulator.close(),
  );
  info(`npm start: ${results.length} execution(s) ran in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return results;
}

function render(options: CliOptions, plan: StartPlan, results: readonly ExecutionResult[]): string {
  const { deployment, seed, taskIntegrations } = plan;
  if (options.json) {
    return renderJson(results, { stack: options.stack, seed, region: deployment.region, taskIntegrations });
  }
  const style = createStyle(colourWanted(process.stdout, process.env));
  const header = `Stack ${options.stack}, seed ${seed}: ${results.length} execution(s) of ${deployment.stateMachineName}\n\n`;
  const body = results.map((result, index) =>
    renderExecution(result, `${index + 1}/${results.length}`, style),
  );
  return header + body.join("\n") + "\n" + renderSummary(results, style);
}

/**
 * `npm start -- --serve`: the stack's deployment behind one local AWS endpoint until SIGINT or SIGTERM; its
 * shell exports on stdout, progress on stderr.
 */
async function serve(options: CliOptions, port: number): Promise<void> {
  checkStack(options.stack);
  const { deployment, outputs } = await cachedSynthesis(options.stack);
  const plan = planTasks(JSON.parse(deployment.definition) as StateMachineDefinition, deployment);
  const services = faultableServices([...plan.tasks.values()].map((task) => task.integration));
  const faults = new FaultBudget(options.faults.map((spec) => parseFaultSpec(spec, services)));
  const seed = options.seed ?? pickSeed();
  const stackGateway = gatewayOf(deployment);
  const gateway = {
    failureRate: options.declineRate === undefined ? stackGateway.failureRate : String(options.declineRate),
    latencyMs: options.fast ? "0" : stackGateway.latencyMs,
  };
  const served = await serveDeployment(withGateway(deployment, gateway), outputs, {
    port,
    simulator: {
      retryDelay: options.fast ? "skip" : "honour",
      seed,
      injectFault: (call) => faults.take(call),
    },
  }).catch((error: unknown) => {
    if (error instanceof Error && "code" in error && error.code === "EADDRINUSE") {
      throw new UsageError(`--port ${port} is in use on 127.0.0.1`, "a free port, or --port 0 to pick one");
    }
    throw error;
  });
  info(
    `npm start --serve: stack ${options.stack} at ${served.endpoint.url} (seed ${seed}, decline rate ${gateway.failureRate}); ` +
      "eval the exports below in another shell, or copy them; any credentials will do. Ctrl-C stops it.",
  );
  process.stdout.write(`${served.exports.join("\n")}\n`);
  const signal = await untilStopped();
  info(`npm start --serve: ${signal}, stopping`);
  await served.close();
}

/** `npm start -- --outage-demo`: the outage and its recovery, step by step on stdout; exit 1 unless all recovered. */
async function outageDemo(options: CliOptions, orders: number): Promise<number> {
  checkStack(options.stack);
  const seed = options.seed ?? pickSeed();
  info(`npm start --outage-demo: stack ${options.stack}, seed ${seed} (repeat with --seed ${seed})`);
  // The AWS SDK loads for the demo only.
  const { runOutageDemo } = await import("./outage-demo");
  const recovered = await runOutageDemo({ stack: options.stack, orders, seed }, (line) =>
    process.stdout.write(`${line}\n`),
  );
  if (recovered) return 0;
  info("npm start --outage-demo: not every order was recovered (see above)");
  return DEFECT_EXIT_CODE;
}

/** What an in-process caller (a test) may set besides the command line; `npm start` itself sets none. */
export interface RunHooks {
  /**
   * Executions at once (over both versions with --canary); each concurrent Lambda invocation is a worker thread
   * of its own. @default MAX_CONCURRENT_EXECUTIONS
   */
  readonly concurrency?: number;
}

/**
 * `npm start` once its command line is parsed: synthesize the stack, run the executions, print them. Resolves to
 * the exit code.
 */
export async function run(options: CliOptions, hooks: RunHooks = {}): Promise<number> {
  if (options.serve !== undefined) return serve(options, options.serve.port).then(() => 0);
  if (options.outageDemo !== undefined) return outageDemo(options, options.outageDemo.orders);
  if (options.canary !== undefined) {
    return runCanary(options, options.canary.percent, {
      projectDir: PROJECT_DIR,
      write: (text) => process.stdout.write(text),
      style: createStyle(colourWanted(process.stdout, process.env)),
      concurrency: hooks.concurrency,
    });
  }
  const plan = await planRun(options);
  const results = await execute(options, plan, hooks);
  process.stdout.write(render(options, plan, results));
  return 0;
}
