import { LOG_LEVELS } from "../../../components/validation";
import type { BenchRun } from "./bench";
import { billedDurationMs, costPerMillionOrders, type CostEstimate } from "./cost";
import { formatMix } from "./mix";
import { PATHS } from "./order-plan";
import { PRICES, PRICE_REGION, PRICES_TAKEN_ON } from "./prices";
import { mean, percentile } from "./stats";

export const DURATION_NOTE =
  "Lambda duration: the mean local time of an attempt that ran, at this concurrency (so an upper bound on the " +
  "handler's own time), plus the stack's gateway latency, rounded up to 1 ms as Lambda bills. Injected declines " +
  "are billed as invocations; injected Lambda service faults are not.";

export const LATENCY_NOTE =
  "Latencies are local engine latencies with retry waits skipped and the gateway latency at 0, not AWS latencies.";

/** The bench's figures as plain data: what --json prints, and what the table shows. */
export function benchReport(run: BenchRun) {
  const { aggregate, profile } = run;
  const latencies = aggregate.latenciesMs;
  const logBytes = aggregate.logBytesPerExecution();
  const lambdaLogBytes = aggregate.lambdaLogBytesPerExecution();
  const functions = run.functions.map((fn) => {
    const localHandlerMs = aggregate.meanHandlerMs(fn.name);
    return {
      functionName: fn.name,
      memorySizeMb: fn.memorySizeMb,
      invocations: aggregate.billedInvocationsPerExecution(fn.name),
      localHandlerMs,
      gatewayLatencyMs: fn.gatewayLatencyMs,
      billedMs: billedDurationMs(localHandlerMs, fn.gatewayLatencyMs),
    };
  });
  const stackLog = logBytes[profile.logLevel];
  const cost: CostEstimate = costPerMillionOrders(
    {
      transitions: aggregate.transitionsPerExecution(),
      functions,
      writeRequestUnits: run.writeRequestUnitsPerExecution,
      snsRequests: run.snsRequestsPerExecution,
      stateMachineLogBytes: profile.includeExecutionData ? stackLog.withData : stackLog.withoutData,
      lambdaLogBytes: lambdaLogBytes.captured + lambdaLogBytes.platform,
    },
    PRICES,
  );
  return {
    settings: { ...run.settings, mix: formatMix(run.settings.mix) },
    note: LATENCY_NOTE,
    wallSeconds: run.wallMs / 1000,
    executions: aggregate.executions,
    executionsPerSecond: aggregate.executions / (run.wallMs / 1000),
    latencyMs:
      latencies.length === 0
        ? null
        : {
            p50: percentile(latencies, 50),
            p95: percentile(latencies, 95),
            p99: percentile(latencies, 99),
            mean: mean(latencies),
          },
    memory: {
      peakRssMb: run.memory.peakRssBytes / 2 ** 20,
      peakHeapUsedMb: run.memory.peakHeapUsedBytes / 2 ** 20,
    },
    paths: inOrder(aggregate.byPath(), Object.values(PATHS)),
    retriesByState: inOrder(aggregate.retriesByState(), run.taskStates),
    functions,
    stackLogging: { level: profile.logLevel, includeExecutionData: profile.includeExecutionData },
    stateMachineLogBytesPerExecution: logBytes,
    lambdaLogBytesPerExecution: lambdaLogBytes,
    writeRequestUnitsPerExecution: run.writeRequestUnitsPerExecution,
    snsRequestsPerExecution: run.snsRequestsPerExecution,
    costPerMillionOrders: {
      region: PRICE_REGION,
      pricesTakenOn: PRICES_TAKEN_ON,
      lines: cost.lines.map((line) => ({
        item: line.item,
        quantity: line.quantity,
        price: `$${line.price.usd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 10 })} per ${line.price.per === 1 ? "" : `${line.price.per.toLocaleString("en-US")} `}${line.price.unit}`,
        usd: line.usd,
      })),
      totalUsd: cost.totalUsd,
    },
    lost: run.lost,
  };
}

export type BenchReport = ReturnType<typeof benchReport>;

/** The report as aligned text tables for a terminal. */
export function formatReport(report: BenchReport): string {
  const out: string[] = [];
  const { settings } = report;
  out.push(
    `order-workflow bench: stack ${settings.stack}, ${settings.orders} orders, concurrency ${settings.concurrency}, seed ${settings.seed}, mix ${settings.mix}`,
    report.note,
    "",
  );
  out.push(
    table(
      ["throughput and memory", ""],
      [
        ["wall time", `${fixed(report.wallSeconds, 1)} s`],
        ["executions/s", fixed(report.executionsPerSecond, 1)],
        [
          "latency p50 / p95 / p99",
          report.latencyMs === null
            ? "-"
            : `${fixed(report.latencyMs.p50, 1)} / ${fixed(report.latencyMs.p95, 1)} / ${fixed(report.latencyMs.p99, 1)} ms`,
        ],
        ["peak RSS (workers included)", `${fixed(report.memory.peakRssMb, 0)} MB`],
        ["peak heap used (main thread)", `${fixed(report.memory.peakHeapUsedMb, 0)} MB`],
      ],
    ),
  );
  out.push(
    table(
      ["path", "executions", "transitions", "Lambda invocations", "retries", "mean latency ms"],
      Object.entries(report.paths).map(([path, figures]) => [
        path,
        String(figures.executions),
        fixed(figures.transitions, 2),
        fixed(figures.lambdaInvocations, 2),
        fixed(figures.retries, 2),
        fixed(figures.latencyMs, 1),
      ]),
    ),
  );
  out.push(
    table(
      ["retries by state", "total", "per execution"],
      Object.entries(report.retriesByState).map(([state, retries]) => [
        state,
        String(retries.total),
        fixed(retries.perExecution, 3),
      ]),
    ),
  );
  out.push(
    table(
      ["state machine log bytes per execution", "with execution data", "without"],
      LOG_LEVELS.map((level) => [
        `${level}${level === report.stackLogging.level ? " (this stack)" : ""}`,
        fixed(report.stateMachineLogBytesPerExecution[level].withData, 0),
        fixed(report.stateMachineLogBytesPerExecution[level].withoutData, 0),
      ]),
    ),
  );
  out.push(
    `Lambda log bytes per execution: ${fixed(report.lambdaLogBytesPerExecution.captured, 0)} written by the handlers, ` +
      `${fixed(report.lambdaLogBytesPerExecution.platform, 0)} START/END/REPORT lines (estimated)`,
    "",
  );
  const { costPerMillionOrders: cost } = report;
  out.push(
    table(
      [
        `cost per million orders (${cost.region}, list prices as written down on ${cost.pricesTakenOn}, not re-checked)`,
        "quantity",
        "price",
        "USD",
      ],
      [
        ...cost.lines.map((line) => [
          line.item,
          fixed(line.quantity, line.quantity < 10_000 ? 2 : 0),
          line.price,
          fixed(line.usd, 2),
        ]),
        ["total", "", "", fixed(cost.totalUsd, 2)],
      ],
    ),
  );
  out.push(DURATION_NOTE, "");
  out.push(
    report.lost.length === 0
      ? "lost: 0"
      : [`lost: ${report.lost.length}`, ...report.lost.map((line) => `  ${line}`)].join("\n"),
  );
  return out.join("\n");
}

/** The entries in the given key order, then any others, so that runs print alike. */
function inOrder<T>(entries: Readonly<Record<string, T>>, order: readonly string[]): Record<string, T> {
  const keys = [
    ...order.filter((key) => key in entries),
    ...Object.keys(entries).filter((key) => !order.includes(key)),
  ];
  return Object.fromEntries(keys.flatMap((key) => (entries[key] === undefined ? [] : [[key, entries[key]]])));
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
