import { LOG_LEVELS } from "../../../components/validation";
import { DURATION_NOTE, EXPRESS_NOTE, type BenchReport } from "./report";

/** The report as aligned text tables for a terminal. */
export function formatReport(report: BenchReport): string {
  const { settings } = report;
  return [
    `order-workflow bench: stack ${settings.stack}, ${settings.orders} orders, concurrency ${settings.concurrency}, seed ${settings.seed}, mix ${settings.mix}`,
    report.note,
    "",
    throughputTable(report),
    pathsTable(report),
    retriesTable(report),
    logBytesTable(report),
    `Lambda log bytes per execution: ${fixed(report.lambdaLogBytesPerExecution.captured, 0)} written by the handlers, ` +
      `${fixed(report.lambdaLogBytesPerExecution.platform, 0)} START/END/REPORT lines (estimated)`,
    `Express per execution: ${fixed(report.expressPerExecution.localWorkMs, 1)} ms local work + ` +
      `${fixed(report.expressPerExecution.gatewayMs, 1)} ms gateway + ${fixed(report.expressPerExecution.retryWaitMs, 1)} ms ` +
      `retry waits, billed ${fixed(report.expressPerExecution.billedMs, 1)} ms at ` +
      `${fixed(report.expressPerExecution.billedMemoryMb, 0)} MB`,
    "",
    costTable(report.costPerMillionOrders),
    DURATION_NOTE,
    EXPRESS_NOTE,
    "",
    report.lost.length === 0
      ? "lost: 0"
      : [`lost: ${report.lost.length}`, ...report.lost.map((line) => `  ${line}`)].join("\n"),
  ].join("\n");
}

function throughputTable(report: BenchReport): string {
  const { latencyMs } = report;
  return table(
    ["throughput and memory", ""],
    [
      ["wall time", `${fixed(report.wallSeconds, 1)} s`],
      ["executions/s", fixed(report.executionsPerSecond, 1)],
      [
        "latency p50 / p95 / p99",
        latencyMs === null
          ? "-"
          : `${fixed(latencyMs.p50, 1)} / ${fixed(latencyMs.p95, 1)} / ${fixed(latencyMs.p99, 1)} ms`,
      ],
      ["peak RSS (workers included)", `${fixed(report.memory.peakRssMb, 0)} MB`],
      ["peak heap used (main thread)", `${fixed(report.memory.peakHeapUsedMb, 0)} MB`],
    ],
  );
}

function pathsTable(report: BenchReport): string {
  return table(
    [
      "path",
      "executions",
      "transitions",
      "Lambda invocations",
      "retries",
      "mean latency ms",
      "Express retry wait ms",
      "Express billed ms",
    ],
    Object.entries(report.paths).map(([path, figures]) => [
      path,
      String(figures.executions),
      fixed(figures.transitions, 2),
      fixed(figures.lambdaInvocations, 2),
      fixed(figures.retries, 2),
      fixed(figures.latencyMs, 1),
      fixed(figures.expressRetryWaitMs, 0),
      fixed(figures.expressBilledMs, 0),
    ]),
  );
}

function retriesTable(report: BenchReport): string {
  return table(
    ["retries by state", "total", "per execution"],
    Object.entries(report.retriesByState).map(([state, retries]) => [
      state,
      String(retries.total),
      fixed(retries.perExecution, 3),
    ]),
  );
}

function logBytesTable(report: BenchReport): string {
  return table(
    ["state machine log bytes per execution", "with execution data", "without"],
    LOG_LEVELS.map((level) => [
      `${level}${level === report.stackLogging.level ? " (this stack)" : ""}`,
      fixed(report.stateMachineLogBytesPerExecution[level].withData, 0),
      fixed(report.stateMachineLogBytesPerExecution[level].withoutData, 0),
    ]),
  );
}

/** One row per billed item, one USD column per workflow type; "-" where a type does not pay the item. */
function costTable(cost: BenchReport["costPerMillionOrders"]): string {
  const quantity = (value: number) => fixed(value, value < 10_000 ? 2 : 0);
  const stepFunctionsRows = cost.byType.flatMap((estimate) =>
    estimate.lines.map((line) => [
      line.item,
      quantity(line.quantity),
      line.price,
      ...cost.byType.map((other) => (other === estimate ? fixed(line.usd, 2) : "-")),
    ]),
  );
  const sharedRows = cost.shared.map((line) => [
    line.item,
    quantity(line.quantity),
    line.price,
    ...cost.byType.map(() => fixed(line.usd, 2)),
  ]);
  return [
    `Cost per million orders, ${cost.region}, at list prices written down on ${cost.pricesTakenOn}, not re-checked:`,
    table(
      [
        "item",
        "quantity",
        "price",
        ...cost.byType.map(
          (estimate) =>
            `${estimate.workflowType}${estimate.workflowType === cost.deployed ? " (this stack)" : ""}`,
        ),
      ],
      [
        ...stepFunctionsRows,
        ...sharedRows,
        ["total USD", "", "", ...cost.byType.map((estimate) => fixed(estimate.totalUsd, 2))],
        [
          "Step Functions' share",
          "",
          "",
          ...cost.byType.map((estimate) => `${fixed(estimate.stepFunctionsShare * 100, 1)}%`),
        ],
      ],
    ),
  ].join("\n");
}

function fixed(value: number, digits: number): string {
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line), ""].join(
    "\n",
  );
}
