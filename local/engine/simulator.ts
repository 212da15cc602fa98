import { randomUUID } from "node:crypto";

import type { StateMachine } from "aws-local-stepfunctions";

import { AttemptCounter } from "./attempt-counter";
import { checkedDefinition } from "./definition-checks";
import type { Deployment } from "../model/deployment";
import { messageOf } from "./error-text";
import { outcomeOf, reportOf } from "./execution-outcome";
import type { ExecutionReport } from "./execution-report";
import { toHistoryEvents, type EventLog } from "./history";
import type { LocalServices } from "./integration-dispatch";
import type { PublishedMessage } from "./integrations/sns-publish";
import type { QueuedMessage } from "./integrations/sqs-send-message";
import { toJson, type JsonValue } from "../model/json";
import { LambdaFunctionPool } from "./lambda/lambda-function-pool";
import { LocalDynamoDb } from "./dynamodb/local-dynamodb";
import { assertSupportedNode } from "./node-version";
import type { RunState } from "./run-state";
import type { RunningExecution } from "./running-execution";
import type { RunOptions, SimulatorOptions } from "./simulator-options";
import { taskHandlers } from "./task-handlers";
import { planTasks, type TaskPlan } from "./task-plan";

export type { InjectedFault, RunOptions, SimulatorOptions, TaskCall } from "./simulator-options";

/**
 * Runs a deployment's state machine locally: its exact definition on aws-local-stepfunctions, its Lambda
 * handlers from their own archives in worker threads, its tables in dynalite, its topics captured in memory.
 */
export class LocalSimulator {
  private readonly services: LocalServices;
  private closed = false;

  private constructor(
    private readonly deployment: Deployment,
    private readonly stateMachine: StateMachine,
    private readonly plan: TaskPlan,
    private readonly options: SimulatorOptions,
    database: LocalDynamoDb,
    lambdas: ReadonlyMap<string, LambdaFunctionPool>,
  ) {
    this.services = { deployment, options, database, lambdas, published: [], queued: [] };
  }

  static async start(deployment: Deployment, options: SimulatorOptions = {}): Promise<LocalSimulator> {
    assertSupportedNode();
    const { definition, stateMachine } = checkedDefinition(deployment);
    const plan = planTasks(definition, deployment);

    const started: { close(): Promise<void> }[] = [];
    try {
      const database = await LocalDynamoDb.start(deployment.tables, deployment.region);
      started.push(database);
      const lambdas = new Map<string, LambdaFunctionPool>();
      for (const fn of deployment.functions) {
        const pool = await LambdaFunctionPool.start(fn, deployment.region, { dynamoDb: database.endpoint });
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
    return this.start(input, options).report;
  }

  /**
   * Starts one execution and returns at once, as StartExecution does: the handle reports the events so far,
   * stops the execution, and settles its report as `run` would.
   */
  start(input: unknown, options: RunOptions = {}): RunningExecution {
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

    const startDate = Date.now();
    const executionInput = jsonInput(input);
    const execution = this.startExecution(executionInput, executionArn, run);
    run.abort = execution.abort;
    const logs: EventLog[] = [];
    const logged = collectLogs(execution.eventLogs, run.attempts, logs);
    const report = (async () => {
      const outcome = await outcomeOf(execution.result);
      const events = toHistoryEvents(await logged);
      return reportOf({ executionName, executionArn }, outcome, events, run);
    })();
    // The caller may only stop the execution or read its events; its report's rejection is then theirs to miss.
    report.catch(() => undefined);
    return {
      executionName,
      executionArn,
      startDate,
      input: executionInput,
      events: () => toHistoryEvents(logs),
      stop: () => {
        execution.abort();
      },
      report,
    };
  }

  /** The URL of the deployment's local DynamoDB (dynalite), for a client or a proxy of its own. */
  async dynamoDbEndpoint(): Promise<string> {
    const endpoint = await this.services.database.client.config.endpoint?.();
    if (endpoint === undefined) throw new Error("The local DynamoDB client has no endpoint");
    return `${endpoint.protocol}//${endpoint.hostname}:${endpoint.port ?? ""}${endpoint.path}`;
  }

  /** Every item of a deployed table as plain values (N as number, B as Uint8Array, sets as Set), sorted by hash key. */
  items(tableName: string): Promise<Record<string, unknown>[]> {
    return this.services.database.items(tableName);
  }

  /** Every message published so far, by any execution, in publish order. */
  notifications(): readonly PublishedMessage[] {
    return [...this.services.published];
  }

  /** Every message sent to a queue so far, by any execution, in send order. */
  queuedMessages(): readonly QueuedMessage[] {
    return [...this.services.queued];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const results = await Promise.allSettled([
      ...[...this.services.lambdas.values()].map((pool) => pool.close()),
      this.services.database.close(),
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
    const retryIntervalOverrides =
      this.options.retryDelay === "skip"
        ? Object.fromEntries(this.plan.retryingStates.map((stateName) => [stateName, 0]))
        : undefined;

    return this.stateMachine.run(input, {
      overrides: {
        taskResourceLocalHandlers: taskHandlers(this.plan, this.services, run),
        retryIntervalOverrides,
      },
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
}

/** Reads the execution's event log to its end, counting attempts as it goes so that Task calls know theirs. */
async function collectLogs(
  eventLogs: AsyncIterable<EventLog>,
  attempts: AttemptCounter,
  logs: EventLog[] = [],
): Promise<EventLog[]> {
  for await (const event of eventLogs) {
    logs.push(event);
    attempts.observe(event);
  }
  return logs;
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
