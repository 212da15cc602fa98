import type { EventLog } from "./history";

/**
 * Which attempt of its state a Task call is, from the execution's event log: 1 when the state is entered,
 * one more with each retry. Concurrent Map iterations of one state share a count, as the library's Task
 * handlers cannot tell iterations apart.
 */
export class AttemptCounter {
  private readonly attempts = new Map<string, number>();

  observe(event: EventLog): void {
    if (event.type === "StateEntered") this.attempts.set(event.state.name, 1);
    if (event.type === "StateRetried")
      this.attempts.set(event.state.name, this.current(event.state.name) + 1);
  }

  current(stateName: string): number {
    return this.attempts.get(stateName) ?? 1;
  }
}

/**
 * Resolves once the event log consumer has seen every event logged so far. The library logs synchronously
 * and calls a Task handler in the same tick; its log reaches consumers through promise callbacks only, which
 * all run before the next macrotask.
 */
export function eventLogCaughtUp(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
