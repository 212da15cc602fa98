import type { JsonValue } from "../../model/json";
import { AwsError, validation } from "./aws-error";

/**
 * Step Functions' limits. @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
 * and https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html
 */
const MAX_NAME_LENGTH = 80;
const MAX_INPUT_BYTES = 262_144;
/** White space, brackets, wildcards, the special characters and control characters StartExecution refuses in a name. */
// eslint-disable-next-line no-control-regex -- StartExecution refuses control characters in a name.
const FORBIDDEN_NAME_CHARACTERS = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;
/** RedriveExecution's clientToken has 1 to 64 characters. */
const MAX_CLIENT_TOKEN_LENGTH = 64;

/** StartExecution's name: 1 to 80 characters, none of those it refuses. */
export function checkName(name: string): void {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || FORBIDDEN_NAME_CHARACTERS.test(name)) {
    throw new AwsError(
      "InvalidName",
      `Invalid Name: '${name}'; a name has 1 to ${MAX_NAME_LENGTH} characters, none of them white space, brackets, ? * " # % \\ ^ | ~ \` $ & , ; : / or control characters`,
    );
  }
}

/** StartExecution's input: JSON text of at most 256 KiB. */
export function parseInput(text: string): JsonValue {
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

/** RedriveExecution's clientToken, when given. */
export function checkClientToken(clientToken: string | undefined): void {
  if (
    clientToken !== undefined &&
    (clientToken.length === 0 || clientToken.length > MAX_CLIENT_TOKEN_LENGTH)
  ) {
    throw validation(
      `1 validation error detected: Value '${clientToken}' at 'clientToken' failed to satisfy constraint: Member must have length between 1 and ${MAX_CLIENT_TOKEN_LENGTH}`,
    );
  }
}

/** The error for an execution ARN the endpoint has not started: InvalidArn when it is no execution ARN at all. */
export function executionNotFound(executionArn: string): AwsError {
  if (!/^arn:[^:]+:states:[^:]*:\d{12}:execution:[^:]+:[^:]+$/.test(executionArn)) {
    return new AwsError(
      "InvalidArn",
      `Invalid Arn: '${executionArn}' is not the ARN of an execution (arn:<partition>:states:<region>:<account>:execution:<state machine>:<name>)`,
    );
  }
  return new AwsError("ExecutionDoesNotExist", `Execution Does Not Exist: '${executionArn}'`);
}

/** Refuses any state machine ARN but the deployment's: InvalidArn when it is no state machine ARN at all. */
export function checkStateMachine(stateMachineArn: string, deployedArn: string): void {
  if (stateMachineArn === deployedArn) return;
  if (!/^arn:[^:]+:states:[^:]*:\d{12}:stateMachine:[^:]+$/.test(stateMachineArn)) {
    throw new AwsError(
      "InvalidArn",
      `Invalid Arn: '${stateMachineArn}' is not the ARN of a state machine (arn:<partition>:states:<region>:<account>:stateMachine:<name>)`,
    );
  }
  throw new AwsError(
    "StateMachineDoesNotExist",
    `State Machine Does Not Exist: '${stateMachineArn}'; the local endpoint runs ${deployedArn} only`,
  );
}
