import type { RunOptions as LibraryRunOptions } from "aws-local-stepfunctions";

import { createHash } from "node:crypto";

import { eventLogCaughtUp } from "./attempt-counter";
import { knownAwsError, serviceFailure } from "./aws-errors";
import { callService, resourceNameOf, type LocalServices } from "./integration-dispatch";
import { functionErrorFailure } from "./integrations/lambda-invoke";
import type { RunState } from "./run-state";
import type { InjectedFault, TaskCall } from "./simulator-options";
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
      if (fault !== undefined) throw injectedFailure(fault, call);
      return await callService(services, task, parameters, run, call);
    } catch (error) {
      if (error instanceof TaskFailure) throw error;
      run.defect ??= { stateName: task.stateName, error };
      run.abort?.();
      throw new HarnessDefectSignal();
    }
  };
}

/**
 * The failure an injected fault stands for, as the service (through the one error table) or the function would
 * report it. A code the service's API does not have, or a function error on another integration, is a mistake
 * of the caller's and stops the run as a defect.
 */
function injectedFailure(fault: InjectedFault, call: TaskCall): TaskFailure {
  if (fault.functionError !== undefined) {
    if (call.integration !== "lambda:invoke") {
      throw new Error(`A function error was injected into \`${call.stateName}\`, a ${call.integration} Task`);
    }
    return functionErrorFailure({
      errorType: fault.functionError,
      errorMessage: fault.message ?? "injected",
      trace: [],
    });
  }
  const known = knownAwsError(call.integration, fault.code);
  return serviceFailure(call.integration, {
    code: known.code,
    message: fault.message ?? known.description,
    requestId: injectedRequestId(call),
  });
}

/** A request ID in UUID form, the same for the same call in every run, so a seeded run repeats exactly. */
function injectedRequestId(call: TaskCall): string {
  const hex = createHash("sha256")
    .update(JSON.stringify([call.executionName, call.stateName, call.attempt]))
    .digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
