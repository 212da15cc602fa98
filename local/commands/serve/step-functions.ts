import type { ExecutionReport, ExecutionStatus } from "../../engine/execution-report";
import { ExecutionNotRedrivableError, type RedriveStatus } from "../../engine/redrive";
import type { RunningExecution } from "../../engine/running-execution";
import type { Integration } from "../../engine/task-plan";
import type { Deployment } from "../../model/deployment";
import type { JsonValue } from "../../model/json";
import { toAwsHistory } from "../start/execution-history";
import { AwsError, validation } from "./aws-error";
import { offsetOf, pageOf } from "./page-token";
import { RequestFields } from "./request-fields";

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

type Status = "RUNNING" | ExecutionStatus;

const STATUSES: readonly Status[] = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"];
/** ListExecutions' statusFilter also names PENDING_REDRIVE, which no local execution is in. */
const STATUS_FILTERS = [...STATUSES, "PENDING_REDRIVE"] as const;

/**
 * Step Functions' limits. @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
 * and https://docs.aws.amazon.com/step-functions/latest/apireference/API_GetExecutionHistory.html
 */
const MAX_NAME_LENGTH = 80;
const MAX_INPUT_BYTES = 262_144;
const MAX_RESULTS = 1000;
/** A maxResults of 0, or none, is the default page size. */
const DEFAULT_PAGE_SIZE = 100;
/** White space, brackets, wildcards, the special characters and control characters StartExecution refuses in a name. */
// eslint-disable-next-line no-control-regex -- StartExecution refuses control characters in a name.
const FORBIDDEN_NAME_CHARACTERS = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;

/** The engine's redrive, by execution name: `LocalSimulator.redrive` and `LocalSimulator.redriveStatus`. */
export interface Redrive {
  /** Throws ExecutionNotRedrivableError, with redriveStatus's reason, when the execution is not REDRIVABLE. */
  redrive(executionName: string): RunningExecution;
  redriveStatus(executionName: string, now?: number): RedriveStatus;
}

/**
 * RedriveExecution answers the same for a clientToken it has seen, for the last 10 tokens of an execution.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html
 */
const REMEMBERED_CLIENT_TOKENS = 10;
/** Its clientToken has 1 to 64 characters. */
const MAX_CLIENT_TOKEN_LENGTH = 64;

export interface StepFunctionsBackend {
  readonly deployment: Deployment;
  readonly taskIntegrations: ReadonlyMap<string, Integration>;
  start(input: JsonValue, executionName: string | undefined): RunningExecution;
  readonly redrive: Redrive;
  /** Told of an execution that ended with a simulator defect (it is reported FAILED). */
  readonly onDefect?: (executionArn: string, error: unknown) => void;
}

/** One execution as the endpoint tracks it: the engine's handle, and what its report said once it ended. */
interface Tracked {
  running: RunningExecution;
  status: Status;
  stopDate?: number;
  report?: ExecutionReport;
  /** A simulator defect ended it; it is reported FAILED with this as its cause. */
  defect?: string;
  redriveCount: number;
  redriveDate?: number;
  /** The clientTokens of the last redrives, with the redriveDate each was answered with. */
  clientTokens: { readonly token: string; readonly redriveDate: number }[];
  settled: Promise<void>;
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
    const stateMachineArn = fields.requiredString("stateMachineArn");
    this.checkStateMachine(stateMachineArn);
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
    const running = this.backend.start(input, name);
    this.track(running, 0);
    return { executionArn: running.executionArn, startDate: seconds(running.startDate) };
  }

  private describeExecution(fields: RequestFields): object {
    const tracked = this.find(fields.requiredString("executionArn"));
    fields.optionalEnum("includedData", ["ALL_DATA", "METADATA_ONLY"]);
    const { running, status, report } = tracked;
    const redrive = this.redriveStatusOf(tracked);
    return {
      executionArn: running.executionArn,
      stateMachineArn: this.backend.deployment.stateMachineArn,
      name: running.executionName,
      status,
      startDate: seconds(running.startDate),
      ...(tracked.stopDate === undefined ? {} : { stopDate: seconds(tracked.stopDate) }),
      input: JSON.stringify(running.input),
      inputDetails: { included: true },
      ...(status === "SUCCEEDED" && report !== undefined
        ? { output: JSON.stringify(report.output ?? null), outputDetails: { included: true } }
        : {}),
      ...(tracked.defect !== undefined
        ? { error: "Local.SimulatorDefect", cause: tracked.defect }
        : report?.error === undefined
          ? {}
          : { error: report.error, cause: report.cause }),
      redriveCount: tracked.redriveCount,
      ...(tracked.redriveDate === undefined ? {} : { redriveDate: seconds(tracked.redriveDate) }),
      redriveStatus: redrive.status,
      redriveStatusReason: redrive.reason,
    };
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
    const ordered = reverseOrder ? [...events].reverse() : events;
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
    this.checkStateMachine(stateMachineArn);
    const statusFilter = fields.optionalEnum("statusFilter", STATUS_FILTERS);
    const maxResults = fields.optionalInteger("maxResults", 0, MAX_RESULTS) ?? 0;
    const scope = `list:${statusFilter ?? ""}`;
    const offset = offsetOf(scope, fields.optionalString("nextToken"));
    // Newest first, as ListExecutions lists them.
    const listed = [...this.executions.values()]
      .filter((tracked) => statusFilter === undefined || tracked.status === statusFilter)
      .reverse();
    const { page, nextToken } = pageOf(listed, scope, offset, maxResults || DEFAULT_PAGE_SIZE);
    return {
      executions: page.map((tracked) => ({
        executionArn: tracked.running.executionArn,
        stateMachineArn,
        name: tracked.running.executionName,
        status: tracked.status,
        startDate: seconds(tracked.running.startDate),
        ...(tracked.stopDate === undefined ? {} : { stopDate: seconds(tracked.stopDate) }),
        redriveCount: tracked.redriveCount,
        ...(tracked.redriveDate === undefined ? {} : { redriveDate: seconds(tracked.redriveDate) }),
      })),
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
    if (
      clientToken !== undefined &&
      (clientToken.length === 0 || clientToken.length > MAX_CLIENT_TOKEN_LENGTH)
    ) {
      throw validation(
        `1 validation error detected: Value '${clientToken}' at 'clientToken' failed to satisfy constraint: Member must have length between 1 and ${MAX_CLIENT_TOKEN_LENGTH}`,
      );
    }
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
    tracked.running = running;
    tracked.status = "RUNNING";
    tracked.redriveCount += 1;
    tracked.redriveDate = now;
    if (clientToken !== undefined) {
      tracked.clientTokens = [...tracked.clientTokens, { token: clientToken, redriveDate: now }].slice(
        -REMEMBERED_CLIENT_TOKENS,
      );
    }
    delete tracked.stopDate;
    delete tracked.report;
    delete tracked.defect;
    tracked.settled = this.settle(tracked);
    return { redriveDate: seconds(now) };
  }

  private track(running: RunningExecution, redriveCount: number): void {
    const tracked: Tracked = {
      running,
      status: "RUNNING",
      redriveCount,
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
    if (!/^arn:[^:]+:states:[^:]*:\d{12}:execution:[^:]+:[^:]+$/.test(executionArn)) {
      throw new AwsError(
        "InvalidArn",
        `Invalid Arn: '${executionArn}' is not the ARN of an execution (arn:<partition>:states:<region>:<account>:execution:<state machine>:<name>)`,
      );
    }
    throw new AwsError("ExecutionDoesNotExist", `Execution Does Not Exist: '${executionArn}'`);
  }

  private checkStateMachine(stateMachineArn: string): void {
    const { deployment } = this.backend;
    if (stateMachineArn === deployment.stateMachineArn) return;
    if (!/^arn:[^:]+:states:[^:]*:\d{12}:stateMachine:[^:]+$/.test(stateMachineArn)) {
      throw new AwsError(
        "InvalidArn",
        `Invalid Arn: '${stateMachineArn}' is not the ARN of a state machine (arn:<partition>:states:<region>:<account>:stateMachine:<name>)`,
      );
    }
    throw new AwsError(
      "StateMachineDoesNotExist",
      `State Machine Does Not Exist: '${stateMachineArn}'; the local endpoint runs ${deployment.stateMachineArn} only`,
    );
  }

  private executionArnOf(name: string): string {
    return `${this.backend.deployment.stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`;
  }
}

function checkName(name: string): void {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || FORBIDDEN_NAME_CHARACTERS.test(name)) {
    throw new AwsError(
      "InvalidName",
      `Invalid Name: '${name}'; a name has 1 to ${MAX_NAME_LENGTH} characters, none of them white space, brackets, ? * " # % \\ ^ | ~ \` $ & , ; : / or control characters`,
    );
  }
}

function parseInput(text: string): JsonValue {
  if (Buffer.byteLength(text) > MAX_INPUT_BYTES) {
    throw validation(
      `1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to ${MAX_INPUT_BYTES}`,
    );
  }
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new AwsError(
      "InvalidExecutionInput",
      `Invalid State Machine Execution Input: '${error instanceof Error ? error.message : String(error)}'; the input must be JSON text`,
    );
  }
}

/** An AWS timestamp in the JSON protocols: seconds since the epoch, with milliseconds as the fraction. */
function seconds(epochMs: number): number {
  return epochMs / 1000;
}

/** A history event without its inputs and outputs, as includeExecutionData=false asks. */
function withoutData(event: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(event).map(([key, value]) => {
      if (!key.endsWith("EventDetails") || typeof value !== "object" || value === null) return [key, value];
      const details = Object.fromEntries(
        Object.entries(value).filter(
          ([member]) => !["input", "output", "inputDetails", "outputDetails"].includes(member),
        ),
      );
      return [key, details];
    }),
  );
}
