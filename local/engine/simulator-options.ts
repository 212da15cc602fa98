import type { Integration } from "./task-plan";

export interface TaskCall {
  readonly stateName: string;
  readonly integration: Integration;
  /** The function name, table name or topic name. */
  readonly resourceName: string;
  /** 1-based, per state per execution: 1 on entering the state, one more with each retry. */
  readonly attempt: number;
  readonly executionName: string;
}

/** A service-level failure (throttling, say): the call fails with exactly this Error and Cause, the service is not called. */
export interface InjectedFault {
  /** e.g. "Lambda.TooManyRequestsException" */
  readonly error: string;
  readonly cause: string;
}

export interface SimulatorOptions {
  /** "honour" waits as each retrier says; "skip" retries at once. Default "honour". */
  readonly retryDelay?: "honour" | "skip";
  readonly injectFault?: (call: TaskCall) => InjectedFault | undefined;
  /**
   * Local-only determinism aid, no AWS setting: each Lambda invocation's Math.random and crypto.randomUUID
   * draw from a generator seeded with this seed and the call (execution name, state, attempt), so a run
   * repeats exactly however its executions interleave. Default: the platform's randomness.
   */
  readonly seed?: number;
}

export interface RunOptions {
  /** Default: a random UUID, as StartExecution does. */
  readonly executionName?: string;
}
