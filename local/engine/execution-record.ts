import type { Deployment } from "../model/deployment";
import { toJson, type JsonValue } from "../model/json";
import { messageOf } from "./error-text";
import type { ExecutionAssociation } from "./execution-association";
import type { ExecutionContext, ExecutionRecord } from "./redrive";

/**
 * A new execution's record, before its first attempt: its ARN under the deployment's state machine (whatever
 * alias or version it was started through: execution ARNs name the state machine only), its input as JSON, its
 * Context Object and its association. Throws when the input is not JSON.
 */
export function newExecutionRecord(
  deployment: Deployment,
  executionName: string,
  input: unknown,
  association: ExecutionAssociation = {},
): ExecutionRecord {
  const executionArn = `${deployment.stateMachineArn.replace(":stateMachine:", ":execution:")}:${executionName}`;
  const startDate = Date.now();
  const executionInput = jsonInput(input);
  return {
    executionName,
    executionArn,
    startDate,
    input: executionInput,
    context: contextOf(deployment, executionName, executionArn, startDate, executionInput),
    association,
    redriveCount: 0,
    earlierEvents: [],
    earlierLambdaInvocations: 0,
    earlierLambdaLogs: [],
    currentEvents: () => [],
  };
}

/** The Context Object of an execution: the same on each of its attempts but for the redrive fields. */
function contextOf(
  deployment: Deployment,
  executionName: string,
  executionArn: string,
  startDate: number,
  input: JsonValue,
): ExecutionContext {
  const { stateMachineArn, stateMachineName, accountId } = deployment;
  const partition = stateMachineArn.split(":")[1] ?? "aws";
  return {
    Execution: {
      Id: executionArn,
      Name: executionName,
      StartTime: new Date(startDate).toISOString(),
      RoleArn: `arn:${partition}:iam::${accountId}:role/${stateMachineName}-role`,
      Input: input,
      RedriveCount: 0,
    },
    StateMachine: { Id: stateMachineArn, Name: stateMachineName },
  };
}

function jsonInput(input: unknown): JsonValue {
  // StartExecution's input defaults to {}.
  if (input === undefined) return {};
  try {
    return toJson(input);
  } catch (error) {
    throw new Error(`The execution input must be JSON: ${messageOf(error)}`, { cause: error });
  }
}
