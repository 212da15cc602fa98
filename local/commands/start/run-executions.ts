import type { Deployment } from "../../model/deployment";
import { runBounded } from "../shared/run-bounded";
import type { LocalSimulator } from "../../engine/simulator";
import type { ExecutionReport } from "../../engine/execution-report";
import type { ExecutionResult } from "./execution-result";
import type { PlannedExecution } from "./planned-execution";

/**
 * Every concurrent Lambda invocation runs in a worker thread of its own, so a long order file must not start
 * them all at once; a few dozen still let the retry waits of the sample scenarios overlap.
 */
export const MAX_CONCURRENT_EXECUTIONS = 32;

/** One planned execution and the simulator it runs on. */
export interface RoutedExecution {
  readonly planned: PlannedExecution;
  readonly simulator: LocalSimulator;
}

/**
 * Runs the executions concurrently, at most `concurrency` at a time, and collects each one's order records and
 * notifications. Rejects with the first execution's error (a SimulatorDefectError, say) once every started
 * execution has ended.
 */
export async function runExecutions(
  simulator: LocalSimulator,
  deployment: Deployment,
  executions: readonly PlannedExecution[],
  concurrency: number = MAX_CONCURRENT_EXECUTIONS,
): Promise<ExecutionResult[]> {
  return runRoutedExecutions(
    executions.map((planned) => ({ planned, simulator })),
    deployment,
    concurrency,
  );
}

/**
 * runExecutions for executions spread over several simulators of the same deployment: started in their order,
 * at most `concurrency` at a time over all of them, and each result read from its own simulator.
 */
export async function runRoutedExecutions(
  executions: readonly RoutedExecution[],
  deployment: Deployment,
  concurrency: number = MAX_CONCURRENT_EXECUTIONS,
): Promise<ExecutionResult[]> {
  const settled: PromiseSettledResult<ExecutionReport>[] = [];
  await runBounded(executions.length, concurrency, async (index) => {
    const execution = executions[index];
    if (execution === undefined) return;
    try {
      const report = await execution.simulator.run(execution.planned.input, {
        executionName: execution.planned.name,
      });
      settled[index] = { status: "fulfilled", value: report };
    } catch (error) {
      settled[index] = { status: "rejected", reason: error };
    }
  });

  const failed = settled.find((result) => result.status === "rejected");
  if (failed !== undefined) throw failed.reason;
  const leftBehind = await leftBehindBy(
    new Set(executions.map((execution) => execution.simulator)),
    deployment,
  );
  return executions.map(({ planned, simulator }, index) => {
    const result = settled[index];
    if (result?.status !== "fulfilled") throw new Error(`Execution ${planned.name} did not run`);
    const report = result.value;
    const { items, notifications, queued } = leftBehind.get(simulator) ?? emptyLeftBehind;
    return {
      planned,
      report,
      items: items.filter((item) => item.executionArn === report.executionArn),
      notifications: notifications.filter((message) => message.executionName === planned.name),
      queued: queued.filter((message) => message.executionName === planned.name),
    };
  });
}

type LeftBehind = Pick<ExecutionResult, "items" | "notifications" | "queued">;
const emptyLeftBehind: LeftBehind = { items: [], notifications: [], queued: [] };

/** Read once per simulator at the end: a scan per execution would grow with the square of the order count. */
async function leftBehindBy(
  simulators: ReadonlySet<LocalSimulator>,
  deployment: Deployment,
): Promise<Map<LocalSimulator, LeftBehind>> {
  const entries = await Promise.all(
    [...simulators].map(async (simulator): Promise<[LocalSimulator, LeftBehind]> => {
      const items = await Promise.all(deployment.tables.map((table) => simulator.items(table.name)));
      return [
        simulator,
        { items: items.flat(), notifications: simulator.notifications(), queued: simulator.queuedMessages() },
      ];
    }),
  );
  return new Map(entries);
}
