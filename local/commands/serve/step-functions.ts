import type { ExecutionAssociation } from "../../engine/execution-association";
import type { ExecutionReport } from "../../engine/execution-report";
import { ExecutionNotRedrivableError, type RedriveStatus } from "../../engine/redrive";
import type { RunningExecution } from "../../engine/running-execution";
import type { Integration } from "../../engine/task-plan";
import type { Deployment } from "../../model/deployment";
import type { JsonValue } from "../../model/json";
import { toAwsHistory } from "../shared/execution-history";
import { AwsError, validation } from "./aws-error";
import { offsetOf, pageOf } from "./page-token";
import { RequestFields } from "./request-fields";
import { listFilterOf, startAssociation, type StateMachineArns } from "./state-machine-arns";
import { checkClientToken, checkName, executionNotFound, parseInput } from "./step-functions-requests";
import {
  describeOf,
  listEntryOf,
  restartedByRedrive,
  seconds,
  startedThrough,
  STATUS_FILTERS,
  type Tracked,
  withoutData,
} from "./tracked-execution";

/** The Step Functions operations the endpoint answers, as their X-Amz-Target names them after `AWSStepFunctions.`. */
export const STEP_FUNCTIONS_OPERATIONS = [
  "StartExecution",
  "DescribeExecution",
  "GetExecutionHistory",
  "ListExecutions",
  "StopExecution",
  "RedriveExecution",
] as const;

export type StepFunctionsOperation = (typeof STEP_FUNCTIONS_OPERATIONS)[number];

/** @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_GetExecutionHistory.html */
const MAX_RESULTS = 1000;
/** A maxResults of 0, or none, is the default page size. */
const DEFAULT_PAGE_SIZE = 100;

/** The engine's redrive, by execution name: `LocalSimulator.redrive` and `LocalSimulator.redriveStatus`. */
export interface Redrive {
  /** Throws ExecutionNotRedrivableError, with redriveStatus's reason, when the execution is not REDRIVABLE. */
  redrive(executionName: string): RunningExecution;
  redriveStatus(executionName: string, now?: number): RedriveStatus;
}

export interface StepFunctionsBackend {
  readonly deployment: Deployment;
  /** What StartExecution and ListExecutions accept as `stateMachineArn`, and what an execution is associated with. */
  readonly arns: StateMachineArns;
  readonly taskIntegrations: ReadonlyMap<string, Integration>;
  start(
    input: JsonValue,
    executionName: string | undefined,
    association: ExecutionAssociation,
  ): RunningExecution;
  readonly redrive: Redrive;
  /** Told of an execution that ended with a simulator defect (it is reported FAILED). */
  readonly onDefect?: (executionArn: string, error: unknown) => void;
}

/** Step Functions' JSON API over the local simulator: one state machine, the deployment's. */
export class StepFunctionsApi {
  /** By execution ARN, in start order. */
  private readonly executions = new Map<string, Tracked>();

  constructor(private readonly backend: StepFunctionsBackend) {}

  /** Resolves once every execution started so far has ended. */
  async settled(): Promise<void> {
    await Promise.all([...this.executions.values()].map((tracked) => tracked.settled));
  }

  /** The report of each execution that has ended, in start order: a redriven one's covers all its attempts. */
  reports(): ExecutionReport[] {
    return [...this.executions.values()].flatMap((tracked) =>
      tracked.report === undefined ? [] : [tracked.report],
    );
  }

  /** Stops every running execution, as the endpoint does when it stops. */
  stopAll(): void {
    for (const tracked of this.executions.values()) {
      if (tracked.status === "RUNNING") tracked.running.stop();
    }
  }

  async handle(operation: StepFunctionsOperation, fields: RequestFields): Promise<object> {
    switch (operation) {
      case "StartExecution":
        return this.startExecution(fields);
      case "DescribeExecution":
        return this.describeExecution(fields);
      case "GetExecutionHistory":
        return this.getExecutionHistory(fields);
      case "ListExecutions":
        return this.listExecutions(fields);
      case "StopExecution":
        return this.stopExecution(fields);
      case "RedriveExecution":
        return this.redriveExecution(fields);
    }
  }

  private startExecution(fields: RequestFields): object {
    const association = startAssociation(fields.requiredString("stateMachineArn"), this.backend.arns);
    const name = fields.optionalString("name");
    if (name !== undefined) checkName(name);
    const inputText = fields.optionalString("input") ?? "{}";
    fields.optionalString("traceHeader");
    const input = parseInput(inputText);

    const executionArn = name === undefined ? undefined : this.executionArnOf(name);
    const existing = executionArn === undefined ? undefined : this.executions.get(executionArn);
    if (existing !== undefined) {
      // A Standard workflow's StartExecution is idempotent for the same name and input while it runs.
      // https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
      if (existing.status === "RUNNING" && JSON.stringify(existing.running.input) === JSON.stringify(input)) {
        return {
          executionArn: existing.running.executionArn,
          startDate: seconds(existing.running.startDate),
        };
      }
      throw new AwsError(
        "ExecutionAlreadyExists",
        `Execution Already Exists: '${existing.running.executionArn}'`,
      );
    }
    const running = this.backend.start(input, name, association);
    this.track(running, association);
    return { executionArn: running.executionArn, startDate: seconds(running.startDate) };
  }

  private describeExecution(fields: RequestFields): object {
    const tracked = this.find(fields.requiredString("executionArn"));
    fields.optionalEnum("includedData", ["ALL_DATA", "METADATA_ONLY"]);
    return describeOf(tracked, this.backend.arns.stateMachineArn, this.redriveStatusOf(tracked));
  }

  private getExecutionHistory(fields: RequestFields): object {
    const executionArn = fields.requiredString("executionArn");
    const tracked = this.find(executionArn);
    const maxResults = fields.optionalInteger("maxResults", 0, MAX_RESULTS) ?? 0;
    const reverseOrder = fields.optionalBoolean("reverseOrder") ?? false;
    const includeExecutionData = fields.optionalBoolean("includeExecutionData") ?? true;
    const scope = `history:${executionArn}:${String(reverseOrder)}`;
    const offset = offsetOf(scope, fields.optionalString("nextToken"));

    const { events } = toAwsHistory(
      tracked.report?.events ?? tracked.running.events(),
      this.backend.taskIntegrations,
      this.backend.deployment.region,
    );
    const associated = events.map((event) => startedThrough(event, tracked.association));
    const ordered = reverseOrder ? [...associated].reverse() : associated;
    const { page, nextToken } = pageOf(ordered, scope, offset, maxResults || DEFAULT_PAGE_SIZE);
    return {
      events: page.map((event) => ({
        ...(includeExecutionData ? event : withoutData(event)),
        timestamp: Date.parse(event.timestamp) / 1000,
      })),
      ...(nextToken === undefined ? {} : { nextToken }),
    };
  }

  private listExecutions(fields: RequestFields): object {
    const stateMachineArn = fields.optionalString("stateMachineArn");
    if (stateMachineArn === undefined) {
      throw validation(
        "Must provide a StateMachine ARN or MapRun ARN; the local endpoint lists the executions of its one state machine",
      );
    }
    const associated = listFilterOf(stateMachineArn, this.backend.arns);
    const statusFilter = fields.optionalEnum("statusFilter", STATUS_FILTERS);
    if (statusFilter === "PENDING_REDRIVE") {
      // https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListExecutions.html
      throw validation(
        "The statusFilter PENDING_REDRIVE needs a mapRunArn; with a stateMachineArn it is refused",
      );
    }
    const maxResults = fields.optionalInteger("maxResults", 0, MAX_RESULTS) ?? 0;
    const scope = `list:${stateMachineArn}:${statusFilter ?? ""}`;
    const offset = offsetOf(scope, fields.optionalString("nextToken"));
    // Newest first, as ListExecutions lists them.
    const listed = [...this.executions.values()]
      .filter((tracked) => associated(tracked.association))
      .filter((tracked) => statusFilter === undefined || tracked.status === statusFilter)
      .reverse();
    const { page, nextToken } = pageOf(listed, scope, offset, maxResults || DEFAULT_PAGE_SIZE);
    return {
      executions: page.map((tracked) => listEntryOf(tracked, this.backend.arns.stateMachineArn)),
      ...(nextToken === undefined ? {} : { nextToken }),
    };
  }

  private async stopExecution(fields: RequestFields): Promise<object> {
    const executionArn = fields.requiredString("executionArn");
    const tracked = this.find(executionArn);
    fields.optionalString("error");
    fields.optionalString("cause");
    if (tracked.status !== "RUNNING") {
      throw validation(
        `Execution '${executionArn}' is ${tracked.status}; only a RUNNING execution can be stopped`,
      );
    }
    tracked.running.stop();
    await tracked.settled;
    return { stopDate: seconds(tracked.stopDate ?? Date.now()) };
  }

  private redriveExecution(fields: RequestFields): object {
    const executionArn = fields.requiredString("executionArn");
    const tracked = this.find(executionArn);
    const clientToken = fields.optionalString("clientToken");
    checkClientToken(clientToken);
    const repeated = tracked.clientTokens.find((seen) => seen.token === clientToken);
    if (repeated !== undefined) return { redriveDate: seconds(repeated.redriveDate) };
    const { status, reason } = this.redriveStatusOf(tracked);
    if (status !== "REDRIVABLE") {
      throw new AwsError(
        "ExecutionNotRedrivable",
        `Execution '${executionArn}' cannot be redriven: ${reason}`,
      );
    }
    let running: RunningExecution;
    try {
      running = this.backend.redrive.redrive(tracked.running.executionName);
    } catch (error) {
      if (error instanceof ExecutionNotRedrivableError) {
        throw new AwsError(
          "ExecutionNotRedrivable",
          `Execution '${executionArn}' cannot be redriven: ${error.message}`,
        );
      }
      throw error;
    }
    const now = Date.now();
    restartedByRedrive(tracked, running, now, clientToken);
    tracked.settled = this.settle(tracked);
    return { redriveDate: seconds(now) };
  }

  private track(running: RunningExecution, association: ExecutionAssociation): void {
    const tracked: Tracked = {
      running,
      association,
      status: "RUNNING",
      redriveCount: 0,
      clientTokens: [],
      settled: Promise.resolve(),
    };
    tracked.settled = this.settle(tracked);
    this.executions.set(running.executionArn, tracked);
  }

  private async settle(tracked: Tracked): Promise<void> {
    const { running } = tracked;
    try {
      const report = await running.report;
      tracked.report = report;
      tracked.status = report.status;
    } catch (error) {
      tracked.status = "FAILED";
      tracked.defect = error instanceof Error ? error.message : String(error);
      this.backend.onDefect?.(running.executionArn, error);
    }
    tracked.stopDate = Date.now();
  }

  /** The engine's redrive status, once the endpoint too has seen the execution end. */
  private redriveStatusOf(tracked: Tracked): RedriveStatus {
    if (tracked.status === "RUNNING") {
      return { status: "NOT_REDRIVABLE", reason: "Execution is RUNNING and cannot be redriven" };
    }
    if (tracked.defect !== undefined) {
      return {
        status: "NOT_REDRIVABLE",
        reason: "A simulator defect ended the execution (see its cause); it cannot be redriven locally",
      };
    }
    return this.backend.redrive.redriveStatus(tracked.running.executionName);
  }

  private find(executionArn: string): Tracked {
    const tracked = this.executions.get(executionArn);
    if (tracked !== undefined) return tracked;
    throw executionNotFound(executionArn);
  }

  private executionArnOf(name: string): string {
    return `${this.backend.arns.stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`;
  }
}
