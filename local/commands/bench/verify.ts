import type { ExecutionStatus } from "../../engine/execution-report";
import type { PlannedOrder } from "./order-plan";

/** How an execution ended, as the bench saw it: a status, or the error `run` rejected with. */
export type RunOutcome = { readonly status: ExecutionStatus } | { readonly error: string };

/**
 * Everything that went missing or wrong: each execution must have SUCCEEDED, left exactly one record under its
 * key with the status planned for its order, and published at least one notification; the table must hold one
 * record per execution.
 */
export function findLost(
  orders: readonly PlannedOrder[],
  outcomes: ReadonlyMap<string, RunOutcome>,
  items: readonly Readonly<Record<string, unknown>>[],
  notificationsByExecution: ReadonlyMap<string, number>,
  keyAttribute: string,
): string[] {
  const lost: string[] = [];
  if (items.length !== orders.length) {
    lost.push(`the table holds ${items.length} records for ${orders.length} executions`);
  }
  const byKey = new Map(items.map((item) => [String(item[keyAttribute]), item]));
  for (const order of orders) {
    const name = order.executionName;
    const outcome = outcomes.get(name);
    if (outcome === undefined) lost.push(`${name}: never ran`);
    else if ("error" in outcome) lost.push(`${name}: ${outcome.error}`);
    else if (outcome.status !== "SUCCEEDED") lost.push(`${name}: ended ${outcome.status}`);
    const item = byKey.get(order.expectedKey);
    if (item === undefined) lost.push(`${name}: no record under ${JSON.stringify(order.expectedKey)}`);
    else if (typeof item.executionArn !== "string" || !item.executionArn.endsWith(`:${name}`)) {
      lost.push(
        `${name}: the record under ${JSON.stringify(order.expectedKey)} was written by ${String(item.executionArn)}`,
      );
    } else if (item.status !== order.expectedStatus) {
      lost.push(`${name}: recorded ${String(item.status)}, expected ${order.expectedStatus}`);
    }
    if ((notificationsByExecution.get(name) ?? 0) < 1) lost.push(`${name}: no notification`);
  }
  return lost;
}
