import { withGateway } from "../../local/commands/shared/gateway";
import type { Deployment } from "../../local/model/deployment";
import type { ExecutionReport } from "../../local/engine/execution-report";
import { LocalSimulator, type InjectedFault, type TaskCall } from "../../local/engine/simulator";
import { cachedSynthesis } from "../../local/capture/synth-cache";

/** Faults to inject into the first attempts of a state, by state name: API error codes, or function errors. */
export type FaultSchedule = Readonly<Record<string, readonly InjectedFault[]>>;

/** What a property checks of one execution: its report, its records and its notifications. */
export interface ObservedRun {
  readonly report: ExecutionReport;
  readonly records: readonly Record<string, unknown>[];
  readonly notifications: number;
  /** Messages the execution sent to the failure queue. */
  readonly queued: number;
}

/** A stack's deployment in a simulator that injects each execution's fault schedule, set before it starts. */
export interface ScheduledSimulator {
  readonly schedules: Map<string, FaultSchedule>;
  readonly deployment: Deployment;
  readonly simulator: LocalSimulator;
  readonly tableName: string;
}

/**
 * A stack's deployment in the simulator, retry waits skipped, the gateway never declining on its own and
 * answering at once, faults injected from the schedule set for the execution's name.
 */
export async function startScheduled(stack: "dev" | "prod"): Promise<ScheduledSimulator> {
  const { deployment } = await cachedSynthesis(stack);
  const [table] = deployment.tables;
  if (table === undefined) throw new Error(`The ${stack} stack deploys no table`);
  const schedules = new Map<string, FaultSchedule>();
  const injectFault = (call: TaskCall): InjectedFault | undefined => {
    const fault = schedules.get(call.executionName)?.[call.stateName]?.[call.attempt - 1];
    return fault === undefined ? undefined : { ...fault, message: `injected #${call.attempt}` };
  };
  const simulator = await LocalSimulator.start(
    withGateway(deployment, { failureRate: "0", latencyMs: "0" }),
    {
      retryDelay: "skip",
      injectFault,
    },
  );
  return { schedules, deployment, simulator, tableName: table.name };
}

/**
 * The dev deployment in one simulator for a whole property suite: retry waits skipped, the gateway never
 * declining on its own and answering at once, faults injected from each execution's schedule. The table is
 * shared by every run, so each run gets its own execution name.
 */
export class PropertySimulator {
  private runs = 0;

  private constructor(
    private readonly schedules: Map<string, FaultSchedule>,
    readonly deployment: Deployment,
    private readonly simulator: LocalSimulator,
    private readonly tableName: string,
  ) {}

  static async start(): Promise<PropertySimulator> {
    const { schedules, deployment, simulator, tableName } = await startScheduled("dev");
    return new PropertySimulator(schedules, deployment, simulator, tableName);
  }

  /** A name no other run of this process uses; `tag` tells the suites apart in a failure message. */
  uniqueName(tag: string): string {
    this.runs += 1;
    return `${tag}-${this.runs}`;
  }

  async run(input: unknown, executionName: string, schedule: FaultSchedule = {}): Promise<ObservedRun> {
    this.schedules.set(executionName, schedule);
    const report = await this.simulator.run(input, { executionName });
    const items = await this.simulator.items(this.tableName);
    return {
      report,
      records: items.filter((item) => item.executionArn === report.executionArn),
      notifications: this.simulator
        .notifications()
        .filter((message) => message.executionName === executionName).length,
      queued: this.simulator.queuedMessages().filter((message) => message.executionName === executionName)
        .length,
    };
  }

  close(): Promise<void> {
    return this.simulator.close();
  }
}
