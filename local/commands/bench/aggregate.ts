import { LOG_LEVELS, type LogLevel } from "../../../components/validation";
import type { ExecutionMetrics, ExpressDuration } from "./execution-metrics";
import type { LogBytes } from "./log-size";
import type { PathName } from "./order-plan";

export interface PathFigures {
  readonly executions: number;
  /** Per execution, on average. */
  readonly transitions: number;
  readonly lambdaInvocations: number;
  readonly retries: number;
  readonly latencyMs: number;
  /** Express: the retry waits the definition would make, and the billed duration, per execution on average. */
  readonly expressRetryWaitMs: number;
  readonly expressBilledMs: number;
}

/** Per execution, on average, for the Express cost: each figure of the executions' ExpressDuration, averaged. */
export type ExpressFigures = ExpressDuration;

type MutableLogBytes = Record<LogLevel, { withData: number; withoutData: number }>;

interface PathTotals {
  executions: number;
  transitions: number;
  lambdaInvocations: number;
  retries: number;
  latencyMs: number;
  expressRetryWaitMs: number;
  expressBilledMs: number;
}

/** Sums the executions' metrics as they finish, so that no execution's events are kept. */
export class MetricsAggregate {
  readonly latenciesMs: number[] = [];
  private readonly paths = new Map<PathName, PathTotals>();
  private readonly retries = new Map<string, number>();
  private readonly billedInvocations = new Map<string, number>();
  private readonly handlerMs = new Map<string, { total: number; count: number }>();
  private readonly logBytes: MutableLogBytes = emptyLogBytes();
  private transitions = 0;
  private lambdaLogBytes = 0;
  private lambdaPlatformLogBytes = 0;
  private readonly express: { -readonly [K in keyof ExpressFigures]: number } = {
    localWorkMs: 0,
    gatewayMs: 0,
    retryWaitMs: 0,
    billedMs: 0,
    billedMemoryMb: 0,
    gbSeconds: 0,
  };

  get executions(): number {
    return this.latenciesMs.length;
  }

  add(metrics: ExecutionMetrics): void {
    this.latenciesMs.push(metrics.latencyMs);
    const retries = Object.values(metrics.retriesByState).reduce((total, count) => total + count, 0);
    const path = this.paths.get(metrics.path) ?? {
      executions: 0,
      transitions: 0,
      lambdaInvocations: 0,
      retries: 0,
      latencyMs: 0,
      expressRetryWaitMs: 0,
      expressBilledMs: 0,
    };
    path.executions += 1;
    path.transitions += metrics.transitions;
    path.lambdaInvocations += metrics.lambdaInvocations;
    path.retries += retries;
    path.latencyMs += metrics.latencyMs;
    path.expressRetryWaitMs += metrics.express.retryWaitMs;
    path.expressBilledMs += metrics.express.billedMs;
    for (const key of Object.keys(this.express) as (keyof ExpressFigures)[]) {
      this.express[key] += metrics.express[key];
    }
    this.paths.set(metrics.path, path);
    this.transitions += metrics.transitions;
    for (const [state, count] of Object.entries(metrics.retriesByState)) {
      this.retries.set(state, (this.retries.get(state) ?? 0) + count);
    }
    for (const [fn, count] of Object.entries(metrics.billedInvocations)) {
      this.billedInvocations.set(fn, (this.billedInvocations.get(fn) ?? 0) + count);
    }
    for (const [fn, durations] of Object.entries(metrics.handlerMs)) {
      const sum = this.handlerMs.get(fn) ?? { total: 0, count: 0 };
      for (const ms of durations) {
        sum.total += ms;
        sum.count += 1;
      }
      this.handlerMs.set(fn, sum);
    }
    for (const level of LOG_LEVELS) {
      this.logBytes[level].withData += metrics.logBytes[level].withData;
      this.logBytes[level].withoutData += metrics.logBytes[level].withoutData;
    }
    this.lambdaLogBytes += metrics.lambdaLogBytes;
    this.lambdaPlatformLogBytes += metrics.lambdaPlatformLogBytes;
  }

  /** Per path, per execution on average. */
  byPath(): Record<string, PathFigures> {
    return Object.fromEntries(
      [...this.paths].map(([name, totals]) => [
        name,
        {
          executions: totals.executions,
          transitions: totals.transitions / totals.executions,
          lambdaInvocations: totals.lambdaInvocations / totals.executions,
          retries: totals.retries / totals.executions,
          latencyMs: totals.latencyMs / totals.executions,
          expressRetryWaitMs: totals.expressRetryWaitMs / totals.executions,
          expressBilledMs: totals.expressBilledMs / totals.executions,
        },
      ]),
    );
  }

  /** Per state: all retries, and retries per execution. */
  retriesByState(): Record<string, { readonly total: number; readonly perExecution: number }> {
    return Object.fromEntries(
      [...this.retries].map(([state, total]) => [state, { total, perExecution: total / this.executions }]),
    );
  }

  transitionsPerExecution(): number {
    return this.transitions / Math.max(1, this.executions);
  }

  /** Express duration and memory per execution, on average; each execution was rounded up on its own. */
  expressPerExecution(): ExpressFigures {
    const executions = Math.max(1, this.executions);
    const { localWorkMs, gatewayMs, retryWaitMs, billedMs, billedMemoryMb, gbSeconds } = this.express;
    return {
      localWorkMs: localWorkMs / executions,
      gatewayMs: gatewayMs / executions,
      retryWaitMs: retryWaitMs / executions,
      billedMs: billedMs / executions,
      billedMemoryMb: billedMemoryMb / executions,
      gbSeconds: gbSeconds / executions,
    };
  }

  billedInvocationsPerExecution(functionName: string): number {
    return (this.billedInvocations.get(functionName) ?? 0) / Math.max(1, this.executions);
  }

  /** Mean local duration of an attempt that returned; 0 when the function never ran. */
  meanHandlerMs(functionName: string): number {
    const sum = this.handlerMs.get(functionName);
    return sum === undefined || sum.count === 0 ? 0 : sum.total / sum.count;
  }

  logBytesPerExecution(): LogBytes {
    const perExecution = emptyLogBytes();
    const executions = Math.max(1, this.executions);
    for (const level of LOG_LEVELS) {
      perExecution[level].withData = this.logBytes[level].withData / executions;
      perExecution[level].withoutData = this.logBytes[level].withoutData / executions;
    }
    return perExecution;
  }

  lambdaLogBytesPerExecution(): { readonly captured: number; readonly platform: number } {
    const executions = Math.max(1, this.executions);
    return { captured: this.lambdaLogBytes / executions, platform: this.lambdaPlatformLogBytes / executions };
  }
}

function emptyLogBytes(): MutableLogBytes {
  return {
    ALL: { withData: 0, withoutData: 0 },
    ERROR: { withData: 0, withoutData: 0 },
    FATAL: { withData: 0, withoutData: 0 },
    OFF: { withData: 0, withoutData: 0 },
  };
}
