import { GATEWAY_CALL_MESSAGE } from "../../functions/authorize-payment/authorize-payment";
import type { ExecutionReport } from "../../local/engine/execution-report";

/** The payment gateway's calls for one order, from the line the authorize function logs per call. */
export interface OrderGatewayCalls {
  readonly calls: number;
  /** The authorization ids of the calls that authorized, in order. */
  readonly authorizationIds: readonly string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Every gateway call the reports' authorize invocations logged ("Payment gateway called", a JSON line), by order
 * id. A redrive's report holds the whole history, its earlier attempts' logs included, so pass each execution's
 * last report once.
 */
export function gatewayCallsByOrder(reports: readonly ExecutionReport[]): Map<string, OrderGatewayCalls> {
  const byOrder = new Map<string, OrderGatewayCalls>();
  for (const line of reports.flatMap((report) => report.lambdaLogs.flatMap((log) => log.lines))) {
    const start = line.indexOf("{");
    if (start < 0) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line.slice(start));
    } catch {
      continue;
    }
    if (!isObject(parsed) || parsed.message !== GATEWAY_CALL_MESSAGE || typeof parsed.orderId !== "string") {
      continue;
    }
    const seen = byOrder.get(parsed.orderId) ?? { calls: 0, authorizationIds: [] };
    byOrder.set(parsed.orderId, {
      calls: seen.calls + 1,
      authorizationIds:
        typeof parsed.authorizationId === "string"
          ? [...seen.authorizationIds, parsed.authorizationId]
          : seen.authorizationIds,
    });
  }
  return byOrder;
}
