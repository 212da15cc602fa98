import { stateMachinesLogWithRetention } from "../../policy/rules";
import { type ResourceUnderTest, runStackPolicy, urnOf } from "./policy-harness";
import { logGroupArn, resource, TYPES } from "./resources";

const GROUP = "/aws/vendedlogs/states/orders";

function logGroup(retentionInDays: unknown): ResourceUnderTest {
  return resource(TYPES.logGroup, "orders-logs", { name: GROUP, retentionInDays });
}

function stateMachine(loggingConfiguration: unknown): ResourceUnderTest {
  return resource(TYPES.stateMachine, "orders", { name: "orders", loggingConfiguration });
}

const logsTo = (destination: string) => ({
  level: "ERROR",
  includeExecutionData: false,
  logDestination: destination,
});

describe("state-machines-log-with-retention", () => {
  test.each<[string, readonly ResourceUnderTest[]]>([
    [
      "a state machine logging to the stack's log group with a retention",
      [logGroup(30), stateMachine(logsTo(`${logGroupArn(GROUP)}:*`))],
    ],
    [
      "a destination without the :* suffix",
      [logGroup(1), stateMachine({ ...logsTo(logGroupArn(GROUP)), level: "ALL" })],
    ],
  ])("passes %s", async (_, resources) => {
    expect(await runStackPolicy(stateMachinesLogWithRetention, resources)).toEqual({
      violations: [],
      notApplicable: [],
    });
  });

  test.each<[string, readonly ResourceUnderTest[], string]>([
    [
      "fails when a state machine has no logging configuration",
      [logGroup(30), stateMachine(undefined)],
      'State machine "orders" has loggingConfiguration.level undefined; allowed: ALL, ERROR, FATAL.',
    ],
    [
      "fails when the logging level is OFF",
      [logGroup(30), stateMachine({ ...logsTo(`${logGroupArn(GROUP)}:*`), level: "OFF" })],
      'State machine "orders" has loggingConfiguration.level "OFF"; allowed: ALL, ERROR, FATAL.',
    ],
    [
      "fails when the destination is a log group of another stack",
      [logGroup(30), stateMachine(logsTo(`${logGroupArn("/aws/vendedlogs/states/elsewhere")}:*`))],
      `State machine "orders" logs to "${logGroupArn("/aws/vendedlogs/states/elsewhere")}:*", which is not a log group of this stack; allowed: the ARN (with ":*") of one of its log groups: ${GROUP}.`,
    ],
    [
      "fails when the stack creates no log group",
      [stateMachine({ level: "ERROR" })],
      'State machine "orders" logs to undefined, which is not a log group of this stack; allowed: the ARN (with ":*") of one of its log groups: none.',
    ],
    [
      "fails when the log group keeps logs forever",
      [logGroup(undefined), stateMachine(logsTo(`${logGroupArn(GROUP)}:*`))],
      `State machine "orders" logs to log group "${GROUP}", whose retentionInDays is undefined; allowed: a whole number of days greater than 0 (0 or none keeps logs forever).`,
    ],
    [
      "fails when the log group's retention is 0",
      [logGroup(0), stateMachine(logsTo(`${logGroupArn(GROUP)}:*`))],
      `State machine "orders" logs to log group "${GROUP}", whose retentionInDays is 0; allowed: a whole number of days greater than 0 (0 or none keeps logs forever).`,
    ],
  ])("%s", async (_, resources, message) => {
    const machine = resources.find((candidate) => candidate.type === TYPES.stateMachine);
    if (machine === undefined) throw new Error("Each case has a state machine.");
    expect(await runStackPolicy(stateMachinesLogWithRetention, resources)).toEqual({
      violations: [{ policy: "state-machines-log-with-retention", message, urn: urnOf(machine) }],
      notApplicable: [],
    });
  });

  test("does not apply to a stack without a state machine", async () => {
    expect(await runStackPolicy(stateMachinesLogWithRetention, [logGroup(30)])).toEqual({
      violations: [],
      notApplicable: ["The stack has no state machine."],
    });
  });
});
