import type { RunOptions as LibraryRunOptions } from "aws-local-stepfunctions";

import { eventLogCaughtUp } from "./attempt-counter";
import { callService, resourceNameOf, type LocalServices } from "./integration-dispatch";
import type { RunState } from "./run-state";
import type { TaskCall } from "./simulator-options";
import { TaskFailure } from "./task-failure";
import type { PlannedTask, TaskPlan } from "./task-plan";

export type TaskHandlers = NonNullable<
  NonNullable<LibraryRunOptions["overrides"]>["taskResourceLocalHandlers"]
>;

/**
 * Thrown into the library after the simulator's own code failed: neither a Retry nor a Catch may act on it,
 * so the execution stops and `run` reports the defect.
 */
class HarnessDefectSignal extends Error {
  readonly isRetryable = false;
  readonly isCatchable = false;

  constructor() {
    super("The local simulator stopped the execution after a defect of its own");
    this.name = "LocalSimulator.Defect";
  }
}

/** The library's local handler for every Task state of the plan, for one execution. */
export function taskHandlers(plan: TaskPlan, services: LocalServices, run: RunState): TaskHandlers {
  const handlers: TaskHandlers = {};
  for (const task of plan.tasks.values()) handlers[task.stateName] = taskHandler(task, services, run);
  return handlers;
}

function taskHandler(task: PlannedTask, services: LocalServices, run: RunState): TaskHandlers[string] {
  return async (parameters) => {
    await eventLogCaughtUp();
    const call: TaskCall = {
      stateName: task.stateName,
      integration: task.integration,
      resourceName: resourceNameOf(task),
      attempt: run.attempts.current(task.stateName),
      executionName: run.executionName,
    };
    try {
      const fault = services.options.injectFault?.(call);
      if (fault !== undefined) throw new TaskFailure(fault.error, fault.cause);
      return await callService(services, task, parameters, run, call);
    } catch (error) {
      if (error instanceof TaskFailure) throw error;
      run.defect ??= { stateName: task.stateName, error };
      run.abort?.();
      throw new HarnessDefectSignal();
    }
  };
}
