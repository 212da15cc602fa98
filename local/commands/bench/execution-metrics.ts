import type { ExecutionReport } from "../../engine/execution-report";
import type { HistoryEvent } from "../../engine/history";
import {
  expressBilledDurationMs,
  expressBilledMemoryMb,
  expressGbSeconds,
  expressMemoryMb,
  largestPayloadBytes,
  localWorkMs,
  retryWaitMs,
} from "./express-duration";
import { estimateLogBytes, type LogBytes, type LogContext } from "./log-size";
import type { PathName, PlannedOrder } from "./order-plan";

/** What the report needs of one execution; the execution's events are not kept. */
export interface ExecutionMetrics {
  readonly path: PathName;
  readonly latencyMs: number;
  readonly transitions: number;
  /** Handler runs performed locally. */
  readonly lambdaInvocations: number;
  /**
   * Invocations Lambda would bill, by function: the handler runs, plus the injected function errors (declines),
   * which stand for handler runs that failed. Injected Lambda service faults are not billed: the function never ran.
   */
  readonly billedInvocations: Readonly<Record<string, number>>;
  /** Local duration of each Lambda attempt that ran and returned, by function. */
  readonly handlerMs: Readonly<Record<string, readonly number[]>>;
  readonly retriesByState: Readonly<Record<string, number>>;
  readonly logBytes: LogBytes;
  /** What the handlers wrote, in Lambda's text format. */
  readonly lambdaLogBytes: number;
  /** START, END and REPORT lines the Lambda runtime writes for each invocation (an estimate, see platformLogBytes). */
  readonly lambdaPlatformLogBytes: number;
  readonly express: ExpressDuration;
}

/** What the execution would be billed for as an Express workflow; see expressDurationOf. */
export interface ExpressDuration {
  /** The local engine's time from the first event to the last, retry waits skipped, gateway latency at 0. */
  readonly localWorkMs: number;
  /** The stack's gateway latency, once per billed invocation of a function that calls the gateway. */
  readonly gatewayMs: number;
  /** The retry waits the definition would make, skipped locally; see retryWaitMs. */
  readonly retryWaitMs: number;
  readonly billedMs: number;
  readonly billedMemoryMb: number;
  readonly gbSeconds: number;
}

export interface MetricsContext extends Omit<LogContext, "executionArn"> {
  /** The function each Lambda Task state invokes, by state name. */
  readonly functionOfState: ReadonlyMap<string, string>;
  /** The latency each function waits for the payment gateway on AWS, skipped locally, by function name. */
  readonly gatewayLatencyMs: ReadonlyMap<string, number>;
  /** The deployed definition's size in bytes, and how many Parallel and Map states it has. */
  readonly definitionBytes: number;
  readonly parallelOrMapStates: number;
}

export function metricsOf(
  order: PlannedOrder,
  report: ExecutionReport,
  latencyMs: number,
  context: MetricsContext,
): ExecutionMetrics {
  const { functionOfState } = context;
  const billedInvocations: Record<string, number> = {};
  for (const log of report.lambdaLogs)
    billedInvocations[log.functionName] = (billedInvocations[log.functionName] ?? 0) + 1;
  for (const [stateName, faults] of Object.entries(order.faults)) {
    const functionErrors = faults.filter((fault) => fault.functionError !== undefined).length;
    const functionName = functionOfState.get(stateName);
    if (functionErrors > 0 && functionName !== undefined) {
      billedInvocations[functionName] = (billedInvocations[functionName] ?? 0) + functionErrors;
    }
  }
  const handlerMs: Record<string, number[]> = {};
  for (const [stateName, ms] of succeededAttemptMs(report.events)) {
    const functionName = functionOfState.get(stateName);
    if (functionName !== undefined) (handlerMs[functionName] ??= []).push(ms);
  }
  const retriesByState: Record<string, number> = {};
  for (const event of report.events) {
    if (event.type === "StateRetried" && event.stateName !== undefined) {
      retriesByState[event.stateName] = (retriesByState[event.stateName] ?? 0) + 1;
    }
  }
  return {
    path: order.path,
    latencyMs,
    transitions: report.transitions,
    lambdaInvocations: report.lambdaInvocations,
    billedInvocations,
    handlerMs,
    retriesByState,
    logBytes: estimateLogBytes(report.events, { ...context, executionArn: report.executionArn }),
    lambdaLogBytes: report.lambdaLogs.reduce(
      (total, log) => total + log.lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0),
      0,
    ),
    lambdaPlatformLogBytes: report.lambdaLogs.reduce(
      (total, log) => total + platformLogBytes(log.requestId),
      0,
    ),
    express: expressDurationOf(report.events, billedInvocations, context),
  };
}

/**
 * The execution's duration as an Express workflow: the local engine's time for the work, plus the gateway
 * latency the bench turns off (each declined attempt waited for the gateway too), plus the retry waits the bench
 * skips; billed in 100 ms increments at its 64 MB memory chunks.
 */
export function expressDurationOf(
  events: readonly HistoryEvent[],
  billedInvocations: Readonly<Record<string, number>>,
  context: Pick<MetricsContext, "tasks" | "gatewayLatencyMs" | "definitionBytes" | "parallelOrMapStates">,
): ExpressDuration {
  const work = localWorkMs(events);
  const gatewayMs = Object.entries(billedInvocations).reduce(
    (total, [functionName, count]) => total + count * (context.gatewayLatencyMs.get(functionName) ?? 0),
    0,
  );
  const waits = retryWaitMs(events, context.tasks);
  const billedMs = expressBilledDurationMs(work + gatewayMs + waits);
  const billedMemoryMb = expressBilledMemoryMb(
    expressMemoryMb(context.definitionBytes, largestPayloadBytes(events), context.parallelOrMapStates),
  );
  return {
    localWorkMs: work,
    gatewayMs,
    retryWaitMs: waits,
    billedMs,
    billedMemoryMb,
    gbSeconds: expressGbSeconds(billedMs, billedMemoryMb),
  };
}

/**
 * The time from the start of a Task state's last attempt (entering it, or its last retry) to its exit, for
 * every Task state that exited without a Catch: the local handler duration plus the simulator's own overhead.
 */
function succeededAttemptMs(events: readonly HistoryEvent[]): [string, number][] {
  const started = new Map<string, number>();
  const durations: [string, number][] = [];
  for (const event of events) {
    const name = event.stateName;
    if (name === undefined || event.stateType !== "Task") continue;
    if (event.type === "StateEntered" || event.type === "StateRetried") started.set(name, event.timestamp);
    if (event.type === "StateCaught") started.delete(name);
    if (event.type === "StateExited") {
      const start = started.get(name);
      if (start !== undefined) durations.push([name, event.timestamp - start]);
    }
  }
  return durations;
}

/**
 * The Node.js runtime's lines around each invocation, with typical figures; their length barely varies.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html
 */
export function platformLogBytes(requestId: string): number {
  const lines = [
    `START RequestId: ${requestId} Version: $LATEST`,
    `END RequestId: ${requestId}`,
    `REPORT RequestId: ${requestId}\tDuration: 2.00 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB`,
  ];
  return lines.reduce((total, line) => total + Buffer.byteLength(line) + 1, 0);
}
