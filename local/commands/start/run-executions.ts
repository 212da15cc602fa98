import type { Deployment } from "../../model/deployment";
import { runBounded } from "../shared/run-bounded";
import type { LocalSimulator } from "../../engine/simulator";
import type { ExecutionResult } from "./execution-result";
import type { PlannedExecution } from "./planned-execution";

/**
 * Every concurrent Lambda invocation runs in a worker thread of its own, so a long order file must not start
 * them all at once; a few dozen still let the retry waits of the sample scenarios overlap.
 */
export const MAX_CONCURRENT_EXECUTIONS = 32;

/**
 * Runs the executions concurrently and collects each one's order records and notifications. Rejects with the
 * first execution's error (a SimulatorDefectError, say) once every started execution has ended.
 */
export async function runExecutions(
  simulator: LocalSimulator,
  deployment: Deployment,
  executions: readonly PlannedExecution[],
): Promise<ExecutionResult[]> {
  const settled: PromiseSettledResult<Awaited<ReturnType<LocalSimulator["run"]>>>[] = [];
  await runBounded(executions.length, MAX_CONCURRENT_EXECUTIONS, async (index) => {
    const execution = executions[index];
    if (execution === undefined) return;
    try {
      const report = await simulator.run(execution.input, { executionName: execution.name });
      settled[index] = { status: "fulfilled", value: report };
    } catch (error) {
      settled[index] = { status: "rejected", reason: error };
    }
  });

  const failed = settled.find((result) => result.status === "rejected");
  if (failed !== undefined) throw failed.reason;
  // Read once at the end: a scan per execution would grow with the square of the order count.
  const items = (await Promise.all(deployment.tables.map((table) => simulator.items(table.name)))).flat();
  const notifications = simulator.notifications();
  const queued = simulator.queuedMessages();
  return executions.map((planned, index) => {
    const result = settled[index];
    if (result?.status !== "fulfilled") throw new Error(`Execution ${planned.name} did not run`);
    const report = result.value;
    return {
      planned,
      report,
      items: items.filter((item) => item.executionArn === report.executionArn),
      notifications: notifications.filter((message) => message.executionName === planned.name),
      queued: queued.filter((message) => message.executionName === planned.name),
    };
  });
}
