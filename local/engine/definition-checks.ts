import { StateMachine, type StateMachineDefinition } from "aws-local-stepfunctions";

import type { Deployment } from "../model/deployment";
import { messageOf } from "./error-text";

export function parseDefinition(deployment: Deployment): StateMachineDefinition {
  try {
    return JSON.parse(deployment.definition) as StateMachineDefinition;
  } catch (error) {
    const message = `The definition of state machine \`${deployment.stateMachineName}\` is not JSON: ${messageOf(error)}`;
    throw new Error(message, { cause: error });
  }
}

/** The library validates the definition as ASL on construction. */
export function validatedStateMachine(
  deployment: Deployment,
  definition: StateMachineDefinition,
): StateMachine {
  try {
    return new StateMachine(definition);
  } catch (error) {
    const message = `The definition of state machine \`${deployment.stateMachineName}\` is not valid: ${messageOf(error)}`;
    throw new Error(message, { cause: error });
  }
}
