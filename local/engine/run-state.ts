import type { AttemptCounter } from "./attempt-counter";
import type { LambdaLog } from "./execution-report";

/** What one execution collects while it runs. */
export interface RunState {
  readonly executionName: string;
  readonly attempts: AttemptCounter;
  readonly lambdaLogs: LambdaLog[];
  lambdaInvocations: number;
  abort?: () => void;
  defect?: { readonly stateName: string; readonly error: unknown };
}
