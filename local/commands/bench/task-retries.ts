import type { StateMachineDefinition, TaskState } from "../../../components/asl";
import type { Deployment } from "../../model/deployment";

/** The part of a Task state's Retry and Catch that decides what happens after an error. */
export interface TaskRetries {
  readonly stateName: string;
  /** From the integration ARN `arn:<partition>:states:::<resourceType>:<resource>`, e.g. "lambda", "invoke". */
  readonly resourceType: string;
  readonly resource: string;
  readonly timeoutSeconds?: number;
  readonly retriers: readonly TaskRetrier[];
  readonly catchers: readonly { readonly errorEquals: readonly string[]; readonly next: string }[];
}

/** One Retry entry, with ASL's defaults filled in. */
export interface TaskRetrier {
  readonly errorEquals: readonly string[];
  readonly maxAttempts: number;
  readonly intervalSeconds: number;
  readonly backoffRate: number;
  /** Undefined when the retrier leaves MaxDelaySeconds out: the wait is not capped. */
  readonly maxDelaySeconds?: number;
  readonly jitterStrategy: "FULL" | "NONE";
}

/** What a Task state does when its first attempts fail with the given errors, in order, and the next succeeds. */
export type AttemptsOutcome =
  | { readonly kind: "succeeded"; readonly retries: number }
  | { readonly kind: "caught"; readonly retries: number; readonly error: string; readonly next: string }
  | { readonly kind: "failed"; readonly retries: number; readonly error: string };

/**
 * ASL's defaults for the Retry fields a retrier leaves out.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error
 */
const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_INTERVAL_SECONDS = 1;
const DEFAULT_BACKOFF_RATE = 2;
const DEFAULT_JITTER_STRATEGY = "NONE";

/**
 * The top-level Task states of a deployed definition, in the order it lists them. The component linted the
 * definition before it was deployed, so its typed ASL is read back as such.
 */
function topLevelTasks(deployment: Deployment): [string, TaskState][] {
  const definition = JSON.parse(deployment.definition) as StateMachineDefinition;
  return Object.entries(definition.States).filter(
    (entry): entry is [string, TaskState] => entry[1].Type === "Task",
  );
}

/** Every top-level Task state of a deployed definition, with its retriers and catchers, by state name. */
export function taskRetriesOf(deployment: Deployment): ReadonlyMap<string, TaskRetries> {
  const tasks = new Map<string, TaskRetries>();
  for (const [stateName, state] of topLevelTasks(deployment)) {
    const [resourceType = "", resource = ""] = state.Resource.split(":::")[1]?.split(":") ?? [];
    tasks.set(stateName, {
      stateName,
      resourceType,
      resource,
      ...(state.TimeoutSeconds === undefined ? {} : { timeoutSeconds: state.TimeoutSeconds }),
      retriers: (state.Retry ?? []).map((retrier) => ({
        errorEquals: retrier.ErrorEquals,
        maxAttempts: retrier.MaxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        intervalSeconds: retrier.IntervalSeconds ?? DEFAULT_INTERVAL_SECONDS,
        backoffRate: retrier.BackoffRate ?? DEFAULT_BACKOFF_RATE,
        ...(retrier.MaxDelaySeconds === undefined ? {} : { maxDelaySeconds: retrier.MaxDelaySeconds }),
        jitterStrategy: retrier.JitterStrategy ?? DEFAULT_JITTER_STRATEGY,
      })),
      catchers: (state.Catch ?? []).map((catcher) => ({
        errorEquals: catcher.ErrorEquals,
        next: catcher.Next,
      })),
    });
  }
  return tasks;
}

/**
 * Applies Retry and Catch as Step Functions does: the first retrier naming the error (or a wildcard) decides;
 * once that retrier has used its MaxAttempts the state fails, even if a later retrier names the error too;
 * a failed state goes to the first catcher naming the error.
 * @see https://states-language.net/spec.html#retrying-after-error
 */
export function outcomeOfAttempts(task: TaskRetries, errors: readonly string[]): AttemptsOutcome {
  const used = task.retriers.map(() => 0);
  for (const [retries, error] of errors.entries()) {
    const retrier = retrierFor(task, error);
    if (retrier !== undefined && (used[retrier.index] ?? 0) < retrier.maxAttempts) {
      used[retrier.index] = (used[retrier.index] ?? 0) + 1;
      continue;
    }
    const catcher = task.catchers.find((candidate) => matches(candidate.errorEquals, error));
    return catcher === undefined
      ? { kind: "failed", retries, error }
      : { kind: "caught", retries, error, next: catcher.next };
  }
  return { kind: "succeeded", retries: errors.length };
}

/**
 * The expected wait, in seconds, before the `retryAttempt`-th retry (1 for the first) of a retrier:
 * IntervalSeconds x BackoffRate^(retryAttempt - 1), capped at MaxDelaySeconds. With JitterStrategy FULL Step
 * Functions waits a random time between 0 and that delay, so the expected wait is half of it; the bench costs
 * the mean, as it reports a mean cost, rather than one draw of the jitter.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error
 */
export function expectedRetryWaitSeconds(retrier: TaskRetrier, retryAttempt: number): number {
  const delay = retrier.intervalSeconds * retrier.backoffRate ** (retryAttempt - 1);
  const capped = retrier.maxDelaySeconds === undefined ? delay : Math.min(delay, retrier.maxDelaySeconds);
  return retrier.jitterStrategy === "FULL" ? capped / 2 : capped;
}

/** The integration a Task state calls, as the simulator names it: "dynamodb:putItem". */
export function integrationOfTask(task: TaskRetries): string {
  return `${task.resourceType}:${task.resource}`;
}

/**
 * The first retrier whose ErrorEquals matches the error, as Step Functions picks it, or undefined. `States.ALL`
 * matches any error; `States.TaskFailed` any but `States.Timeout`.
 * @see https://states-language.net/spec.html#appendix-a
 */
export function retrierFor(
  task: TaskRetries,
  error: string,
): (TaskRetrier & { readonly index: number }) | undefined {
  const index = task.retriers.findIndex((retrier) => matches(retrier.errorEquals, error));
  const retrier = task.retriers[index];
  return retrier === undefined ? undefined : { ...retrier, index };
}

function matches(errorEquals: readonly string[], error: string): boolean {
  return (
    errorEquals.includes(error) ||
    errorEquals.includes("States.ALL") ||
    (errorEquals.includes("States.TaskFailed") && error !== "States.Timeout")
  );
}

/** The deployed function each Lambda Task state invokes, by state name, from its `FunctionName` ARN. */
export function functionOfState(deployment: Deployment): ReadonlyMap<string, string> {
  const byState = new Map<string, string>();
  for (const [stateName, state] of topLevelTasks(deployment)) {
    const arn = state.Parameters?.FunctionName;
    const fn = deployment.functions.find((candidate) => candidate.arn === arn || candidate.name === arn);
    if (fn !== undefined) byState.set(stateName, fn.name);
  }
  return byState;
}
