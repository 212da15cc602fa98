import type { ExecutionStatus } from "../../../engine/execution-report";
import { outcomeOf, type ExecutionResult } from "../execution-result";
import type { Version } from "./routing";

/** An execution that did not succeed, with the error and cause its history ends with. */
export interface Failure {
  readonly name: string;
  readonly status: Exclude<ExecutionStatus, "SUCCEEDED">;
  readonly error?: string;
  readonly cause?: string;
}

/** What one version did with its share of the orders. */
export interface VersionSummary {
  readonly executions: number;
  /** By final execution status, in the order they first occur. */
  readonly statuses: Readonly<Record<string, number>>;
  /** By the workflow's own outcome (the order status recorded, or the execution status), as `npm start` sums up. */
  readonly outcomes: Readonly<Record<string, number>>;
  /** Billable state transitions, retries included. */
  readonly transitions: { readonly total: number; readonly perExecution: number };
  readonly failures: readonly Failure[];
  /**
   * Executions that did not end as expected: a sample scenario otherwise than its `expect`, any other order
   * without succeeding. What the verdict compares, so that a scenario that fails by design (table-down) counts
   * against neither version.
   */
  readonly unexpected: readonly string[];
}

function counted(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

function failureOf(result: ExecutionResult): Failure[] {
  const { report } = result;
  if (report.status === "SUCCEEDED") return [];
  return [
    {
      name: report.executionName,
      status: report.status,
      ...(report.error === undefined ? {} : { error: report.error }),
      ...(report.cause === undefined ? {} : { cause: report.cause }),
    },
  ];
}

function isExpected(result: ExecutionResult): boolean {
  const expected = result.planned.scenario?.expect;
  return expected === undefined ? result.report.status === "SUCCEEDED" : outcomeOf(result) === expected;
}

export function summariseVersion(results: readonly ExecutionResult[]): VersionSummary {
  const total = results.reduce((sum, result) => sum + result.report.transitions, 0);
  return {
    executions: results.length,
    statuses: counted(results.map((result) => result.report.status)),
    outcomes: counted(results.map(outcomeOf)),
    transitions: {
      total,
      perExecution: results.length === 0 ? 0 : Math.round((total / results.length) * 100) / 100,
    },
    failures: results.flatMap(failureOf),
    unexpected: results.filter((result) => !isExpected(result)).map((result) => result.report.executionName),
  };
}

/** How the candidate compares with the baseline, in one line, and whether it does worse. */
export interface Verdict {
  readonly candidateWorse: boolean;
  readonly line: string;
}

/** A share of a version's executions; a version that ran none has a share of 0. */
function share(count: number, of: number): number {
  return of === 0 ? 0 : count / of;
}

export function percentText(count: number, of: number): string {
  const percent = Math.round(share(count, of) * 1000) / 10;
  return `${percent}%`;
}

/** "3 of 5 failed (60%)" */
function ratio(count: number, of: number, what = ""): string {
  return `${count} of ${of}${what} (${percentText(count, of)})`;
}

/**
 * The candidate does worse when a larger share of its executions ended otherwise than expected than of the
 * baseline's: what the rollout's alarms would roll back on, without counting a sample that fails by design.
 */
export function verdictOf(
  versions: Readonly<Record<Version, VersionSummary>>,
  withScenarios: boolean,
): Verdict {
  const { baseline, candidate } = versions;
  const failed =
    `candidate: ${ratio(candidate.failures.length, candidate.executions, " failed")}; ` +
    `baseline: ${ratio(baseline.failures.length, baseline.executions)}`;
  const unexpected = withScenarios
    ? `. Not as their scenario expects: candidate ${ratio(candidate.unexpected.length, candidate.executions)}, ` +
      `baseline ${ratio(baseline.unexpected.length, baseline.executions)}`
    : "";
  if (candidate.executions === 0) {
    return {
      candidateWorse: false,
      line: `verdict: ${failed}. The candidate ran none of the orders, so nothing is compared (raise --canary, run more --orders or try another --seed).`,
    };
  }
  const candidateWorse =
    share(candidate.unexpected.length, candidate.executions) >
    share(baseline.unexpected.length, baseline.executions);
  const conclusion = candidateWorse
    ? "The candidate does worse than the baseline."
    : "The candidate does no worse than the baseline.";
  return { candidateWorse, line: `verdict: ${failed}${unexpected}. ${conclusion}` };
}
