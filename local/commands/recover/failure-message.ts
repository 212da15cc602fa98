import { isRecord } from "../../model/json";

/**
 * What a failure-queue message says about its order: the failed execution's ARN when the body names it, and
 * the order itself when the body carries it.
 * - A Catch in the definition sends `{ state, executionArn }` (components/order-definition/failure-queue-states.ts):
 *   the state as it was when the Task failed, with the error under `failure`; its `order` is the validated order.
 * - An EventBridge "Step Functions Execution Status Change" event has `detail.executionArn` and `detail.input`.
 *   @see https://docs.aws.amazon.com/step-functions/latest/dg/cw-events.html
 */
export type FailedOrder =
  | {
      readonly kind: "catch" | "status-change";
      readonly executionArn?: string;
      /** The execution's input as JSON text, when the message carries one: the fallback for a new execution. */
      readonly input?: string;
      /** What the message says went wrong. */
      readonly error?: string;
      readonly orderId?: string;
    }
  | { readonly kind: "unknown"; readonly problem: string };

export const STATUS_CHANGE_DETAIL_TYPE = "Step Functions Execution Status Change";

export function parseFailureMessage(body: string): FailedOrder {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { kind: "unknown", problem: "the body is not JSON" };
  }
  if (!isRecord(parsed)) return { kind: "unknown", problem: "the body is not a JSON object" };

  if (parsed["detail-type"] === STATUS_CHANGE_DETAIL_TYPE && isRecord(parsed.detail)) {
    const { detail } = parsed;
    const input = typeof detail.input === "string" ? detail.input : undefined;
    return {
      kind: "status-change",
      ...(typeof detail.executionArn === "string" ? { executionArn: detail.executionArn } : {}),
      ...(input === undefined ? {} : { input }),
      ...(typeof detail.status === "string" ? { error: `execution ${detail.status}` } : {}),
      ...orderIdOf(input === undefined ? undefined : safeParse(input)),
    };
  }
  if (isRecord(parsed.state)) {
    const { state } = parsed;
    const failure = isRecord(state.failure) ? state.failure : undefined;
    return {
      kind: "catch",
      ...(typeof parsed.executionArn === "string" ? { executionArn: parsed.executionArn } : {}),
      ...(state.order === undefined || state.order === null ? {} : { input: JSON.stringify(state.order) }),
      ...(typeof failure?.Error === "string" ? { error: failure.Error } : {}),
      ...(typeof state.orderKey === "string" ? { orderId: state.orderKey } : orderIdOf(state.order)),
    };
  }
  return {
    kind: "unknown",
    problem: `the body is neither a Catch message ({ state, executionArn }) nor a "${STATUS_CHANGE_DETAIL_TYPE}" event`,
  };
}

function orderIdOf(order: unknown): { orderId?: string } {
  return isRecord(order) && typeof order.orderId === "string" ? { orderId: order.orderId } : {};
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
