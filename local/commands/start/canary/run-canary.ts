import type { TaskPlan } from "../../../engine/task-plan";
import { info } from "../info";
import type { CliOptions } from "../options";
import { checkStack, planRun, simulatorSetup, type StartPlan } from "../start-plan";
import type { Style } from "../style";
import { canaryReport, definitionLabel, type CanaryReport } from "./canary-report";
import { runComparison } from "./comparison";
import { renderCanaryJson } from "./render-canary-json";
import { renderCanaryText } from "./render-canary-text";
import { routeExecutions, type Version } from "./routing";
import { baselinePlan, readSnapshotDefinition, sameDefinition } from "./snapshot";

/**
 * The exit code when the candidate does worse than the baseline: a pull request's check fails before the change
 * is merged, as the rollout's alarms would roll it back after.
 */
export const CANDIDATE_WORSE_EXIT_CODE = 1;

export interface CanaryIo {
  /** Where `snapshots/<stack>/definition.json` is read from. */
  readonly projectDir: string;
  /** stdout: the report. */
  readonly write: (text: string) => void;
  readonly style: Style;
  /** Executions at once, over both versions. @default MAX_CONCURRENT_EXECUTIONS */
  readonly concurrency?: number;
}

function startLine(
  options: CliOptions,
  plan: StartPlan,
  routes: readonly Version[],
  baseline: string,
): string {
  const onCandidate = routes.filter((version) => version === "candidate").length;
  const waits = options.fast ? "skipped (--fast)" : "honoured";
  return (
    `npm start --canary: stack ${options.stack}, ${routes.length} execution(s), ${onCandidate} on the candidate ` +
    `(the current program), ${routes.length - onCandidate} on the baseline (${baseline}); seed ${plan.seed} ` +
    `(repeat with --seed ${plan.seed}), retry waits ${waits}`
  );
}

/**
 * `npm start -- --canary <percent>`: the orders split between the committed snapshot's definition (the baseline)
 * and the current program's (the candidate), each version's outcomes, transitions and failures compared.
 * Resolves to the exit code: 0, or CANDIDATE_WORSE_EXIT_CODE.
 */
export async function runCanary(options: CliOptions, percent: number, io: CanaryIo): Promise<number> {
  checkStack(options.stack);
  const snapshot = await readSnapshotDefinition(io.projectDir, options.stack);
  const plan = await planRun(options);
  const baseline = baselinePlan(plan.deployment, options.stack, snapshot);
  const setup = simulatorSetup(options, plan);
  const routes = routeExecutions(plan.executions.length, percent, plan.seed);
  const identical = sameDefinition(snapshot.definition, plan.deployment.definition);
  info(startLine(options, plan, routes, snapshot.file));
  if (identical) info("npm start --canary: the candidate is the committed definition");
  const started = Date.now();
  const results = await runComparison({
    deployment: setup.deployment,
    // Equal definitions run from the same text, so that even key order (a message body's, say) is the same.
    definitions: {
      baseline: identical ? plan.deployment.definition : snapshot.definition,
      candidate: plan.deployment.definition,
    },
    executions: plan.executions,
    routes,
    simulator: setup.options,
    concurrency: io.concurrency,
  });
  info(
    `npm start --canary: ${routes.length} execution(s) ran in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  const report = canaryReport({
    stack: options.stack,
    seed: plan.seed,
    percent,
    stateMachineName: plan.deployment.stateMachineName,
    baselineFile: snapshot.file,
    identical,
    routes,
    results,
  });
  io.write(rendered(options, plan, baseline, report, io.style));
  // The text report ends with the verdict; a JSON one is read by a program, so a person sees it here.
  if (options.json) info(`npm start --canary: ${report.verdict.line}`);
  if (!report.verdict.candidateWorse) return 0;
  info(
    `npm start --canary: exit ${CANDIDATE_WORSE_EXIT_CODE}, the candidate (${definitionLabel(report, "candidate")}) does worse`,
  );
  return CANDIDATE_WORSE_EXIT_CODE;
}

function rendered(
  options: CliOptions,
  plan: StartPlan,
  baseline: TaskPlan,
  report: CanaryReport,
  style: Style,
): string {
  if (!options.json) return renderCanaryText(report, style);
  return renderCanaryJson(report, {
    region: plan.deployment.region,
    taskIntegrations: {
      baseline: new Map([...baseline.tasks].map(([state, task]) => [state, task.integration])),
      candidate: plan.taskIntegrations,
    },
  });
}
