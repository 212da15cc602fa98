import type { ExecutionAssociation } from "./execution-association";
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

/**
 * A service answering a call with one of its API error codes (throttling, say), or Step Functions' SDK client
 * failing (`SdkClientException`, `ClientExecutionTimeoutException`); the service is not called. The Task fails
 * as Step Functions reports that answer: the code goes through the simulator's one error table
 * (`local/engine/aws-errors`), which must list it for the call's integration.
 */
export interface ServiceFault {
  /** As the service's API reference spells it: "TooManyRequestsException", "InternalServerError". */
  readonly code: string;
  /** Default: the API reference's description of the error. */
  readonly message?: string;
  readonly functionError?: never;
}

/**
 * A Lambda function failing with an error of its own (lambda:invoke only): the Task fails with the error's
 * `errorType` as its Error, as Step Functions reports a function error. The handler is not run.
 */
export interface FunctionFault {
  /** The thrown error's name, e.g. "PaymentDeclinedError". */
  readonly functionError: string;
  /** Default: "injected". */
  readonly message?: string;
  readonly code?: never;
}

export type InjectedFault = ServiceFault | FunctionFault;

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
  /**
   * The alias and version the execution was started through, as StartExecution records them; the simulator runs
   * the deployment's one definition whatever they say. Default: none, as for the unqualified ARN.
   */
  readonly association?: ExecutionAssociation;
}
