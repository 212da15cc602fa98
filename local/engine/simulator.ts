import { createHash, randomUUID } from "node:crypto";

import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  StateMachine,
  type RunOptions as LibraryRunOptions,
  type StateMachineDefinition,
} from "aws-local-stepfunctions";

import { AttemptCounter, eventLogCaughtUp } from "./attempt-counter";
import type { Deployment } from "../model/deployment";
import {
  billableTransitions,
  type ExecutionReport,
  type ExecutionStatus,
  type LambdaLog,
} from "./execution-report";
import { toHistoryEvents, type EventLog, type HistoryEvent } from "./history";
import { putItem } from "./integrations/dynamodb-put-item";
import { invokeLambda } from "./integrations/lambda-invoke";
import { publishToSns, type PublishedMessage } from "./integrations/sns-publish";
import { sendToSqs, type QueuedMessage } from "./integrations/sqs-send-message";
import { isJsonObject, toJson, type JsonObject, type JsonValue } from "../model/json";
import { LambdaFunctionPool, withInvocationSeed } from "./lambda/lambda-function-pool";
import { LocalDynamoDb } from "./dynamodb/local-dynamodb";
import { assertSupportedNode } from "./node-version";
import { defectIn, SimulatorDefectError } from "./simulator-defect-error";
import { TaskFailure } from "./task-failure";
import { planTasks, type Integration, type PlannedTask, type TaskPlan } from "./task-plan";

export interface TaskCall {
  readonly stateName: string;
  readonly integration: Integration;
  /** The function name, table name or topic name. */
  readonly resourceName: string;
  /** 1-based, per state per execution: 1 on entering the state, one more with each retry. */
  readonly attempt: number;
  readonly executionName: string;
}

/** A service-level failure (throttling, say): the call fails with exactly this Error and Cause, the service is not called. */
export interface InjectedFault {
  /** e.g. "Lambda.TooManyRequestsException" */
  readonly error: string;
  readonly cause: string;
}

export interface SimulatorOptions {
  /** "honour" waits as each retrier says; "skip" retries at once. Default "honour". */
  readonly retryDelay?: "honour" | "skip";
  readonly injectFault?: (call: TaskCall) => InjectedFault | undefined;
  /**
   * Local-only determinism aid, no AWS setting: each Lambda invocation's Math.random and crypto.randomUUID
   * draw from a generator seeded with this seed and the call (execution name, state, attempt), so a run
   * repeats exactly however its executions interleave. Default: the platform's randomness.
   */
  readonly seed?: number;
}

export interface RunOptions {
  /** Default: a random UUID, as StartExecution does. */
  readonly executionName?: string;
}

type TaskHandlers = NonNullable<NonNullable<LibraryRunOptions["overrides"]>["taskResourceLocalHandlers"]>;

/** What one execution collects while it runs. */
interface RunState {
  readonly executionName: string;
  readonly attempts: AttemptCounter;
  readonly lambdaLogs: LambdaLog[];
  lambdaInvocations: number;
  abort?: () => void;
  defect?: { readonly stateName: string; readonly error: unknown };
}

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

/**
 * Runs a deployment's state machine locally: its exact definition on aws-local-stepfunctions, its Lambda
 * handlers from their own archives in worker threads, its tables in dynalite, its topics captured in memory.
 */
export class LocalSimulator {
  private readonly published: PublishedMessage[] = [];
  private readonly queued: QueuedMessage[] = [];
  private closed = false;

  private constructor(
    private readonly deployment: Deployment,
    private readonly stateMachine: StateMachine,
    private readonly plan: TaskPlan,
    private readonly options: SimulatorOptions,
    private readonly database: LocalDynamoDb,
    private readonly lambdas: ReadonlyMap<string, LambdaFunctionPool>,
  ) {}

  static async start(deployment: Deployment, options: SimulatorOptions = {}): Promise<LocalSimulator> {
    assertSupportedNode();
    const definition = parseDefinition(deployment);
    const stateMachine = validatedStateMachine(deployment, definition);
    const plan = planTasks(definition, deployment);

    const started: { close(): Promise<void> }[] = [];
    try {
      const database = await LocalDynamoDb.start(deployment.tables, deployment.region);
      started.push(database);
      const lambdas = new Map<string, LambdaFunctionPool>();
      for (const fn of deployment.functions) {
        const pool = await LambdaFunctionPool.start(fn, deployment.region);
        started.push(pool);
        lambdas.set(fn.name, pool);
      }
      return new LocalSimulator(deployment, stateMachine, plan, options, database, lambdas);
    } catch (error) {
      await Promise.allSettled(started.map((resource) => resource.close()));
      throw error;
    }
  }

  /**
   * Runs one execution to its end. Rejects with SimulatorDefectError when a handler or the simulator has a bug
   * (a JavaScript built-in error anywhere in the execution, or the simulator's own code failing).
   */
  async run(input: unknown, options: RunOptions = {}): Promise<ExecutionReport> {
    if (this.closed) {
      throw new Error("The local simulator is closed; start a new one to run another execution");
    }
    const executionName = options.executionName ?? randomUUID();
    const executionArn = `${this.deployment.stateMachineArn.replace(":stateMachine:", ":execution:")}:${executionName}`;
    const run: RunState = {
      executionName,
      attempts: new AttemptCounter(),
      lambdaLogs: [],
      lambdaInvocations: 0,
    };

    const execution = this.startExecution(jsonInput(input), executionArn, run);
    run.abort = execution.abort;
    const logs: EventLog[] = [];
    const logged = (async () => {
      for await (const event of execution.eventLogs) {
        logs.push(event);
        run.attempts.observe(event);
      }
    })();
    const outcome = await outcomeOf(execution.result);
    await logged;
    const events = toHistoryEvents(logs);

    if (run.defect !== undefined) throw harnessDefect(run.defect, events);
    if (outcome.status === undefined) {
      const { unexpected } = outcome;
      throw new SimulatorDefectError(
        `aws-local-stepfunctions ended the execution with ${messageOf(unexpected)}, which is none of its outcomes`,
        undefined,
        unexpected instanceof Error ? unexpected.name : typeof unexpected,
        events,
        { cause: unexpected },
      );
    }
    const defect = defectIn(events);
    if (defect !== undefined) throw defect;

    const failure = events.findLast((event) => event.type === "ExecutionFailed");
    return {
      executionName,
      executionArn,
      status: outcome.status,
      ...(outcome.status === "SUCCEEDED" ? { output: outcome.output } : {}),
      ...(failure === undefined ? {} : { error: failure.error, cause: failure.cause }),
      events,
      statesEntered: events.flatMap((event) =>
        event.type === "StateEntered" && event.stateName !== undefined ? [event.stateName] : [],
      ),
      transitions: billableTransitions(events),
      lambdaInvocations: run.lambdaInvocations,
      lambdaLogs: run.lambdaLogs,
    };
  }

  /** Every item of a deployed table as plain values (N as number, B as Uint8Array, sets as Set), sorted by hash key. */
  items(tableName: string): Promise<Record<string, unknown>[]> {
    return this.database.items(tableName);
  }

  /** Every message published so far, by any execution, in publish order. */
  notifications(): readonly PublishedMessage[] {
    return [...this.published];
  }

  /** Every message sent to a queue so far, by any execution, in send order. */
  queuedMessages(): readonly QueuedMessage[] {
    return [...this.queued];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const results = await Promise.allSettled([
      ...[...this.lambdas.values()].map((pool) => pool.close()),
      this.database.close(),
    ]);
    const failed = results.find((result) => result.status === "rejected");
    if (failed !== undefined) throw failed.reason;
  }

  private startExecution(
    input: JsonValue,
    executionArn: string,
    run: RunState,
  ): ReturnType<StateMachine["run"]> {
    const { stateMachineArn, stateMachineName, accountId } = this.deployment;
    const partition = stateMachineArn.split(":")[1] ?? "aws";
    const taskHandlers: TaskHandlers = {};
    for (const task of this.plan.tasks.values()) taskHandlers[task.stateName] = this.taskHandler(task, run);
    const retryIntervalOverrides =
      this.options.retryDelay === "skip"
        ? Object.fromEntries(this.plan.retryingStates.map((stateName) => [stateName, 0]))
        : undefined;

    return this.stateMachine.run(input, {
      overrides: { taskResourceLocalHandlers: taskHandlers, retryIntervalOverrides },
      context: {
        Execution: {
          Id: executionArn,
          Name: run.executionName,
          StartTime: new Date().toISOString(),
          RoleArn: `arn:${partition}:iam::${accountId}:role/${stateMachineName}-role`,
          Input: input,
        },
        StateMachine: { Id: stateMachineArn, Name: stateMachineName },
      },
    });
  }

  private taskHandler(task: PlannedTask, run: RunState): TaskHandlers[string] {
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
        const fault = this.options.injectFault?.(call);
        if (fault !== undefined) throw new TaskFailure(fault.error, fault.cause);
        return await this.callService(task, parameters, run, call);
      } catch (error) {
        if (error instanceof TaskFailure) throw error;
        run.defect ??= { stateName: task.stateName, error };
        run.abort?.();
        throw new HarnessDefectSignal();
      }
    };
  }

  private async callService(
    task: PlannedTask,
    parameters: unknown,
    run: RunState,
    call: TaskCall,
  ): Promise<JsonObject> {
    // planTasks made sure Parameters is an object, and the library keeps it one.
    if (!isJsonObject(parameters)) {
      throw new Error(`The effective parameters of Task state \`${task.stateName}\` are not an object`);
    }
    switch (task.integration) {
      case "lambda:invoke": {
        const pool = this.lambdas.get(task.function.name);
        if (pool === undefined) throw new Error(`No worker pool runs function \`${task.function.name}\``);
        const invoke = (): Promise<JsonObject> =>
          invokeLambda(pool, parameters.Payload ?? null, (invocation) => {
            run.lambdaInvocations += 1;
            run.lambdaLogs.push({
              stateName: task.stateName,
              functionName: task.function.name,
              requestId: invocation.requestId,
              lines: invocation.logs,
            });
          });
        const { seed } = this.options;
        return seed === undefined ? invoke() : withInvocationSeed(callSeed(seed, call), invoke);
      }
      case "dynamodb:putItem":
        return putItem(this.database.client, parameters);
      case "sns:publish": {
        const { result, published } = publishToSns(parameters, this.deployment.topics, {
          executionName: run.executionName,
          stateName: task.stateName,
        });
        this.published.push(published);
        return result;
      }
      case "sqs:sendMessage": {
        const { result, queued } = sendToSqs(parameters, this.deployment.queues, {
          executionName: run.executionName,
          stateName: task.stateName,
        });
        this.queued.push(queued);
        return result;
      }
    }
  }
}

function parseDefinition(deployment: Deployment): StateMachineDefinition {
  try {
    return JSON.parse(deployment.definition) as StateMachineDefinition;
  } catch (error) {
    const message = `The definition of state machine \`${deployment.stateMachineName}\` is not JSON: ${messageOf(error)}`;
    throw new Error(message, { cause: error });
  }
}

/** The library validates the definition as ASL on construction. */
function validatedStateMachine(deployment: Deployment, definition: StateMachineDefinition): StateMachine {
  try {
    return new StateMachine(definition);
  } catch (error) {
    const message = `The definition of state machine \`${deployment.stateMachineName}\` is not valid: ${messageOf(error)}`;
    throw new Error(message, { cause: error });
  }
}

function jsonInput(input: unknown): JsonValue {
  // StartExecution's input defaults to {}.
  if (input === undefined) return {};
  try {
    return toJson(input);
  } catch (error) {
    throw new Error(`The execution input must be JSON: ${messageOf(error)}`, { cause: error });
  }
}

function resourceNameOf(task: PlannedTask): string {
  switch (task.integration) {
    case "lambda:invoke":
      return task.function.name;
    case "dynamodb:putItem":
      return task.table.name;
    case "sns:publish":
      return task.topic.name;
    case "sqs:sendMessage":
      return task.queue.name;
  }
}

/** A 32-bit seed for one Task call, the same in every run with the same seed. */
function callSeed(seed: number, call: TaskCall): number {
  const identity = JSON.stringify([seed, call.executionName, call.stateName, call.attempt]);
  return createHash("sha256").update(identity).digest().readUInt32BE(0);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

type Outcome =
  | { readonly status: ExecutionStatus; readonly output?: unknown }
  | { readonly status: undefined; readonly unexpected: unknown };

async function outcomeOf(result: Promise<unknown>): Promise<Outcome> {
  try {
    return { status: "SUCCEEDED", output: await result };
  } catch (error) {
    if (error instanceof ExecutionError) return { status: "FAILED" };
    if (error instanceof ExecutionTimeoutError) return { status: "TIMED_OUT" };
    if (error instanceof ExecutionAbortedError) return { status: "ABORTED" };
    return { status: undefined, unexpected: error };
  }
}

function harnessDefect(
  defect: NonNullable<RunState["defect"]>,
  events: readonly HistoryEvent[],
): SimulatorDefectError {
  const { stateName, error } = defect;
  return new SimulatorDefectError(
    `The local simulator's own code failed in Task state \`${stateName}\` with ${messageOf(error)}; ` +
      "the execution was stopped so that no Retry or Catch could take it for a service error.",
    stateName,
    error instanceof Error ? error.name : typeof error,
    events,
    { cause: error },
  );
}
