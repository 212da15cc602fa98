import type { PlannedOrder } from "../../local/commands/bench/order-plan";
import { findLost, type RunOutcome } from "../../local/commands/bench/verify";

const order = (executionName: string, expectedKey: string): PlannedOrder => ({
  executionName,
  input: {},
  kind: "valid",
  path: "AUTHORIZED first try",
  expectedStatus: "AUTHORIZED",
  expectedKey,
  faults: {},
});
const ORDERS = [order("e-1", "o-1"), order("e-2", "execution:e-2")];
const record = (orderId: string, executionName: string, status: string) => ({
  orderId,
  status,
  executionArn: `arn:aws:states:us-east-1:1:execution:sm:${executionName}`,
});
const SUCCEEDED: RunOutcome = { status: "SUCCEEDED" };

test("nothing is lost when every execution succeeded, recorded its planned status and notified", () => {
  expect(
    findLost(
      ORDERS,
      new Map([
        ["e-1", SUCCEEDED],
        ["e-2", SUCCEEDED],
      ]),
      [record("o-1", "e-1", "AUTHORIZED"), record("execution:e-2", "e-2", "AUTHORIZED")],
      new Map([
        ["e-1", 1],
        ["e-2", 2],
      ]),
      "orderId",
    ),
  ).toEqual([]);
});

test("fails when records, statuses, notifications or executions are missing or wrong", () => {
  expect(
    findLost(
      ORDERS,
      new Map<string, RunOutcome>([["e-1", { error: "SimulatorDefectError: boom" }]]),
      [record("o-1", "e-1", "FAILED_AUTH")],
      new Map([["e-1", 1]]),
      "orderId",
    ),
  ).toEqual([
    "the table holds 1 records for 2 executions",
    "e-1: SimulatorDefectError: boom",
    "e-1: recorded FAILED_AUTH, expected AUTHORIZED",
    "e-2: never ran",
    'e-2: no record under "execution:e-2"',
    "e-2: no notification",
  ]);
});

test("fails when another execution wrote the record", () => {
  expect(
    findLost(
      [order("e-1", "o-1")],
      new Map([["e-1", { status: "FAILED" } as const]]),
      [record("o-1", "e-9", "AUTHORIZED")],
      new Map([["e-1", 1]]),
      "orderId",
    ),
  ).toEqual([
    "e-1: ended FAILED",
    'e-1: the record under "o-1" was written by arn:aws:states:us-east-1:1:execution:sm:e-9',
  ]);
});
