import { createHash } from "node:crypto";

import type { Deployment } from "../model/deployment";
import { isJsonObject, type JsonObject } from "../model/json";
import type { LocalDynamoDb } from "./dynamodb/local-dynamodb";
import { putItem } from "./integrations/dynamodb-put-item";
import { invokeLambda } from "./integrations/lambda-invoke";
import { publishToSns, type PublishedMessage } from "./integrations/sns-publish";
import { sendToSqs, type QueuedMessage } from "./integrations/sqs-send-message";
import { withInvocationSeed, type LambdaFunctionPool } from "./lambda/lambda-function-pool";
import type { RunState } from "./run-state";
import type { SimulatorOptions, TaskCall } from "./simulator-options";
import type { PlannedTask } from "./task-plan";

/** The local stand-ins of a deployment's services, which every execution of one simulator shares. */
export interface LocalServices {
  readonly deployment: Deployment;
  readonly options: SimulatorOptions;
  readonly database: LocalDynamoDb;
  readonly lambdas: ReadonlyMap<string, LambdaFunctionPool>;
  /** Every message published, by any execution, in publish order. */
  readonly published: PublishedMessage[];
  /** Every message sent to a queue, by any execution, in send order. */
  readonly queued: QueuedMessage[];
}

/** Calls the local service behind one Task state with its effective parameters, and returns the task's result. */
export async function callService(
  services: LocalServices,
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
      const pool = services.lambdas.get(task.function.name);
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
      const { seed } = services.options;
      return seed === undefined ? invoke() : withInvocationSeed(callSeed(seed, call), invoke);
    }
    case "dynamodb:putItem":
      return putItem(services.database.client, parameters);
    case "sns:publish": {
      const { result, published } = publishToSns(parameters, services.deployment.topics, {
        executionName: run.executionName,
        stateName: task.stateName,
      });
      services.published.push(published);
      return result;
    }
    case "sqs:sendMessage": {
      const { result, queued } = sendToSqs(parameters, services.deployment.queues, {
        executionName: run.executionName,
        stateName: task.stateName,
      });
      services.queued.push(queued);
      return result;
    }
  }
}

export function resourceNameOf(task: PlannedTask): string {
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
