import { GATEWAY_CALL_MESSAGE } from "../../../functions/authorize-payment/authorize-payment";
import type { ExecutionReport } from "../../engine/execution-report";
import { isRecord } from "../../model/json";

/** One call to the payment gateway, as the authorize function logs it ("Payment gateway called", a JSON line). */
export interface GatewayCall {
  readonly orderId: string;
  /** Set when the call authorized. */
  readonly authorizationId?: string;
}

/**
 * Every gateway call the reports' authorize invocations logged: what its CloudWatch Logs would show on AWS. A
 * redrive's report holds the whole history, its earlier attempts' logs included, so pass each execution's last
 * report once.
 */
export function gatewayCalls(reports: readonly ExecutionReport[]): GatewayCall[] {
  const calls: GatewayCall[] = [];
  for (const line of reports.flatMap((report) => report.lambdaLogs.flatMap((log) => log.lines))) {
    const start = line.indexOf("{");
    if (start < 0) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line.slice(start));
    } catch {
      continue;
    }
    if (isRecord(parsed) && parsed.message === GATEWAY_CALL_MESSAGE && typeof parsed.orderId === "string") {
      const { orderId, authorizationId } = parsed;
      calls.push(typeof authorizationId === "string" ? { orderId, authorizationId } : { orderId });
    }
  }
  return calls;
}

/** How many times the payment gateway was called for each order. */
export function gatewayCallsByOrder(reports: readonly ExecutionReport[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { orderId } of gatewayCalls(reports)) counts.set(orderId, (counts.get(orderId) ?? 0) + 1);
  return counts;
}
