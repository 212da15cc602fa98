import { readFileSync } from "node:fs";
import * as path from "node:path";

import { STATES } from "../../components/order-definition";
import {
  checkScenarioStates,
  parseScenarioFile,
  SCENARIO_FILE,
} from "../../local/commands/start/scenario-file";
import { planScenarios, scenarioFaults } from "../../local/commands/start/planned-execution";
import { PROJECT_DIR } from "../../local/model/project-dir";

const shipped = parseScenarioFile(readFileSync(path.join(PROJECT_DIR, SCENARIO_FILE), "utf8"), SCENARIO_FILE);

test("the shipped scenarios leave declines to their faults and name only Task states", () => {
  expect(shipped.declineRate).toBe(0);
  const taskStates = Object.values(STATES).filter(
    (state) => state !== STATES.isValid && state !== STATES.validationUnavailable,
  );
  expect(() => {
    checkScenarioStates(shipped, taskStates, SCENARIO_FILE);
  }).not.toThrow();
});

test("fails when a scenario's fault names a state that is not a Task state", () => {
  expect(() => {
    checkScenarioStates(shipped, [STATES.validate], SCENARIO_FILE);
  }).toThrow(
    `samples/scenarios.json: scenarios[1].faults[0].state is "AuthorizePayment"; allowed: a Task state: ValidateOrder`,
  );
});

function scenarioText(scenario: Record<string, unknown>): string {
  return JSON.stringify({ declineRate: 0, scenarios: [scenario] });
}

const VALID = {
  name: "one",
  about: "a scenario",
  input: { orderId: "o-1", amount: 1 },
  faults: [],
  expect: "AUTHORIZED",
};

test.each([
  [
    { ...VALID, name: "has space" },
    `f.json: scenarios[0].name is "has space"; allowed: 1 to 60 letters, digits, '-' or '_'`,
  ],
  [{ ...VALID, input: undefined }, "f.json: scenarios[0].input is missing; allowed: any JSON value"],
  [
    { ...VALID, expect: "PAID" },
    `f.json: scenarios[0].expect is "PAID"; allowed: one of AUTHORIZED, INVALID, FAILED_AUTH, FAILED, TIMED_OUT, ABORTED`,
  ],
  [
    {
      ...VALID,
      faults: [{ state: "AuthorizePayment", functionError: "PaymentDeclinedError", failAttempts: 0 }],
    },
    "f.json: scenarios[0].faults[0].failAttempts is 0; allowed: a whole number, 1 or more",
  ],
  [
    { ...VALID, faults: [{ state: "ValidateOrder", error: "Lambda.ServiceException", failAttempts: 1 }] },
    `f.json: scenarios[0].faults[0] is {"state":"ValidateOrder","error":"Lambda.ServiceException","failAttempts":1}; ` +
      "allowed: a fault with either code (a service's API error code) or functionError (the name of a function's own error)",
  ],
  [
    { ...VALID, faults: [{ state: "ValidateOrder", code: "X", functionError: "Y", failAttempts: 1 }] },
    `f.json: scenarios[0].faults[0] is {"state":"ValidateOrder","code":"X","functionError":"Y","failAttempts":1}; ` +
      "allowed: a fault with either code (a service's API error code) or functionError (the name of a function's own error)",
  ],
  [
    { ...VALID, faults: [{ state: "NotifyAuthorized", code: "Throttled", failAttempts: 1 }] },
    `f.json: scenarios[0].faults[0].code is "Throttled"; allowed: an API error code of lambda:invoke, ` +
      "dynamodb:putItem, sns:publish, sqs:sendMessage, as its API reference spells it (local/engine/aws-errors/README.md lists them)",
  ],
  [
    { ...VALID, faults: [{ state: "AuthorizePayment", functionError: "Payment Declined", failAttempts: 1 }] },
    `f.json: scenarios[0].faults[0].functionError is "Payment Declined"; allowed: an error name`,
  ],
])("fails when a scenario is bad: %j", (scenario, message) => {
  expect(() => parseScenarioFile(scenarioText(scenario), "f.json")).toThrow(message);
});

test("a scenario's faults fail the first attempts of its own execution's state, and nothing else", () => {
  const [planned] = planScenarios(
    [
      {
        ...VALID,
        faults: [
          { state: "AuthorizePayment", functionError: "PaymentDeclinedError", failAttempts: 2 },
          { state: "ValidateOrder", code: "TooManyRequestsException", failAttempts: 1 },
        ],
      },
    ],
    5,
  );
  if (planned === undefined) throw new Error("no execution planned");
  const inject = scenarioFaults([planned]);
  const call = { integration: "lambda:invoke" as const, resourceName: "f" };
  expect(
    [
      { ...call, executionName: planned.name, stateName: "AuthorizePayment", attempt: 1 },
      { ...call, executionName: planned.name, stateName: "AuthorizePayment", attempt: 2 },
      { ...call, executionName: planned.name, stateName: "AuthorizePayment", attempt: 3 },
      { ...call, executionName: planned.name, stateName: "ValidateOrder", attempt: 1 },
      { ...call, executionName: planned.name, stateName: "ValidateOrder", attempt: 2 },
      { ...call, executionName: "another", stateName: "AuthorizePayment", attempt: 1 },
    ].map(inject),
  ).toEqual([
    { functionError: "PaymentDeclinedError", message: "injected by the scenario: attempt 1 of 2 failing" },
    { functionError: "PaymentDeclinedError", message: "injected by the scenario: attempt 2 of 2 failing" },
    undefined,
    { code: "TooManyRequestsException", message: "injected by the scenario: attempt 1 of 1 failing" },
    undefined,
    undefined,
  ]);
});

test("execution names are the label and eight hex digits drawn from the seed", () => {
  const names = (seed: number) => planScenarios([VALID, { ...VALID, name: "two" }], seed).map((e) => e.name);
  expect(names(5)).toEqual(names(5));
  expect(names(5)).not.toEqual(names(6));
  expect(names(5).map((name) => name.replace(/-[0-9a-f]{8}$/, ""))).toEqual(["one", "two"]);
});
