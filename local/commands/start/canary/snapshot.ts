import { readFile } from "node:fs/promises";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";

import type { StateMachineDefinition } from "aws-local-stepfunctions";

import { checkedDefinition } from "../../../engine/definition-checks";
import { planTasks, type TaskPlan } from "../../../engine/task-plan";
import type { Deployment } from "../../../model/deployment";
import { isJsonObject, isRecord } from "../../../model/json";
import { UsageError } from "../usage-error";

/** The committed definition of a stack, relative to the project: what `npm run synth -- --out` writes. */
export function snapshotFile(stack: string): string {
  return `snapshots/${stack}/definition.json`;
}

/** The command that writes the snapshot again from the current program. */
export function snapshotCommand(stack: string): string {
  return `npm run synth -- --stack ${stack} --out snapshots/${stack}`;
}

/** The baseline of a comparison: the snapshot's text as committed, and its file. */
export interface SnapshotDefinition {
  readonly file: string;
  readonly definition: string;
}

function snapshotError(stack: string, problem: string): UsageError {
  return new UsageError(
    `${snapshotFile(stack)}, the baseline of --canary, ${problem}`,
    `the committed definition of the stack, as \`${snapshotCommand(stack)}\` writes it`,
  );
}

/** By shape, not instanceof: under jest, node:fs's errors come from another realm. */
function messageOf(error: unknown): string {
  return isRecord(error) && typeof error.message === "string" ? error.message : String(error);
}

/** Reads the stack's committed definition; refuses a file that is missing or not a state machine definition. */
export async function readSnapshotDefinition(projectDir: string, stack: string): Promise<SnapshotDefinition> {
  const file = snapshotFile(stack);
  let text: string;
  try {
    text = await readFile(path.join(projectDir, file), "utf8");
  } catch (error) {
    throw snapshotError(stack, `cannot be read (${messageOf(error)})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw snapshotError(stack, `is not JSON (${messageOf(error)})`);
  }
  if (!isJsonObject(parsed) || typeof parsed.StartAt !== "string" || !isJsonObject(parsed.States)) {
    throw snapshotError(stack, "is not a state machine definition (no StartAt and States)");
  }
  return { file, definition: text };
}

/**
 * The baseline's Task plan on the current deployment, checked before any simulator starts: a snapshot that is not
 * valid ASL, or names a function, table, topic or queue the stack no longer deploys, cannot run against it.
 */
export function baselinePlan(deployment: Deployment, stack: string, snapshot: SnapshotDefinition): TaskPlan {
  try {
    const { definition } = checkedDefinition({ ...deployment, definition: snapshot.definition });
    return planTasks(definition, deployment);
  } catch (error) {
    throw snapshotError(stack, `cannot run against the current deployment (${messageOf(error)})`);
  }
}

/** Whether two definitions are the same state machine: the snapshot's keys are sorted, the program's are not. */
export function sameDefinition(a: string, b: string): boolean {
  return isDeepStrictEqual(JSON.parse(a) as StateMachineDefinition, JSON.parse(b) as StateMachineDefinition);
}
