import { cachedSynthesis } from "../../local/capture/synth-cache";
import { withGateway } from "../../local/commands/shared/gateway";
import { canaryReport } from "../../local/commands/start/canary/canary-report";
import { runComparison, type ComparisonResults } from "../../local/commands/start/canary/comparison";
import { routeExecutions, type Version } from "../../local/commands/start/canary/routing";
import { outcomeOf, type ExecutionResult } from "../../local/commands/start/execution-result";
import {
  planOrders,
  planScenarios,
  scenarioFaults,
  type PlannedExecution,
} from "../../local/commands/start/planned-execution";
import { readScenarioFile } from "../../local/commands/start/scenario-file";
import { formatSortedJson } from "../../local/commands/synth-report/sorted-json";
import type { Deployment } from "../../local/model/deployment";
import { PROJECT_DIR } from "../../local/model/project-dir";

const SEED = 3;
/**
 * One execution at a time, over both versions: each concurrent Lambda invocation is a worker thread of its own
 * (about a tenth of a CPU-second to start and load its handler), and one at a time keeps every invocation within
 * its function's timeout on a loaded machine, so that no order ends on a Sandbox.Timedout the routing did not
 * cause. What each order does is the seed's whatever the interleaving (see SimulatorOptions.seed).
 */
const CONCURRENCY = 1;

let deployment: Deployment;
let scenarios: PlannedExecution[];

beforeAll(async () => {
  const synthesis = await cachedSynthesis("dev");
  // The scenarios' declines are injected; the gateway's own random ones are off, as npm start runs them.
  deployment = withGateway(synthesis.deployment, { failureRate: "0" });
  scenarios = planScenarios((await readScenarioFile(PROJECT_DIR)).scenarios, SEED);
});

/** The definition as `npm run synth` writes its snapshot: keys sorted, pretty-printed. */
function asSnapshot(definition: string): string {
  return formatSortedJson(JSON.parse(definition), "the definition");
}

function compare(
  definitions: Readonly<Record<Version, string>>,
  executions: readonly PlannedExecution[],
  routes: readonly Version[],
): Promise<ComparisonResults> {
  return runComparison({
    deployment,
    definitions,
    executions,
    routes,
    simulator: { retryDelay: "skip", seed: SEED, injectFault: scenarioFaults(executions) },
    concurrency: CONCURRENCY,
  });
}

/** What an order did, whichever version ran it. */
function ending(result: ExecutionResult): unknown {
  const { report } = result;
  return {
    name: report.executionName,
    status: report.status,
    outcome: outcomeOf(result),
    error: report.error,
    states: report.statesEntered,
    transitions: report.transitions,
  };
}

function byName(results: ComparisonResults): Map<string, unknown> {
  return new Map(
    [...results.baseline, ...results.candidate].map((result) => [result.planned.name, ending(result)]),
  );
}

test("with the program unchanged, every scenario ends the same on either version, as it expects", async () => {
  const unchanged = { baseline: asSnapshot(deployment.definition), candidate: deployment.definition };
  const allBaseline = await compare(
    unchanged,
    scenarios,
    scenarios.map(() => "baseline"),
  );
  const allCandidate = await compare(
    unchanged,
    scenarios,
    scenarios.map(() => "candidate"),
  );
  const split = await compare(unchanged, scenarios, routeExecutions(scenarios.length, 50, SEED));

  expect(allBaseline.candidate).toEqual([]);
  expect(allCandidate.baseline).toEqual([]);
  expect(allCandidate.candidate.map(ending)).toEqual(allBaseline.baseline.map(ending));
  expect(byName(split)).toEqual(byName(allBaseline));
  expect(split.candidate.map((result) => result.planned.name)).toEqual(
    [0, 3, 4, 5, 6, 7, 9, 12, 13].map((index) => scenarios[index]?.name),
  );
  expect(
    [...split.baseline, ...split.candidate].filter(
      (result) => outcomeOf(result) !== result.planned.scenario?.expect,
    ),
  ).toEqual([]);

  const report = canaryReport({
    stack: "dev",
    seed: SEED,
    percent: 50,
    stateMachineName: deployment.stateMachineName,
    baselineFile: "snapshots/dev/definition.json",
    identical: true,
    routes: routeExecutions(scenarios.length, 50, SEED),
    results: split,
  });
  expect(report.verdict.candidateWorse).toBe(false);
  expect(report.summaries.baseline.unexpected).toEqual([]);
  expect(report.summaries.candidate.unexpected).toEqual([]);
});

/** The payment step reads the order from a path that does not exist: States.Runtime, which no Catch takes. */
function withWrongPaymentPath(definition: string): string {
  const parsed = JSON.parse(definition) as {
    States: { AuthorizePayment: { Parameters: { Payload: Record<string, string> } } };
  };
  parsed.States.AuthorizePayment.Parameters.Payload["order.$"] = "$.orderr";
  return JSON.stringify(parsed);
}

test("a broken candidate fails exactly the orders routed to it, and the baseline's share passes", async () => {
  const orders = Array.from({ length: 20 }, (_, index) => ({
    orderId: `o-${index + 1}`,
    amount: 10 + index,
  }));
  const executions = planOrders(orders, SEED);
  const routes = routeExecutions(executions.length, 30, SEED);
  const results = await compare(
    { baseline: asSnapshot(deployment.definition), candidate: withWrongPaymentPath(deployment.definition) },
    executions,
    routes,
  );

  const routedTo = (version: Version): string[] =>
    executions.flatMap((execution, index) => (routes[index] === version ? [execution.name] : []));
  expect(results.candidate.map((result) => result.planned.name)).toEqual(routedTo("candidate"));
  expect(results.candidate.map((result) => result.planned.input)).toEqual(
    [0, 5, 6, 9, 13, 15, 16, 18].map((index) => orders[index]),
  );
  expect(results.candidate.map(ending)).toEqual(
    results.candidate.map((result) => ({
      name: result.planned.name,
      status: "FAILED",
      outcome: "FAILED",
      error: "States.Runtime",
      states: ["ValidateOrder", "IsOrderValid", "AuthorizePayment"],
      transitions: 3,
    })),
  );
  expect(results.candidate.map((result) => result.report.cause)).toEqual(
    results.candidate.map(() => "Path expression '$.orderr' does not point to a value"),
  );
  expect(results.baseline.map((result) => result.planned.name)).toEqual(routedTo("baseline"));
  expect(results.baseline.map(outcomeOf)).toEqual(results.baseline.map(() => "AUTHORIZED"));

  const report = canaryReport({
    stack: "dev",
    seed: SEED,
    percent: 30,
    stateMachineName: deployment.stateMachineName,
    baselineFile: "snapshots/dev/definition.json",
    identical: false,
    routes,
    results,
  });
  expect(report.summaries.candidate).toMatchObject({
    executions: 8,
    statuses: { FAILED: 8 },
    outcomes: { FAILED: 8 },
    transitions: { total: 24, perExecution: 3 },
  });
  expect(report.summaries.baseline).toMatchObject({
    executions: 12,
    statuses: { SUCCEEDED: 12 },
    outcomes: { AUTHORIZED: 12 },
    transitions: { total: 60, perExecution: 5 },
    failures: [],
  });
  expect(report.verdict).toEqual({
    candidateWorse: true,
    line: "verdict: candidate: 8 of 8 failed (100%); baseline: 0 of 12 (0%). The candidate does worse than the baseline.",
  });
});
