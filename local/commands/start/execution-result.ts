import type { ExecutionReport } from "../../engine/execution-report";
import type { PublishedMessage } from "../../engine/integrations/sns-publish";
import type { QueuedMessage } from "../../engine/integrations/sqs-send-message";
import type { PlannedExecution } from "./planned-execution";

/** One finished execution with what it left behind. */
export interface ExecutionResult {
  readonly planned: PlannedExecution;
  readonly report: ExecutionReport;
  /** The order records whose executionArn is this execution's, as DynamoDB holds them. */
  readonly items: readonly Record<string, unknown>[];
  readonly notifications: readonly PublishedMessage[];
  /** What the execution sent to a queue: the failure queue, when it could not record or notify. */
  readonly queued: readonly QueuedMessage[];
}

/** The order status the execution recorded, or its own status when it did not succeed. */
export function outcomeOf(result: ExecutionResult): string {
  const [item] = result.items;
  const status = item?.status;
  return result.report.status === "SUCCEEDED" && result.items.length === 1 && typeof status === "string"
    ? status
    : result.report.status;
}
