import { rmSync } from "node:fs";

import type * as DefinitionChecks from "../../local/engine/definition-checks";
import { validatedCacheFile } from "../../local/engine/validated-definitions";
import type { Deployment } from "../../local/model/deployment";
import { ORDER_DEFINITION, orderDeployment } from "../fixtures/local/order-fixture";

// aws-local-stepfunctions validates with its own copy of asl-validator (3.x, beside the project's 4.x), counted
// here. The mock is registered before the module under test loads the library, so it is required below, not
// imported (an import would load it first).
const VALIDATOR = "../../node_modules/aws-local-stepfunctions/node_modules/asl-validator";
jest.doMock(VALIDATOR, () => jest.fn(jest.requireActual<(...args: unknown[]) => unknown>(VALIDATOR)));
const validator = jest.requireMock<jest.Mock>(VALIDATOR);
const DEFINITION_CHECKS = "../../local/engine/definition-checks";
const { checkedDefinition } = jest.requireActual<typeof DefinitionChecks>(DEFINITION_CHECKS);

function refusalOf(deployment: Deployment): unknown {
  try {
    checkedDefinition(deployment);
  } catch (error) {
    return error;
  }
  throw new Error("checkedDefinition accepted the definition");
}

beforeEach(() => {
  validator.mockClear();
});

/** A deployment of a definition no earlier process has validated: its disk cache entry is removed. */
function unseen(definition: object): Deployment {
  const deployment = orderDeployment(definition);
  rmSync(validatedCacheFile(deployment.definition), { force: true });
  return deployment;
}

test("validates a definition once, and a definition given again gets what its first validation left", () => {
  const deployment = unseen({ ...ORDER_DEFINITION, Comment: "given twice" });

  const first = checkedDefinition(deployment);
  const again = checkedDefinition(deployment);

  expect(validator).toHaveBeenCalledTimes(1);
  expect(validator).toHaveBeenCalledWith(first.definition, { checkArn: true, checkPaths: true });
  // asl-validator writes the default QueryLanguage into each state it checks.
  expect(first.definition.States.ValidateOrder).toHaveProperty("QueryLanguage", "JSONPath");
  expect(again.definition).toStrictEqual(first.definition);
  expect(again.definition).not.toBe(first.definition);
  // The library resolves nested Parameters templates only in objects whose prototype is its Object.prototype.
  expect(Object.getPrototypeOf(again.definition.States.ValidateOrder)).toBe(Object.prototype);
});

test("a later process gets what an earlier one's validation left, from disk, without validating", () => {
  const deployment = unseen({ ...ORDER_DEFINITION, Comment: "given in two processes" });
  const first = checkedDefinition(deployment);
  let again: ReturnType<typeof checkedDefinition> | undefined;
  // A fresh copy of the module has an empty in-process map, as a new process would.
  jest.isolateModules(() => {
    const fresh = jest.requireActual<typeof DefinitionChecks>(DEFINITION_CHECKS);
    again = fresh.checkedDefinition(deployment);
  });

  expect(validator).toHaveBeenCalledTimes(1);
  expect(again?.definition).toStrictEqual(first.definition);
  expect(again?.definition.States.ValidateOrder).toHaveProperty("QueryLanguage", "JSONPath");
});

test("fails each time an invalid definition is given: only definitions that passed are remembered", () => {
  const deployment = unseen({ StartAt: "Missing", States: {} });
  const refused = new Error(
    "The definition of state machine `order-fixture` is not valid: Error: State machine definition is invalid, " +
      "see error(s) below:\n MISSING_TRANSITION_TARGET: Missing 'StartAt'|'Next'|'Default' target: Missing\n" +
      "MISSING_TERMINAL_STATE: State machine fsm1 is missing a terminal state",
  );

  expect(refusalOf(deployment)).toEqual(refused);
  expect(refusalOf(deployment)).toEqual(refused);
  expect(validator).toHaveBeenCalledTimes(2);
});
