import { SERVICE_ERRORS, type AwsError, type ServiceErrors } from "../../local/engine/aws-errors";

/** The markers around the tables in local/engine/aws-errors/README.md, which are rendered from the code's tables. */
export const NOTE_START = "<!-- aws-error-tables:start -->";
export const NOTE_END = "<!-- aws-error-tables:end -->";

function row(error: AwsError, sources: readonly string[]): string {
  // Numbered in the order the section first cites them; the list under the table gives the addresses.
  const links = error.sources.map((url) => String(sources.indexOf(url) + 1)).join(", ");
  return [
    `\`${error.code}\``,
    error.origin,
    error.httpStatus === undefined ? "" : String(error.httpStatus),
    `\`${error.stepFunctionsError}\``,
    error.transient ? "yes" : "no",
    error.confidence,
    links,
  ].join(" | ");
}

function section(table: ServiceErrors): string {
  const sources = [...new Set(table.errors.flatMap((error) => error.sources))];
  return [
    `### ${table.integration}`,
    "",
    `Cause: \`<message> (Service: ${table.sdkServiceName}; Status Code: <HTTP>; Error Code: <code>; Request ID: <id>; Proxy: null)\`; ` +
      `a code this table does not list is \`${table.unmodeled}\`.`,
    "",
    "| Code | Origin | HTTP | Step Functions Error | Transient | Name confidence | Sources |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...table.errors.map((error) => `| ${row(error, sources)} |`),
    "",
    ...sources.map((url, index) => `${index + 1}. <${url}>`),
  ].join("\n");
}

/** The tables of every integration, in markdown, before formatting. */
export function renderErrorTables(): string {
  return Object.values(SERVICE_ERRORS).map(section).join("\n\n") + "\n";
}
