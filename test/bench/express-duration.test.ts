import { costPerMillionOrders, type UsagePerExecution } from "../../local/commands/bench/cost";
import { expressDurationOf } from "../../local/commands/bench/execution-metrics";
import {
  expressBilledDurationMs,
  expressBilledMemoryMb,
  expressGbSeconds,
  expressMemoryMb,
  retryWaitMs,
} from "../../local/commands/bench/express-duration";
import { PRICES } from "../../local/commands/bench/prices";
import type { TaskRetries } from "../../local/commands/bench/task-retries";
import type { HistoryEvent } from "../../local/engine/history";
import { retrier } from "./retrier";

/** A payment state that retries a decline after 2 s, then 4 s, with full jitter, as the deployed one does. */
const PAY: TaskRetries = {
  stateName: "Pay",
  resourceType: "lambda",
  resource: "invoke",
  retriers: [
    retrier(["Lambda.ServiceException"], 3, { jitterStrategy: "FULL" }),
    retrier(["Declined"], 2, { intervalSeconds: 2, jitterStrategy: "FULL" }),
  ],
  catchers: [],
};
const CONTEXT = {
  tasks: new Map([["Pay", PAY]]),
  gatewayLatencyMs: new Map([["pay-fn", 200]]),
  definitionBytes: 9_360,
  parallelOrMapStates: 0,
};

const state = { stateName: "Pay", stateType: "Task" } as const;
const order = { orderId: "o-1", amount: 12 };

/** Pay answers at once: 60 ms of local work. */
const FIRST_TRY: HistoryEvent[] = [
  { type: "ExecutionStarted", timestamp: 1_000, input: order },
  { type: "StateEntered", timestamp: 1_000, ...state, input: order },
  { type: "StateExited", timestamp: 1_050, ...state, output: order },
  { type: "ExecutionSucceeded", timestamp: 1_060, output: order },
];

/** The same, with one decline retried first: as many ms of local work, the retry wait skipped. */
const AFTER_A_DECLINE: HistoryEvent[] = [
  { type: "ExecutionStarted", timestamp: 1_000, input: order },
  { type: "StateEntered", timestamp: 1_000, ...state, input: order },
  { type: "StateFailed", timestamp: 1_010, ...state, error: "Declined" },
  { type: "StateRetried", timestamp: 1_010, ...state, error: "Declined", retryAttempt: 1 },
  { type: "StateExited", timestamp: 1_050, ...state, output: order },
  { type: "ExecutionSucceeded", timestamp: 1_060, output: order },
];

test.each([
  [0, 100],
  [1, 100],
  [100, 100],
  [100.5, 200],
  [389, 400],
  [1_460, 1_500],
])("%d ms of Express duration bills %d ms", (duration, billed) => {
  expect(expressBilledDurationMs(duration)).toBe(billed);
});

test.each([
  // 50 MB + 9,360 + 500 bytes
  [9_360, 500, 0, 50.00986, 64],
  // The execution data counts once per Parallel or Map state.
  [0, 1_000_000, 3, 53, 64],
  [0, 7_000_000, 2, 64, 64],
  [0, 7_000_001, 2, 64.000002, 128],
])(
  "a %d-byte definition and %d bytes of data with %d Parallel or Map states use %d MB, billed as %d MB",
  (definitionBytes, dataBytes, states, memory, billed) => {
    expect(expressMemoryMb(definitionBytes, dataBytes, states)).toBeCloseTo(memory, 9);
    expect(expressBilledMemoryMb(expressMemoryMb(definitionBytes, dataBytes, states))).toBe(billed);
  },
);

test("a million executions of 400 ms at 64 MB cost $1.41675 in Express requests and duration", () => {
  const gbSeconds = expressGbSeconds(400, 64);
  expect(gbSeconds).toBe(0.025);
  const usage: UsagePerExecution = {
    transitions: 0,
    expressGbSeconds: gbSeconds,
    functions: [],
    writeRequestUnits: 0,
    snsRequests: 0,
    sqsRequests: 0,
    stateMachineLogBytes: 0,
    lambdaLogBytes: 0,
  };
  const express = costPerMillionOrders(usage, PRICES).byType.find((cost) => cost.workflowType === "EXPRESS");
  // $1.00 for a million requests + 25,000 GB-s at $0.00001667
  expect(express?.totalUsd).toBe(1.41675);
});

test("the retry waits the bench skips are billed as Express duration", () => {
  const firstTry = expressDurationOf(FIRST_TRY, { "pay-fn": 1 }, CONTEXT);
  const afterADecline = expressDurationOf(AFTER_A_DECLINE, { "pay-fn": 2 }, CONTEXT);

  // 60 ms of work + 200 ms at the gateway = 260 ms, billed 300 ms at 64 MB
  expect(firstTry).toEqual({
    localWorkMs: 60,
    gatewayMs: 200,
    retryWaitMs: 0,
    billedMs: 300,
    billedMemoryMb: 64,
    gbSeconds: 0.01875,
  });
  // 60 ms of work + 2 x 200 ms at the gateway + half of the 2 s retry interval = 1,460 ms, billed 1,500 ms
  expect(afterADecline).toEqual({
    localWorkMs: 60,
    gatewayMs: 400,
    retryWaitMs: 1_000,
    billedMs: 1_500,
    billedMemoryMb: 64,
    gbSeconds: 0.09375,
  });
});

test("each retry waits as its own retrier's attempt says", () => {
  const retried = (error: string, retryAttempt: number): HistoryEvent => ({
    type: "StateRetried",
    timestamp: 0,
    ...state,
    error,
    retryAttempt,
  });
  // Declines: 2 s, then 4 s; service faults: 1 s, then 2 s; all halved by FULL jitter.
  expect(
    retryWaitMs(
      [
        retried("Declined", 1),
        retried("Lambda.ServiceException", 1),
        retried("Declined", 2),
        retried("Lambda.ServiceException", 2),
      ],
      CONTEXT.tasks,
    ),
  ).toBe(1_000 + 500 + 2_000 + 1_000);
});

test("fails when a retry matches no retrier of the deployed definition", () => {
  expect(() =>
    retryWaitMs(
      [{ type: "StateRetried", timestamp: 0, ...state, error: "Other", retryAttempt: 1 }],
      CONTEXT.tasks,
    ),
  ).toThrow('StateRetried of `Pay` (error "Other", attempt 1) matches no retrier of the deployed definition');
});
