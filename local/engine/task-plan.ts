import type { StateMachineDefinition } from "aws-local-stepfunctions";

import type {
  DeployedFunction,
  DeployedQueue,
  DeployedTable,
  DeployedTopic,
  Deployment,
} from "../model/deployment";
import { isJsonObject, type JsonObject } from "../model/json";

export type Integration = "lambda:invoke" | "dynamodb:putItem" | "sns:publish" | "sqs:sendMessage";

export const SUPPORTED_INTEGRATIONS: readonly Integration[] = [
  "lambda:invoke",
  "dynamodb:putItem",
  "sns:publish",
  "sqs:sendMessage",
];

export type PlannedTask =
  | { readonly integration: "lambda:invoke"; readonly stateName: string; readonly function: DeployedFunction }
  | { readonly integration: "dynamodb:putItem"; readonly stateName: string; readonly table: DeployedTable }
  | { readonly integration: "sns:publish"; readonly stateName: string; readonly topic: DeployedTopic }
  | { readonly integration: "sqs:sendMessage"; readonly stateName: string; readonly queue: DeployedQueue };

export interface TaskPlan {
  /** Every Task state of the definition, nested ones included, by state name. */
  readonly tasks: ReadonlyMap<string, PlannedTask>;
  /** Every state that has a Retry field, nested ones included. */
  readonly retryingStates: readonly string[];
}

type States = StateMachineDefinition["States"];
type State = States[string];

/** The parameters each integration accepts; the one naming the resource must be literal. */
const ACCEPTED_PARAMETERS: Readonly<Record<Integration, { resource: string; others: readonly string[] }>> = {
  "lambda:invoke": { resource: "FunctionName", others: ["Payload"] },
  "dynamodb:putItem": {
    resource: "TableName",
    others: [
      "Item",
      "ConditionExpression",
      "ExpressionAttributeNames",
      "ExpressionAttributeValues",
      "ReturnValues",
      "ReturnConsumedCapacity",
      "ReturnItemCollectionMetrics",
      "ReturnValuesOnConditionCheckFailure",
    ],
  },
  "sns:publish": { resource: "TopicArn", others: ["Message", "Subject", "MessageAttributes"] },
  "sqs:sendMessage": { resource: "QueueUrl", others: ["MessageBody", "MessageAttributes", "DelaySeconds"] },
};

/**
 * Resolves every Task state to a resource of the deployment before anything runs, so that a definition the
 * simulator cannot run faithfully fails at once instead of half-way through an execution.
 */
export function planTasks(definition: StateMachineDefinition, deployment: Deployment): TaskPlan {
  const tasks = new Map<string, PlannedTask>();
  const retryingStates: string[] = [];
  const seenNames = new Set<string>();

  const visit = (states: States): void => {
    for (const [stateName, state] of Object.entries(states)) {
      if (seenNames.has(stateName)) {
        // Overrides are keyed by state name, so two states of one name could not be told apart.
        throw new Error(
          `State name \`${stateName}\` appears more than once in the definition; ` +
            "state names must be unique in the whole state machine, nested branches and Map processors included",
        );
      }
      seenNames.add(stateName);
      if ("Retry" in state && state.Retry !== undefined) retryingStates.push(stateName);
      for (const nested of nestedStates(state)) visit(nested);
      if (state.Type === "Task") tasks.set(stateName, planTask(stateName, state, deployment));
    }
  };
  visit(definition.States);
  return { tasks, retryingStates };
}

function nestedStates(state: State): States[] {
  if (state.Type === "Parallel") return state.Branches.map((branch) => branch.States);
  if (state.Type === "Map") {
    const processor = state.ItemProcessor ?? state.Iterator;
    return processor === undefined ? [] : [processor.States];
  }
  return [];
}

function planTask(stateName: string, state: State & { Type: "Task" }, deployment: Deployment): PlannedTask {
  const integration = integrationOf(state.Resource);
  if (integration === undefined) {
    throw new Error(
      `Task state \`${stateName}\` uses resource \`${state.Resource}\` which the local simulator does not support; ` +
        `supported: ${SUPPORTED_INTEGRATIONS.join(", ")}`,
    );
  }
  const parameters = state.Parameters;
  if (!isJsonObject(parameters)) {
    throw new Error(
      `Task state \`${stateName}\` has no Parameters object; ${integration} needs at least ` +
        `\`${ACCEPTED_PARAMETERS[integration].resource}\``,
    );
  }
  checkParameterNames(stateName, integration, parameters);
  const resourceName = literalResourceName(stateName, integration, parameters);
  if (integration === "lambda:invoke" && !("Payload" in parameters) && !("Payload.$" in parameters)) {
    throw new Error(`Task state \`${stateName}\` invokes lambda:invoke without \`Payload\` or \`Payload.$\``);
  }
  return deployedTask(stateName, integration, resourceName, deployment);
}

/** The task bound to the resource of the deployment that `resourceName` names. */
function deployedTask(
  stateName: string,
  integration: Integration,
  resourceName: string,
  deployment: Deployment,
): PlannedTask {
  /** The one of `candidates` that `matches`, or an error listing them all (`listedAs`). */
  const deployed = <T>(
    candidates: readonly T[],
    matches: (candidate: T) => boolean,
    what: string,
    listedAs: (candidate: T) => string,
  ): T => {
    const found = candidates.find(matches);
    if (found === undefined) {
      throw new Error(
        `Task state \`${stateName}\` ${what} \`${resourceName}\`, which the deployment does not contain ` +
          `(it contains: ${listed(candidates.map(listedAs))})`,
      );
    }
    return found;
  };
  switch (integration) {
    case "lambda:invoke": {
      const matches = (candidate: DeployedFunction): boolean =>
        resourceName === candidate.arn ||
        resourceName === `${candidate.arn}:$LATEST` ||
        resourceName === candidate.name;
      const fn = deployed(deployment.functions, matches, "invokes function", (candidate) => candidate.arn);
      return { integration, stateName, function: fn };
    }
    case "dynamodb:putItem": {
      const table = deployed(
        deployment.tables,
        (candidate) => resourceName === candidate.name,
        "writes to table",
        (candidate) => candidate.name,
      );
      return { integration, stateName, table };
    }
    case "sns:publish": {
      const topic = deployed(
        deployment.topics,
        (candidate) => resourceName === candidate.arn,
        "publishes to topic",
        (candidate) => candidate.arn,
      );
      return { integration, stateName, topic };
    }
    case "sqs:sendMessage": {
      const queue = deployed(
        deployment.queues,
        (candidate) => resourceName === candidate.url,
        "sends to queue",
        (candidate) => candidate.url,
      );
      return { integration, stateName, queue };
    }
  }
}

export function integrationOf(resource: string): Integration | undefined {
  const match = /^arn:(?:aws|aws-cn|aws-us-gov):states:::(.+)$/.exec(resource);
  return SUPPORTED_INTEGRATIONS.find((integration) => integration === match?.[1]);
}

function checkParameterNames(stateName: string, integration: Integration, parameters: JsonObject): void {
  const { resource, others } = ACCEPTED_PARAMETERS[integration];
  for (const key of Object.keys(parameters)) {
    const name = key.endsWith(".$") ? key.slice(0, -2) : key;
    if (name !== resource && !others.includes(name)) {
      throw new Error(
        `Task state \`${stateName}\` passes \`${key}\` to ${integration}, which the local simulator does not support; ` +
          `it supports: ${[resource, ...others].join(", ")} (each but ${resource} may be given with .$)`,
      );
    }
  }
}

function literalResourceName(stateName: string, integration: Integration, parameters: JsonObject): string {
  const { resource } = ACCEPTED_PARAMETERS[integration];
  if (`${resource}.$` in parameters) {
    throw new Error(
      `Task state \`${stateName}\` sets \`${resource}.$\`, so its resource is chosen at run time; the local simulator ` +
        `checks every resource against the deployment before running and needs a literal \`${resource}\``,
    );
  }
  const value = parameters[resource];
  if (typeof value !== "string") {
    throw new Error(`Task state \`${stateName}\` needs a literal string \`${resource}\` for ${integration}`);
  }
  return value;
}

function listed(names: readonly string[]): string {
  return names.length === 0 ? "none" : names.map((name) => `\`${name}\``).join(", ");
}
