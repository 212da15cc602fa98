import { LocalSimulator, type SimulatorOptions } from "../../../engine/simulator";
import type { Deployment } from "../../../model/deployment";
import type { ExecutionResult } from "../execution-result";
import type { PlannedExecution } from "../planned-execution";
import { runRoutedExecutions } from "../run-executions";
import { VERSIONS, type Version } from "./routing";

/** What a comparison runs: one deployment, two definitions of its state machine, and where each order goes. */
export interface ComparisonInput {
  /**
   * The functions, tables, topics and queues both versions run on, gateway settings applied; its own definition is
   * not used. Lambda functions are not versioned by the program, so a published version of the state machine
   * invokes the same (latest) functions as any other: only the definition differs between the two.
   */
  readonly deployment: Deployment;
  readonly definitions: Readonly<Record<Version, string>>;
  readonly executions: readonly PlannedExecution[];
  /** Which version runs each execution, by index; see routeExecutions. */
  readonly routes: readonly Version[];
  /** Shared by both simulators: the scenarios' faults (per execution) and the run's seed, as in a plain `npm start`. */
  readonly simulator: SimulatorOptions;
  /**
   * How many executions run at once, over both versions; each Lambda invocation is a worker thread, and on a
   * loaded machine many at once can outlast a function's timeout. @default MAX_CONCURRENT_EXECUTIONS
   */
  readonly concurrency?: number;
}

/** Each version's executions, in start order. */
export type ComparisonResults = Readonly<Record<Version, readonly ExecutionResult[]>>;

/**
 * Runs each execution on the version its route names, both versions at once. Each version runs in a simulator
 * of its own (its own in-memory table, topic and queue, on the same deployment), as the engine runs one
 * definition per simulator.
 */
export async function runComparison(input: ComparisonInput): Promise<ComparisonResults> {
  if (input.routes.length !== input.executions.length) {
    throw new Error(`${input.executions.length} executions were given ${input.routes.length} routes`);
  }
  const simulators = await startBoth(input);
  try {
    const routed = input.executions.map((planned, index) => ({
      planned,
      version: input.routes[index] ?? "baseline",
    }));
    const results = await runRoutedExecutions(
      routed.map(({ planned, version }) => ({ planned, simulator: simulators[version] })),
      input.deployment,
      input.concurrency,
    );
    const of = (version: Version): ExecutionResult[] =>
      results.filter((_, index) => routed[index]?.version === version);
    return { baseline: of("baseline"), candidate: of("candidate") };
  } finally {
    await Promise.all(VERSIONS.map((version) => simulators[version].close()));
  }
}

/** Both simulators, or neither: one that started is closed when the other fails to. */
async function startBoth(input: ComparisonInput): Promise<Record<Version, LocalSimulator>> {
  const started = await Promise.allSettled(
    VERSIONS.map((version) =>
      LocalSimulator.start({ ...input.deployment, definition: input.definitions[version] }, input.simulator),
    ),
  );
  const [baseline, candidate] = started;
  if (baseline?.status === "fulfilled" && candidate?.status === "fulfilled") {
    return { baseline: baseline.value, candidate: candidate.value };
  }
  await Promise.all(
    started.flatMap((result) => (result.status === "fulfilled" ? [result.value.close()] : [])),
  );
  const failed = started.find((result) => result.status === "rejected");
  throw failed?.reason;
}
