import { renderExecution } from "../render-text";
import type { Style } from "../style";
import { definitionLabel, FUNCTIONS_NOTE, inStartOrder, type CanaryReport } from "./canary-report";
import { VERSIONS, type Version } from "./routing";
import { percentText, type VersionSummary } from "./summary";

const LABEL_WIDTH = 13;

function labelled(label: string, lines: readonly string[]): string[] {
  return lines.map((line, index) => `  ${(index === 0 ? label : "").padEnd(LABEL_WIDTH)}${line}`);
}

/** "AUTHORIZED 6 (46.2%), INVALID 5 (38.5%)": shares, since the versions ran different numbers of orders. */
function shares(counts: Readonly<Record<string, number>>, of: number): string {
  const entries = Object.entries(counts);
  if (entries.length === 0) return "none";
  return entries.map(([key, count]) => `${key} ${count} (${percentText(count, of)})`).join(", ");
}

function failureLines(summary: VersionSummary, style: Style): string[] {
  if (summary.failures.length === 0) return ["none"];
  return summary.failures.flatMap((failure) => [
    style.bad(`${failure.name}  ${failure.status}`),
    ...(failure.error === undefined ? [] : [`  error  ${failure.error}`]),
    ...(failure.cause === undefined ? [] : [`  cause  ${failure.cause}`]),
  ]);
}

function versionBlock(report: CanaryReport, version: Version, style: Style): string[] {
  const summary = report.summaries[version];
  const { total, perExecution } = summary.transitions;
  return [
    style.bold(`${version}: ${definitionLabel(report, version)}, ${summary.executions} execution(s)`),
    ...labelled("outcomes", [shares(summary.outcomes, summary.executions)]),
    ...labelled("statuses", [shares(summary.statuses, summary.executions)]),
    ...labelled("transitions", [`${total} in all, ${perExecution} per execution`]),
    ...labelled("failures", failureLines(summary, style)),
    // Without scenarios, an unexpected execution is a failed one, listed above.
    ...(report.withScenarios
      ? labelled("unexpected", [
          summary.unexpected.length === 0
            ? "none"
            : `${summary.unexpected.join(", ")} (not as their scenario expects)`,
        ])
      : []),
    "",
  ];
}

function header(report: CanaryReport): string[] {
  const { baseline, candidate } = report.summaries;
  return [
    `Stack ${report.stack}, seed ${report.seed}, canary ${report.percent}%: ` +
      `${baseline.executions + candidate.executions} execution(s) of ${report.stateMachineName}, ` +
      `${candidate.executions} on the candidate (${definitionLabel(report, "candidate")}), ` +
      `${baseline.executions} on the baseline (${definitionLabel(report, "baseline")})`,
    ...(report.identical
      ? ["The candidate is the committed definition: the program did not change it."]
      : []),
    FUNCTIONS_NOTE,
    "",
  ];
}

/** The canary run for a terminal: each execution as `npm start` shows it, then each version's summary, then the verdict. */
export function renderCanaryText(report: CanaryReport, style: Style): string {
  const executions = inStartOrder(report);
  const body = executions.map(({ version, result }, index) =>
    renderExecution(result, `${index + 1}/${executions.length} ${version}`, style),
  );
  const verdict = report.verdict.candidateWorse ? style.bad(report.verdict.line) : report.verdict.line;
  return [
    ...header(report),
    ...body,
    ...VERSIONS.flatMap((version) => versionBlock(report, version, style)),
    verdict,
    "",
  ].join("\n");
}
