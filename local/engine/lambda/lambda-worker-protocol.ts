/** Messages between the simulator and the worker thread that plays one Lambda execution environment. */

export interface LambdaWorkerSetup {
  /** Where the archive was unpacked, like /var/task. */
  readonly taskRoot: string;
  /**
   * Where Node's module compile cache keeps the handler's compiled code between environments of the same archive:
   * a local speed-up only (a Lambda cold start compiles the handler each time), beside the unpacked archives.
   */
  readonly compileCacheDir: string;
  readonly handler: string;
  readonly functionName: string;
  readonly functionArn: string;
  readonly memorySizeMb: number;
}

export interface InvokeRequest {
  readonly requestId: string;
  readonly payloadJson: string;
  /** Epoch milliseconds at which the function times out. */
  readonly deadline: number;
  /**
   * Local-only determinism aid: when set, the invocation's Math.random and crypto.randomUUID draw from a
   * generator seeded with this 32-bit value instead of the platform's entropy. Lambda has no such setting.
   */
  readonly randomSeed?: number;
}

/** A function error as the Lambda runtime reports it (and Step Functions shows it as the Cause). */
export interface LambdaErrorPayload {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: readonly string[];
}

export type InvokeResponse = {
  readonly requestId: string;
  /** Log lines written during the invocation (and during init, on a cold start). */
  readonly logs: readonly string[];
} & (
  | { readonly outcome: "returned"; readonly payloadJson: string }
  /** `fatal`: the runtime cannot go on (uncaught exception, unhandled rejection), so the worker is replaced. */
  | { readonly outcome: "threw"; readonly error: LambdaErrorPayload; readonly fatal: boolean }
);
