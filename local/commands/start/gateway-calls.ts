import { GATEWAY_CALL_MESSAGE } from "../../../functions/authorize-payment/authorize-payment";
import type { ExecutionReport } from "../../engine/execution-report";
import { isRecord } from "../../model/json";

/**
 * How many times the payment gateway was called for each order, from the one structured line the authorize
 * function logs per call ("Payment gateway called"): what its CloudWatch Logs would show on AWS.
 */
export function gatewayCallsByOrder(reports: readonly ExecutionReport[]): Map<string, number> {
  const calls = new Map<string, number>();
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
      calls.set(parsed.orderId, (calls.get(parsed.orderId) ?? 0) + 1);
    }
  }
  return calls;
}
