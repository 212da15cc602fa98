import type { HistoryEvent } from "../../engine/history";
import { expectedRetryWaitSeconds, retrierFor, type TaskRetries } from "./task-retries";

/**
 * How Express workflows bill an execution: its duration "from the time your workflow begins executing until it
 * completes or otherwise terminates, rounded up to the nearest 100ms", times the memory it used, "billed in
 * 64-MB chunks", estimated as 50 MB + the definition's size + the execution data's size x the number of
 * Parallel or Map steps (the pricing page's worked example counts KB as 1,000 bytes and GB as 1,024 MB).
 * @see https://aws.amazon.com/step-functions/pricing/
 */
export const EXPRESS_DURATION_INCREMENT_MS = 100;
export const EXPRESS_MEMORY_CHUNK_MB = 64;
export const EXPRESS_BASE_MEMORY_MB = 50;
const BYTES_PER_MB = 1_000_000;
const MB_PER_GB = 1024;
const MS_PER_SECOND = 1000;

/** An execution's duration as Express bills it: rounded up to the next 100 ms, 100 ms at least. */
export function expressBilledDurationMs(durationMs: number): number {
  return (
    Math.max(1, Math.ceil(durationMs / EXPRESS_DURATION_INCREMENT_MS - 1e-9)) * EXPRESS_DURATION_INCREMENT_MS
  );
}

/**
 * The pricing page's estimate of an execution's memory, in MB. The definition here has no Parallel or Map state;
 * the execution data is then counted once rather than not at all, which can only raise the estimate.
 */
export function expressMemoryMb(
  definitionBytes: number,
  executionDataBytes: number,
  parallelOrMapStates: number,
): number {
  return (
    EXPRESS_BASE_MEMORY_MB +
    (definitionBytes + executionDataBytes * Math.max(1, parallelOrMapStates)) / BYTES_PER_MB
  );
}

/** Memory as Express bills it: rounded up to the next 64 MB chunk, one chunk at least. */
export function expressBilledMemoryMb(memoryMb: number): number {
  return Math.max(1, Math.ceil(memoryMb / EXPRESS_MEMORY_CHUNK_MB)) * EXPRESS_MEMORY_CHUNK_MB;
}

export function expressGbSeconds(billedDurationMs: number, billedMemoryMb: number): number {
  return (billedDurationMs / MS_PER_SECOND) * (billedMemoryMb / MB_PER_GB);
}

/**
 * The retry waits of one execution, in ms, as the deployed definition would make them on AWS: for each
 * StateRetried, the expected wait of the retrier that matched its error, at that retrier's attempt. The bench
 * skips these waits locally; Express bills them as duration (Standard does not bill time at all).
 */
export function retryWaitMs(
  events: readonly HistoryEvent[],
  tasks: ReadonlyMap<string, TaskRetries>,
): number {
  let total = 0;
  for (const event of events) {
    if (event.type !== "StateRetried" || event.stateName === undefined) continue;
    const task = tasks.get(event.stateName);
    const retrier = task === undefined ? undefined : retrierFor(task, event.error ?? "");
    if (task === undefined || retrier === undefined || event.retryAttempt === undefined) {
      throw new Error(
        `StateRetried of \`${event.stateName}\` (error ${JSON.stringify(event.error)}, attempt ${String(event.retryAttempt)}) matches no retrier of the deployed definition`,
      );
    }
    total += expectedRetryWaitSeconds(retrier, event.retryAttempt) * MS_PER_SECOND;
  }
  return total;
}

/** The largest state input or output of the execution, as JSON text, in bytes. */
export function largestPayloadBytes(events: readonly HistoryEvent[]): number {
  return events.reduce((largest, event) => {
    const data = event.input ?? event.output;
    return data === undefined ? largest : Math.max(largest, Buffer.byteLength(JSON.stringify(data)));
  }, 0);
}

/** From the first event of the execution to its last, in the local engine's clock. */
export function localWorkMs(events: readonly HistoryEvent[]): number {
  const first = events[0];
  const last = events.at(-1);
  return first === undefined || last === undefined ? 0 : last.timestamp - first.timestamp;
}
