import { StateMachine, type StateMachineDefinition } from "aws-local-stepfunctions";

import type { Deployment } from "../model/deployment";
import { messageOf } from "./error-text";
import { readValidated, writeValidated } from "./validated-definitions";

/** A deployment's definition as the library runs it, and the state machine built on it. */
export interface CheckedDefinition {
  readonly definition: StateMachineDefinition;
  readonly stateMachine: StateMachine;
}

/**
 * The definitions asl-validator accepted in this process (or, through `validated-definitions`, in an earlier one
 * with the same packages), by definition text, as JSON text of what the
 * validator left (it writes each state's default QueryLanguage into the definition). Validating compiles the
 * validator's JSON schemas, tens to hundreds of milliseconds per start, and tests and commands start many
 * simulators on a few definitions. Only accepted definitions are kept, so an invalid one is refused every time
 * it is given. Text rather than objects: a copy parsed like the first has the same prototypes, where a
 * structuredClone made under Jest has another realm's, which fails the library's plain-object check on Parameters.
 */
const validatedDefinitions = new Map<string, string>();

/**
 * Parses the definition and has the library validate it as ASL, once per distinct definition text; a definition
 * seen before gets what its first validation left, so the library runs exactly what it would have.
 */
export function checkedDefinition(deployment: Deployment): CheckedDefinition {
  const validated = validatedDefinitions.get(deployment.definition) ?? readValidated(deployment.definition);
  if (validated !== undefined) {
    const definition = JSON.parse(validated) as StateMachineDefinition;
    return {
      definition,
      stateMachine: new StateMachine(definition, { validationOptions: { noValidate: true } }),
    };
  }
  const definition = parseDefinition(deployment);
  const stateMachine = validatedStateMachine(deployment, definition);
  validatedDefinitions.set(deployment.definition, JSON.stringify(definition));
  writeValidated(deployment.definition, JSON.stringify(definition));
  return { definition, stateMachine };
}

function parseDefinition(deployment: Deployment): StateMachineDefinition {
  try {
    return JSON.parse(deployment.definition) as StateMachineDefinition;
  } catch (error) {
    const message = `The definition of state machine \`${deployment.stateMachineName}\` is not JSON: ${messageOf(error)}`;
    throw new Error(message, { cause: error });
  }
}

/** The library validates the definition as ASL on construction, with its own options (checkArn, checkPaths). */
function validatedStateMachine(deployment: Deployment, definition: StateMachineDefinition): StateMachine {
  try {
    return new StateMachine(definition);
  } catch (error) {
    const message = `The definition of state machine \`${deployment.stateMachineName}\` is not valid: ${messageOf(error)}`;
    throw new Error(message, { cause: error });
  }
}
