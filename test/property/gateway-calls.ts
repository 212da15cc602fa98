import type { ExecutionReport } from "../../local/engine/execution-report";
import { gatewayCalls } from "../../local/commands/start/gateway-calls";

/** The payment gateway's calls for one order, from the line the authorize function logs per call. */
export interface OrderGatewayCalls {
  readonly calls: number;
  /** The authorization ids of the calls that authorized, in order. */
  readonly authorizationIds: readonly string[];
}

/** Every gateway call the reports logged, by order id, with the authorization ids of those that authorized. */
export function gatewayCallsByOrder(reports: readonly ExecutionReport[]): Map<string, OrderGatewayCalls> {
  const byOrder = new Map<string, OrderGatewayCalls>();
  for (const { orderId, authorizationId } of gatewayCalls(reports)) {
    const seen = byOrder.get(orderId) ?? { calls: 0, authorizationIds: [] };
    byOrder.set(orderId, {
      calls: seen.calls + 1,
      authorizationIds:
        authorizationId === undefined ? seen.authorizationIds : [...seen.authorizationIds, authorizationId],
    });
  }
  return byOrder;
}
