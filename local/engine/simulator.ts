import { randomUUID } from "node:crypto";

import { StateMachine, type StateMachineDefinition } from "aws-local-stepfunctions";

import { AttemptCounter } from "./attempt-counter";
import { checkedDefinition } from "./definition-checks";
import type { Deployment } from "../model/deployment";
import { outcomeOf, reportOf } from "./execution-outcome";
import { newExecutionRecord } from "./execution-record";
import type { ExecutionReport } from "./execution-report";
import { toHistoryEvents, type EventLog } from "./history";
import type { LocalServices } from "./integration-dispatch";
import type { PublishedMessage } from "./integrations/sns-publish";
import type { QueuedMessage } from "./integrations/sqs-send-message";
import type { JsonValue } from "../model/json";
import { LambdaFunctionPool } from "./lambda/lambda-function-pool";
import { LocalDynamoDb } from "./dynamodb/local-dynamodb";
import { assertSupportedNode } from "./node-version";
import {
  beginRedrive,
  type ExecutionContext,
  ExecutionNotRedrivableError,
  type ExecutionRecord,
  redriveAttemptEvents,
  redrivenDefinition,
  redrivePoint,
  type RedriveStatus,
  redriveStatusOf,
  historyOf,
  wholeReport,
} from "./redrive";
import type { RunState } from "./run-state";
import type { RunningExecution } from "./running-execution";
import type { RunOptions, SimulatorOptions } from "./simulator-options";
import { capturedFailure } from "./status-change-event";
import { taskHandlers } from "./task-handlers";
import { planTasks, type TaskPlan } from "./task-plan";

export type { InjectedFault, RunOptions, SimulatorOptions, TaskCall } from "./simulator-options";
export { ExecutionNotRedrivableError, type RedriveStatus } from "./redrive";

/**
 * Runs a deployment's state machine locally: its exact definition on aws-local-stepfunctions, its Lambda
 * handlers from their own archives in worker threads, its tables in dynalite, its topics captured in memory.
 */
export class LocalSimulator {
  private readonly services: LocalServices;
  /** Every execution started, by name, for its redrives. */
  private readonly executions = new Map<string, ExecutionRecord>();
  /** The attempts still running, which `close` stops before it closes what they call. */
  private readonly running = new Set<RunningExecution>();
  private closed = false;

  private constructor(
    private readonly deployment: Deployment,
    private readonly definition: StateMachineDefinition,
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
      return new LocalSimulator(deployment, definition, stateMachine, plan, options, database, lambdas);
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
    const record = newExecutionRecord(this.deployment, executionName, input, options.association);
    this.executions.set(executionName, record);
    return this.launch(record, this.stateMachine, record.input);
  }

  /**
   * Redrives an execution as RedriveExecution does: it goes on at the state that did not finish, with that
   * state's input, under the same ARN, input and start time, and `$$.Execution.RedriveCount` one more; the
   * history gains an ExecutionRedriven event and the new attempt's events; nothing before that state runs again.
   * Throws ExecutionNotRedrivableError, with the reason `redriveStatus` gives, when it is not REDRIVABLE.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html
   */
  redrive(executionName: string): RunningExecution {
    if (this.closed) {
      throw new Error("The local simulator is closed; start a new one to redrive an execution");
    }
    const record = this.executions.get(executionName);
    if (record === undefined) throw new Error(`No execution named ${executionName} was started`);
    const { status, reason } = this.redriveStatus(executionName);
    const point = redrivePoint(this.definition, historyOf(record));
    if (status !== "REDRIVABLE" || point === undefined) throw new ExecutionNotRedrivableError(reason);
    beginRedrive(record, Date.now());
    const machine = new StateMachine(redrivenDefinition(this.definition, point.stateName), {
      // The definition was validated at start-up; only its StartAt differs.
      validationOptions: { noValidate: true },
    });
    return this.launch(record, machine, point.input);
  }

  /** DescribeExecution's redriveStatus and redriveStatusReason for an execution this simulator started. */
  redriveStatus(executionName: string, now: number = Date.now()): RedriveStatus {
    const record = this.executions.get(executionName);
    if (record === undefined) throw new Error(`No execution named ${executionName} was started`);
    return redriveStatusOf(record, this.deployment, this.definition, now);
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

  /**
   * Stops the executions still running, as StopExecution would, then the functions' environments, then the
   * local DynamoDB: a table must outlive the calls still reaching it.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const running = [...this.running];
    for (const execution of running) execution.stop();
    await Promise.allSettled(running.map((execution) => execution.report));
    const results = await Promise.allSettled([...this.services.lambdas.values()].map((pool) => pool.close()));
    results.push(...(await Promise.allSettled([this.services.database.close()])));
    const failed = results.find((result) => result.status === "rejected");
    if (failed !== undefined) throw failed.reason;
  }

  /** Runs one attempt of an execution, its start or a redrive, on `machine` from `input`. */
  private launch(record: ExecutionRecord, machine: StateMachine, input: JsonValue): RunningExecution {
    const { executionName, executionArn } = record;
    const run: RunState = {
      executionName,
      attempts: new AttemptCounter(),
      lambdaLogs: [],
      lambdaInvocations: 0,
    };
    const redriven = record.redriveCount > 0;
    const execution = this.startExecution(machine, input, record.context, run);
    run.abort = execution.abort;
    const logs: EventLog[] = [];
    const logged = collectLogs(execution.eventLogs, run.attempts, logs);
    record.currentRun = run;
    record.currentEvents = () => redriveAttemptEvents(toHistoryEvents(logs), redriven);
    const report = (async () => {
      const outcome = await outcomeOf(execution.result);
      const events = redriveAttemptEvents(toHistoryEvents(await logged), redriven);
      const whole = wholeReport(record, reportOf({ executionName, executionArn }, outcome, events, run));
      this.ended(record, whole);
      return whole;
    })();
    // The caller may only stop the execution or read its events; its report's rejection is then theirs to miss.
    report.catch(() => undefined);
    const handle: RunningExecution = {
      executionName,
      executionArn,
      startDate: record.startDate,
      input: record.input,
      events: () => historyOf(record),
      stop: () => {
        execution.abort();
      },
      report,
    };
    this.running.add(handle);
    void report.finally(() => this.running.delete(handle)).catch(() => undefined);
    return handle;
  }

  /** Records how the attempt ended, and sends the failure-capture rule's event when it matches. */
  private ended(record: ExecutionRecord, report: ExecutionReport): void {
    const stopDate = Date.now();
    record.ended = { status: report.status, stopDate };
    const redrive = redriveStatusOf(record, this.deployment, this.definition, stopDate);
    const message = capturedFailure(this.deployment, {
      executionName: record.executionName,
      executionArn: record.executionArn,
      status: report.status,
      startDate: record.startDate,
      stopDate,
      input: record.input,
      ...record.association,
      ...(report.status === "SUCCEEDED" ? { output: report.output } : {}),
      ...(report.error === undefined ? {} : { error: report.error }),
      ...(report.cause === undefined ? {} : { cause: report.cause }),
      redriveCount: record.redriveCount,
      ...(record.redriveDate === undefined ? {} : { redriveDate: record.redriveDate }),
      redriveStatus: redrive.status,
      redriveStatusReason: redrive.reason,
    });
    if (message !== undefined) this.services.queued.push(message);
  }

  private startExecution(
    machine: StateMachine,
    input: JsonValue,
    context: ExecutionContext,
    run: RunState,
  ): ReturnType<StateMachine["run"]> {
    const retryIntervalOverrides =
      this.options.retryDelay === "skip"
        ? Object.fromEntries(this.plan.retryingStates.map((stateName) => [stateName, 0]))
        : undefined;

    return machine.run(input, {
      overrides: {
        taskResourceLocalHandlers: taskHandlers(this.plan, this.services, run),
        retryIntervalOverrides,
      },
      context,
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
