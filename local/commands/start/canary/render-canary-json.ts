import type { Integration } from "../../../engine/task-plan";
import { jsonExecution } from "../render-json";
import { definitionLabel, FUNCTIONS_NOTE, inStartOrder, type CanaryReport } from "./canary-report";
import { VERSIONS, type Version } from "./routing";

export interface CanaryJsonContext {
  readonly region: string;
  /** Each version's Task states and their integrations: the histories name the resource each state called. */
  readonly taskIntegrations: Readonly<Record<Version, ReadonlyMap<string, Integration>>>;
}

/** The canary run as one JSON document: `npm start --json`'s, with the comparison beside its executions. */
export function renderCanaryJson(report: CanaryReport, context: CanaryJsonContext): string {
  const { stack, seed } = report;
  const executions = inStartOrder(report).map(({ version, result }) => ({
    version,
    ...jsonExecution(result, {
      stack,
      seed,
      region: context.region,
      taskIntegrations: context.taskIntegrations[version],
    }),
    transitions: result.report.transitions,
  }));
  const document = {
    stack,
    seed,
    canary: {
      percent: report.percent,
      identical: report.identical,
      definitions: Object.fromEntries(VERSIONS.map((version) => [version, definitionLabel(report, version)])),
      note: FUNCTIONS_NOTE,
    },
    versions: report.summaries,
    verdict: report.verdict,
    executions,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
