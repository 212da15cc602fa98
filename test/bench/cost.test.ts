import { billedDurationMs, costPerMillionOrders } from "../../local/commands/bench/cost";
import { PRICES } from "../../local/commands/bench/prices";

test.each([
  [0, 0, 1],
  [0.2, 0, 1],
  [1.2, 0, 2],
  [0.4, 200, 201],
  [3, 200, 203],
])("a %d ms handler with %d ms of gateway latency bills %d ms", (local, latency, billed) => {
  expect(billedDurationMs(local, latency)).toBe(billed);
});

test("a hand-computed million orders, on each workflow type", () => {
  const costs = costPerMillionOrders(
    {
      transitions: 5,
      // One 400 ms execution at 64 MB: 0.4 s x 0.0625 GB.
      expressGbSeconds: 0.025,
      functions: [
        { functionName: "validate", memorySizeMb: 128, invocations: 1, billedMs: 3 },
        { functionName: "authorize", memorySizeMb: 256, invocations: 2, billedMs: 201 },
      ],
      writeRequestUnits: 1,
      snsRequests: 1,
      sqsRequests: 1,
      stateMachineLogBytes: 1024,
      lambdaLogBytes: 0,
    },
    PRICES,
  );

  expect(
    costs.byType.map(({ workflowType, lines }) => [
      workflowType,
      lines.map(({ item, quantity, usd }) => [item, quantity, usd]),
    ]),
  ).toEqual([
    // 5,000,000 transitions at $0.025 per 1,000
    ["STANDARD", [["Step Functions state transitions (Standard)", 5_000_000, 125]]],
    [
      "EXPRESS",
      [
        // One request per execution at $1.00 per million
        ["Step Functions requests (Express)", 1_000_000, 1],
        // 25,000 GB-s at $0.00001667
        ["Step Functions duration (Express)", 25_000, 0.41675],
      ],
    ],
  ]);
  expect(costs.shared.map(({ item, quantity, usd }) => [item, quantity, usd])).toEqual([
    ["Lambda requests: validate", 1_000_000, 0.2],
    // 1,000,000 x 0.125 GB x 0.003 s = 375 GB-s at $0.0000133334
    ["Lambda duration: validate (128 MB x 3 ms)", 375, 0.005],
    ["Lambda requests: authorize", 2_000_000, 0.4],
    // 2,000,000 x 0.25 GB x 0.201 s = 100,500 GB-s at $0.0000133334 = $1.3400067
    ["Lambda duration: authorize (256 MB x 201 ms)", 100_500, 1.340007],
    ["DynamoDB write request units", 1_000_000, 0.625],
    ["SNS publishes", 1_000_000, 0.5],
    ["SQS failure queue sends", 1_000_000, 0.4],
    // 1,024,000,000 bytes = 0.95367431640625 GB at $0.50
    ["CloudWatch Logs: state machine", 0.95367431640625, 0.476837],
    ["CloudWatch Logs: Lambda", 0, 0],
  ]);
  expect(costs.sharedUsd).toBe(3.946844);
  expect(
    costs.byType.map(({ workflowType, stepFunctionsUsd, totalUsd }) => [
      workflowType,
      stepFunctionsUsd,
      totalUsd,
    ]),
  ).toEqual([
    ["STANDARD", 125, 128.946844],
    ["EXPRESS", 1.41675, 5.363594],
  ]);
});
