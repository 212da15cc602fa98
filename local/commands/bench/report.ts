import type { MetricsAggregate } from "./aggregate";
import type { BenchRun } from "./bench";
import {
  billedDurationMs,
  costPerMillionOrders,
  type CostComparison,
  type CostLine,
  type UsagePerExecution,
  type WorkflowType,
} from "./cost";
import { formatMix } from "./mix";
import { PATHS } from "./order-plan";
import { PRICES, PRICE_REGION, PRICES_TAKEN_ON, type Price } from "./prices";
import { mean, percentile } from "./stats";

export const DURATION_NOTE =
  "Lambda duration: the mean local time of an attempt that ran, at this concurrency (so an upper bound on the " +
  "handler's own time), plus the stack's gateway latency, rounded up to 1 ms as Lambda bills. Injected declines " +
  "are billed as invocations; injected Lambda service faults are not.";

export const EXPRESS_NOTE =
  "Express duration, per execution: the local engine's time from its first event to its last (at this " +
  "concurrency, so an upper bound on the engine's own work, but without AWS's own latencies of the Lambda, " +
  "DynamoDB and SNS calls), plus the stack's gateway latency for each billed invocation that calls the gateway " +
  "(declines included), plus the retry waits the bench skips: IntervalSeconds x BackoffRate^(attempt - 1), " +
  "capped at MaxDelaySeconds, halved for JitterStrategy FULL (the expected wait); rounded up to 100 ms, at the " +
  "pricing page's memory estimate rounded up to 64 MB. Logs are costed alike: Express keeps no execution " +
  "history, only what it logs.";

export const LATENCY_NOTE =
  "Latencies are local engine latencies with retry waits skipped and the gateway latency at 0, not AWS latencies.";

/** The bench's figures as plain data: what --json prints, and what the table shows. */
export function benchReport(run: BenchRun) {
  const { aggregate, profile } = run;
  const logBytes = aggregate.logBytesPerExecution();
  const lambdaLogBytes = aggregate.lambdaLogBytesPerExecution();
  const functions = functionFigures(run);
  const stackLog = logBytes[profile.logLevel];
  const express = aggregate.expressPerExecution();
  const usage: UsagePerExecution = {
    transitions: aggregate.transitionsPerExecution(),
    expressGbSeconds: express.gbSeconds,
    functions,
    writeRequestUnits: run.writeRequestUnitsPerExecution,
    snsRequests: run.snsRequestsPerExecution,
    sqsRequests: run.sqsRequestsPerExecution,
    stateMachineLogBytes: profile.includeExecutionData ? stackLog.withData : stackLog.withoutData,
    lambdaLogBytes: lambdaLogBytes.captured + lambdaLogBytes.platform,
  };
  const costs = costPerMillionOrders(usage, PRICES);
  return {
    settings: { ...run.settings, mix: formatMix(run.settings.mix) },
    note: LATENCY_NOTE,
    wallSeconds: run.wallMs / 1000,
    executions: aggregate.executions,
    executionsPerSecond: aggregate.executions / (run.wallMs / 1000),
    latencyMs: latencyFigures(aggregate),
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
    sqsRequestsPerExecution: run.sqsRequestsPerExecution,
    expressPerExecution: express,
    costPerMillionOrders: costFigures(costs, profile.workflowType),
    lost: run.lost,
  };
}

export type BenchReport = ReturnType<typeof benchReport>;

function functionFigures(run: BenchRun) {
  return run.functions.map((fn) => {
    const localHandlerMs = run.aggregate.meanHandlerMs(fn.name);
    return {
      functionName: fn.name,
      memorySizeMb: fn.memorySizeMb,
      invocations: run.aggregate.billedInvocationsPerExecution(fn.name),
      localHandlerMs,
      gatewayLatencyMs: fn.gatewayLatencyMs,
      billedMs: billedDurationMs(localHandlerMs, fn.gatewayLatencyMs),
    };
  });
}

function latencyFigures(aggregate: MetricsAggregate) {
  const latencies = aggregate.latenciesMs;
  return latencies.length === 0
    ? null
    : {
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        mean: mean(latencies),
      };
}

function costFigures(costs: CostComparison, deployed: WorkflowType) {
  return {
    region: PRICE_REGION,
    pricesTakenOn: PRICES_TAKEN_ON,
    /** The type this stack deploys; both are costed for the same run. */
    deployed,
    byType: costs.byType.map((cost) => ({
      workflowType: cost.workflowType,
      lines: cost.lines.map(lineFigures),
      stepFunctionsUsd: cost.stepFunctionsUsd,
      /** The Step Functions lines' share of the total. */
      stepFunctionsShare: cost.totalUsd === 0 ? 0 : cost.stepFunctionsUsd / cost.totalUsd,
      totalUsd: cost.totalUsd,
    })),
    shared: costs.shared.map(lineFigures),
    sharedUsd: costs.sharedUsd,
  };
}

function lineFigures(line: CostLine) {
  return { item: line.item, quantity: line.quantity, price: priceText(line.price), usd: line.usd };
}

/** e.g. "$0.0000133334 per GB-second (arm64)", "$0.20 per 1,000,000 requests (arm64)". */
function priceText(price: Price): string {
  const usd = price.usd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 10 });
  const per = price.per === 1 ? "" : `${price.per.toLocaleString("en-US")} `;
  return `$${usd} per ${per}${price.unit}`;
}

/** The entries in the given key order, then any others, so that runs print alike. */
function inOrder<T>(entries: Readonly<Record<string, T>>, order: readonly string[]): Record<string, T> {
  const keys = [
    ...order.filter((key) => key in entries),
    ...Object.keys(entries).filter((key) => !order.includes(key)),
  ];
  return Object.fromEntries(keys.flatMap((key) => (entries[key] === undefined ? [] : [[key, entries[key]]])));
}
