import type { TaskRetrier } from "../../local/commands/bench/task-retries";

/** A retrier with ASL's defaults (1 s, backoff 2, no cap, no jitter), changed where the test says. */
export function retrier(
  errorEquals: readonly string[],
  maxAttempts: number,
  timing: Partial<Omit<TaskRetrier, "errorEquals" | "maxAttempts">> = {},
): TaskRetrier {
  return { errorEquals, maxAttempts, intervalSeconds: 1, backoffRate: 2, jitterStrategy: "NONE", ...timing };
}
