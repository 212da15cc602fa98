import type { ExecutionResult } from "../execution-result";
import type { ComparisonResults } from "./comparison";
import { VERSIONS, type Version } from "./routing";
import { summariseVersion, verdictOf, type Verdict, type VersionSummary } from "./summary";

/**
 * Why both versions run the same functions, and where the local run differs from AWS: said in the report, since a
 * reviewer might expect otherwise.
 */
export const FUNCTIONS_NOTE =
  "Both versions run today's Lambda functions: the program does not version them, so on AWS too a canary " +
  "shifts only the definition. Locally each version has its own in-memory table, topic and queue, so an order " +
  "replayed on the other version does not find the first one's record.";

/** What the comparison ran and found, for the text and JSON renderers. */
export interface CanaryReport {
  readonly stack: string;
  readonly seed: number;
  readonly percent: number;
  readonly stateMachineName: string;
  /** Where the baseline came from, relative to the project. */
  readonly baselineFile: string;
  /** The candidate's definition is the committed one: the program did not change the state machine. */
  readonly identical: boolean;
  readonly routes: readonly Version[];
  readonly results: ComparisonResults;
  readonly summaries: Readonly<Record<Version, VersionSummary>>;
  /** Some executions are sample scenarios, with an expected outcome each. */
  readonly withScenarios: boolean;
  readonly verdict: Verdict;
}

export type CanaryRun = Omit<CanaryReport, "summaries" | "withScenarios" | "verdict">;

export function canaryReport(run: CanaryRun): CanaryReport {
  const summaries = {
    baseline: summariseVersion(run.results.baseline),
    candidate: summariseVersion(run.results.candidate),
  };
  const withScenarios = VERSIONS.some((version) =>
    run.results[version].some((result) => result.planned.scenario !== undefined),
  );
  return { ...run, summaries, withScenarios, verdict: verdictOf(summaries, withScenarios) };
}

/** Every execution with its version, in the order they were started. */
export function inStartOrder(
  report: Pick<CanaryReport, "routes" | "results">,
): { readonly version: Version; readonly result: ExecutionResult }[] {
  const next: Record<Version, number> = { baseline: 0, candidate: 0 };
  return report.routes.flatMap((version) => {
    const result = report.results[version][next[version]];
    next[version] += 1;
    return result === undefined ? [] : [{ version, result }];
  });
}

/** How the report names a version's definition. */
export function definitionLabel(report: Pick<CanaryReport, "baselineFile">, version: Version): string {
  return version === "baseline"
    ? `${report.baselineFile}, the committed definition`
    : "the current program's definition";
}
