import {
  DescribeExecutionCommand,
  ExecutionDoesNotExist,
  type DescribeExecutionCommandOutput,
  type SFNClient,
} from "@aws-sdk/client-sfn";

import { FAILURE_QUEUED_ERROR, STATES } from "../../../components/order-definition/names";
import type { FailedOrder } from "./failure-message";
import type { RecoverOutputs } from "./stack-outputs";

/** New executions tried per message, `<failed name>-recovery-1` to `-5`: a bound on an order that keeps failing. */
export const MAX_RECOVERY_ATTEMPTS = 5;
/** Step Functions' limit on an execution name. */
const MAX_NAME_LENGTH = 80;

/** What the recovery of one order does. */
export type Plan =
  | { readonly kind: "done"; readonly executionArn: string; readonly note: string }
  | { readonly kind: "wait"; readonly executionArn: string; readonly note: string }
  | { readonly kind: "redrive"; readonly executionArn: string }
  | { readonly kind: "start"; readonly name: string; readonly input: string; readonly note: string }
  | { readonly kind: "leave"; readonly reason: string };

/** What recovers a failed order: nothing (done), a wait, a redrive, a new execution, or nothing possible. */
export async function planOf(order: FailedOrder, outputs: RecoverOutputs, sfn: SFNClient): Promise<Plan> {
  if (order.kind === "unknown") return { kind: "leave", reason: `not a failed order: ${order.problem}` };
  const failed = order.executionArn === undefined ? undefined : await describe(sfn, order.executionArn);
  if (failed?.status === "SUCCEEDED") {
    return {
      kind: "done",
      executionArn: order.executionArn ?? "",
      note: "the execution has SUCCEEDED since",
    };
  }
  if (failed?.status === "RUNNING") {
    return {
      kind: "wait",
      executionArn: order.executionArn ?? "",
      note: "it is RUNNING again (redriven by someone)",
    };
  }
  // A Catch sent the order here and the execution went on to end in the Fail state: redrive resumes at the last
  // state that did not finish, which is that Fail state, so a redrive would only fail it again. The order is
  // recovered by a new execution; the authorize function's idempotency keeps it from being charged twice.
  const endedInFailState = failed?.error === FAILURE_QUEUED_ERROR;
  if (failed?.redriveStatus === "REDRIVABLE" && !endedInFailState)
    return { kind: "redrive", executionArn: order.executionArn ?? "" };

  // Not redrivable (past 14 days, EXPRESS), or ended in the Fail state: a new execution with the original input.
  const input = failed?.input ?? order.input;
  if (input === undefined) {
    return { kind: "leave", reason: "the message carries no input, and its execution cannot be described" };
  }
  const why =
    failed === undefined
      ? order.executionArn === undefined
        ? "the message names no execution"
        : "its execution is gone (EXPRESS, or past the history retention)"
      : endedInFailState
        ? `it ended in the Fail state ${STATES.failureQueued}, which a redrive would only run again`
        : `not redrivable: ${failed.redriveStatusReason ?? failed.redriveStatus ?? "no redrive status"}`;
  // A failed recovery's own message names `<name>-recovery-<n>`: its attempts continue the original's.
  const base = (order.executionArn?.split(":").at(-1) ?? `order-${order.orderId ?? "unknown"}`).replace(
    /-recovery-\d+$/,
    "",
  );
  return newExecutionPlan(base, input, why, outputs, sfn);
}

export function describePlan(plan: Plan): string {
  switch (plan.kind) {
    case "done":
      return `already recovered (${plan.note})`;
    case "wait":
      return `wait for ${plan.executionArn} (${plan.note})`;
    case "redrive":
      return `redrive ${plan.executionArn}`;
    case "start":
      return `start ${plan.name} with the original input (${plan.note})`;
    case "leave":
      return "leave it";
  }
}

/** The next `<name>-recovery-<n>` to start, unless one has SUCCEEDED or is RUNNING, or all have failed. */
async function newExecutionPlan(
  base: string,
  input: string,
  why: string,
  outputs: RecoverOutputs,
  sfn: SFNClient,
): Promise<Plan> {
  for (let attempt = 1; attempt <= MAX_RECOVERY_ATTEMPTS; attempt += 1) {
    const name = recoveryName(base, attempt);
    const previous = await describe(sfn, executionArnOf(outputs.stateMachineArn, name));
    if (previous === undefined) return { kind: "start", name, input, note: why };
    if (previous.status === "SUCCEEDED") {
      return {
        kind: "done",
        executionArn: previous.executionArn ?? name,
        note: `${name} has SUCCEEDED already`,
      };
    }
    if (previous.status === "RUNNING") {
      return { kind: "wait", executionArn: previous.executionArn ?? name, note: `${name} is RUNNING` };
    }
  }
  return {
    kind: "leave",
    reason: `${MAX_RECOVERY_ATTEMPTS} new executions (${recoveryName(base, 1)} to -${MAX_RECOVERY_ATTEMPTS}) ended without success; look at their history`,
  };
}

export async function describe(
  sfn: SFNClient,
  executionArn: string,
): Promise<DescribeExecutionCommandOutput | undefined> {
  try {
    return await sfn.send(new DescribeExecutionCommand({ executionArn }));
  } catch (error) {
    if (error instanceof ExecutionDoesNotExist) return undefined;
    throw error;
  }
}

/** `<failed name>-recovery-<n>`, the failed name shortened so that the whole fits Step Functions' 80 characters. */
export function recoveryName(failedName: string, attempt: number): string {
  const suffix = `-recovery-${attempt}`;
  return `${failedName.slice(0, MAX_NAME_LENGTH - suffix.length)}${suffix}`;
}

export function executionArnOf(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`;
}
