import { performance } from "node:perf_hooks";

import { AUTH_LATENCY_MS_ENV } from "../../../functions/authorize-payment/config";
import { withGateway } from "../shared/gateway";
import type { DeployedTable, Deployment } from "../../model/deployment";
import type { PublishedMessage } from "../../engine/integrations/sns-publish";
import type { StateMachineDefinition } from "../../../components/asl";
import { LocalSimulator, type InjectedFault, type TaskCall } from "../../engine/simulator";
import { cachedSynthesis } from "../../capture/synth-cache";
import { MetricsAggregate } from "./aggregate";
import { snsRequests, sqsRequests, writeRequestUnits } from "./billing-units";
import { metricsOf, type MetricsContext } from "./execution-metrics";
import { MemorySampler } from "./memory-sampler";
import type { Mix } from "./mix";
import { OrderPlanner, type PlannedOrder } from "./order-plan";
import { SeededRandom } from "./random";
import { runBounded } from "../shared/run-bounded";
import { stackProfileOf, type StackProfile } from "./stack-profile";
import { functionOfState, taskRetriesOf, type TaskRetries } from "./task-retries";
import { findLost, type RunOutcome } from "./verify";

export interface BenchSettings {
  readonly orders: number;
  readonly concurrency: number;
  readonly mix: Mix;
  readonly stack: string;
  readonly seed: number;
}

/** Everything the report is built from. */
export interface BenchRun {
  readonly settings: BenchSettings;
  readonly wallMs: number;
  readonly aggregate: MetricsAggregate;
  readonly memory: { readonly peakRssBytes: number; readonly peakHeapUsedBytes: number };
  readonly profile: StackProfile;
  readonly functions: readonly {
    readonly name: string;
    readonly memorySizeMb: number;
    readonly gatewayLatencyMs: number;
  }[];
  readonly writeRequestUnitsPerExecution: number;
  readonly snsRequestsPerExecution: number;
  readonly sqsRequestsPerExecution: number;
  readonly lost: readonly string[];
  /** The definition's Task states, in the order it lists them. */
  readonly taskStates: readonly string[];
}

const MEMORY_SAMPLE_INTERVAL_MS = 100;

/** Synthesizes the stack, runs every planned order through the local simulator, and checks that nothing was lost. */
export async function runBench(
  settings: BenchSettings,
  onProgress: (done: number) => void,
): Promise<BenchRun> {
  const synthesis = await cachedSynthesis(settings.stack);
  const { deployment } = synthesis;
  const profile = stackProfileOf(synthesis);
  const tasks = taskRetriesOf(deployment);
  const orders = planOrders(settings, tasks);
  const functions = functionsOf(deployment, profile);
  const context = metricsContextOf(deployment, profile, tasks, functions);
  const table = ordersTable(deployment);

  // The gateway never declines at random and answers at once: declines come only from injected faults, so
  // each order's outcome is known before it runs.
  const simulator = await LocalSimulator.start(
    withGateway(deployment, { failureRate: "0", latencyMs: "0" }),
    {
      retryDelay: "skip",
      injectFault: plannedFaults(orders),
    },
  );
  try {
    const { aggregate, outcomes, wallMs, memory } = await runOrders(
      simulator,
      orders,
      settings.concurrency,
      context,
      onProgress,
    );
    const items = await simulator.items(table.name);
    const notifications = simulator.notifications();
    const executions = Math.max(1, orders.length);
    return {
      settings,
      wallMs,
      aggregate,
      memory,
      profile,
      functions,
      writeRequestUnitsPerExecution:
        items.reduce((total, item) => total + writeRequestUnits(item), 0) / executions,
      snsRequestsPerExecution:
        notifications.reduce((total, message) => total + snsRequests(message), 0) / executions,
      sqsRequestsPerExecution:
        simulator.queuedMessages().reduce((total, message) => total + sqsRequests(message), 0) / executions,
      taskStates: [...tasks.keys()],
      lost: findLost(orders, outcomes, items, notificationsPerExecution(notifications), table.hashKey),
    };
  } finally {
    await simulator.close();
  }
}

/** What each execution's metrics are computed with: the stack's role, Task states and functions. */
function metricsContextOf(
  deployment: Deployment,
  profile: StackProfile,
  tasks: ReadonlyMap<string, TaskRetries>,
  functions: BenchRun["functions"],
): MetricsContext {
  return {
    roleArn: profile.roleArn,
    region: deployment.region,
    tasks,
    functionOfState: functionOfState(deployment),
    gatewayLatencyMs: new Map(functions.map((fn) => [fn.name, fn.gatewayLatencyMs])),
    definitionBytes: Buffer.byteLength(deployment.definition),
    parallelOrMapStates: parallelOrMapStates(deployment),
  };
}

function planOrders(settings: BenchSettings, tasks: ReadonlyMap<string, TaskRetries>): PlannedOrder[] {
  const planner = new OrderPlanner(
    tasks,
    settings.mix,
    new SeededRandom(settings.seed),
    `bench-${settings.seed}`,
  );
  return Array.from({ length: settings.orders }, (_, index) => planner.plan(index));
}

/**
 * The table the definition's Task states write the order records to. Tables written only by the functions (such
 * as an idempotency store) are theirs, not the workflow's: the bench neither checks nor costs their writes.
 */
function ordersTable(deployment: Deployment): DeployedTable {
  const definition = JSON.parse(deployment.definition) as StateMachineDefinition;
  const names = new Set(
    Object.values(definition.States).flatMap((state) =>
      state.Type === "Task" && typeof state.Parameters?.TableName === "string"
        ? [state.Parameters.TableName]
        : [],
    ),
  );
  const tables = deployment.tables.filter((table) => names.has(table.name) || names.has(table.arn));
  const table = tables[0];
  if (table === undefined || tables.length !== 1) {
    throw new Error(
      `The bench expects the definition to write to one table; it writes to ${[...names].map((name) => `\`${name}\``).join(", ") || "none"}`,
    );
  }
  return table;
}

/** Top-level Parallel and Map states, which the Express memory estimate counts. */
function parallelOrMapStates(deployment: Deployment): number {
  const definition = JSON.parse(deployment.definition) as StateMachineDefinition;
  return Object.values(definition.States).filter((state) => state.Type === "Parallel" || state.Type === "Map")
    .length;
}

function functionsOf(deployment: Deployment, profile: StackProfile): BenchRun["functions"] {
  return deployment.functions.map((fn) => ({
    name: fn.name,
    memorySizeMb: fn.memorySizeMb,
    gatewayLatencyMs: AUTH_LATENCY_MS_ENV in fn.environment ? profile.gatewayLatencyMs : 0,
  }));
}

/** Fails each Task call with the fault its order planned for that state and attempt, if any. */
function plannedFaults(orders: readonly PlannedOrder[]): (call: TaskCall) => InjectedFault | undefined {
  const faults = new Map(orders.map((order) => [order.executionName, order.faults]));
  return (call) => faults.get(call.executionName)?.[call.stateName]?.[call.attempt - 1];
}

interface OrdersRun {
  readonly aggregate: MetricsAggregate;
  readonly outcomes: ReadonlyMap<string, RunOutcome>;
  readonly wallMs: number;
  readonly memory: BenchRun["memory"];
}

/** Runs the orders, `concurrency` at a time, timing each one and the whole run, and sampling memory meanwhile. */
async function runOrders(
  simulator: LocalSimulator,
  orders: readonly PlannedOrder[],
  concurrency: number,
  context: MetricsContext,
  onProgress: (done: number) => void,
): Promise<OrdersRun> {
  const aggregate = new MetricsAggregate();
  const outcomes = new Map<string, RunOutcome>();
  const memory = new MemorySampler(MEMORY_SAMPLE_INTERVAL_MS);
  const started = performance.now();
  let done = 0;
  await runBounded(orders.length, concurrency, async (index) => {
    const order = orders[index];
    if (order === undefined) return;
    const start = performance.now();
    try {
      const report = await simulator.run(order.input, { executionName: order.executionName });
      aggregate.add(metricsOf(order, report, performance.now() - start, context));
      outcomes.set(order.executionName, { status: report.status });
    } catch (error) {
      outcomes.set(order.executionName, {
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
    done += 1;
    onProgress(done);
  });
  const wallMs = performance.now() - started;
  return { aggregate, outcomes, wallMs, memory: memory.stop() };
}

function notificationsPerExecution(notifications: readonly PublishedMessage[]): Map<string, number> {
  const perExecution = new Map<string, number>();
  for (const message of notifications) {
    perExecution.set(message.executionName, (perExecution.get(message.executionName) ?? 0) + 1);
  }
  return perExecution;
}
