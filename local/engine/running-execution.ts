import type { ExecutionReport } from "./execution-report";
import type { HistoryEvent } from "./history";
import type { JsonValue } from "../model/json";

/**
 * An execution started and not awaited: what StartExecution returns at once, with a way to stop it and to
 * read what it has done so far, as DescribeExecution and GetExecutionHistory do while it runs.
 */
export interface RunningExecution {
  readonly executionName: string;
  readonly executionArn: string;
  /** Milliseconds since the epoch. */
  readonly startDate: number;
  /** The execution's input, as StartExecution received it ({} when it was left out). */
  readonly input: JsonValue;
  /** The events logged so far, in order; all of them once `report` has settled. */
  events(): readonly HistoryEvent[];
  /** Aborts the execution, as StopExecution does: `report` then settles with status ABORTED. */
  stop(): void;
  /**
   * Settles when the execution ends; rejects with SimulatorDefectError as `LocalSimulator.run` does. Its
   * rejection is handled, so a caller that never awaits it leaves no unhandled rejection behind.
   */
  readonly report: Promise<ExecutionReport>;
}
