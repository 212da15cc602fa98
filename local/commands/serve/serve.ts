import type { StateMachineDefinition } from "aws-local-stepfunctions";

import { LocalSimulator } from "../../engine/simulator";
import type { SimulatorOptions } from "../../engine/simulator-options";
import { planTasks } from "../../engine/task-plan";
import type { Deployment } from "../../model/deployment";
import { LocalEndpoint } from "./endpoint";
import { exportLines } from "./exports";

export interface ServeOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly simulator?: SimulatorOptions;
}

/** A deployment kept running behind one local endpoint, and the stack outputs as they are reached there. */
export interface Served {
  readonly endpoint: LocalEndpoint;
  readonly simulator: LocalSimulator;
  /** The stack outputs, the failure queue's URL at this endpoint. */
  readonly outputs: Readonly<Record<string, string>>;
  /** The shell export lines: AWS_ENDPOINT_URL, AWS_REGION, AWS_DEFAULT_REGION and each output. */
  readonly exports: readonly string[];
  close(): Promise<void>;
}

/** The stack output that names the failure queue, given as its URL at the endpoint (see index.ts). */
const QUEUE_URL_OUTPUT = "failureQueueUrl";
/** The stack output that names the version the program published: the one the endpoint runs (see index.ts). */
const VERSION_OUTPUT = "stateMachineVersionArn";

/** The version ARN the outputs name, checked to be a version of the deployment's state machine. */
function versionArnOf(deployment: Deployment, outputs: Readonly<Record<string, string>>): string {
  const versionArn = outputs[VERSION_OUTPUT];
  const prefix = `${deployment.stateMachineArn}:`;
  if (
    versionArn === undefined ||
    !versionArn.startsWith(prefix) ||
    !/^\d+$/.test(versionArn.slice(prefix.length))
  ) {
    throw new Error(
      `The stack outputs must name \`${VERSION_OUTPUT}\`, a version of ${deployment.stateMachineArn} (<ARN>:<number>), ` +
        `for the live alias to run. Received: ${versionArn === undefined ? "no such output" : JSON.stringify(versionArn)}.`,
    );
  }
  return versionArn;
}

/** Starts the simulator and the endpoint in front of it; `close` stops both. */
export async function serveDeployment(
  deployment: Deployment,
  outputs: Readonly<Record<string, string>>,
  options: ServeOptions,
): Promise<Served> {
  const plan = planTasks(JSON.parse(deployment.definition) as StateMachineDefinition, deployment);
  const taskIntegrations = new Map([...plan.tasks].map(([state, task]) => [state, task.integration]));
  const versionArn = versionArnOf(deployment, outputs);
  const simulator = await LocalSimulator.start(deployment, options.simulator);
  let endpoint: LocalEndpoint;
  try {
    endpoint = await LocalEndpoint.start({
      deployment,
      versionArn,
      simulator,
      taskIntegrations,
      port: options.port,
      onDefect: (executionArn, error) =>
        process.stderr.write(
          `npm start --serve: ${executionArn} ended with a simulator defect, reported FAILED: ${error instanceof Error ? error.message : String(error)}\n`,
        ),
    });
  } catch (error) {
    await simulator.close();
    throw error;
  }
  // SDKs send an SQS request to its QueueUrl's host (useQueueUrlAsEndpoint): the URL must be the endpoint's.
  const localOutputs = Object.fromEntries(
    Object.entries(outputs).map(([name, value]) => {
      const queue = deployment.queues.find((candidate) => candidate.url === value);
      return [
        name,
        name === QUEUE_URL_OUTPUT && queue !== undefined ? endpoint.sqs.localUrlOf(queue) : value,
      ];
    }),
  );
  return {
    endpoint,
    simulator,
    outputs: localOutputs,
    exports: exportLines(endpoint.url, deployment.region, localOutputs),
    close: async () => {
      try {
        await endpoint.close();
      } finally {
        await simulator.close();
      }
    },
  };
}

/** Resolves on the first SIGINT or SIGTERM. */
export function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
