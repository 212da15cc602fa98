import { startInProcess } from "./in-process";
import { type Finished, launcher } from "../support/launcher-process";

// The demo runs (in a process of its own) while the flag checks below do; its test, last, waits for it.
let demo: Promise<Finished>;

beforeAll(async () => {
  // Bundled once, so that the runs below find the bundle up to date rather than each bundling it.
  const build = await launcher("--build", "start");
  if (build.code !== 0) throw new Error(`the launcher could not bundle the start command:\n${build.stderr}`);
  demo = launcher("start", "--stack", "prod", "--outage-demo", "--seed", "7");
});

test.each([
  [
    ["--outage-demo", "0"],
    '--outage-demo "0" is not a number of orders; allowed: a whole number of orders from 1 to 10',
  ],
  [
    ["--outage-demo", "11"],
    '--outage-demo "11" is not a number of orders; allowed: a whole number of orders from 1 to 10',
  ],
  [
    ["--outage-demo", "2x"],
    '--outage-demo "2x" is not a number of orders; allowed: a whole number of orders from 1 to 10',
  ],
  [
    ["--outage-demo", "--json", "--fault", "dynamodb:InternalServerError:1"],
    "--outage-demo was given with --json and --fault; the demo runs its own orders, outage and gateway; allowed: --outage-demo with --stack, --seed and --fast",
  ],
  [
    ["--outage-demo", "--serve", "--decline-rate", "0", "--input", "{}"],
    "--outage-demo was given with --input and --serve and --decline-rate; the demo runs its own orders, outage and gateway; allowed: --outage-demo with --stack, --seed and --fast",
  ],
  [["--outage-demo", "--stack", "qa"], '--stack "qa" is not a stack of this project; allowed: dev, prod'],
])("fails when the flags are %j: exit code 2 and one line on stderr", async (args, line) => {
  // In this process: what the flags do; cli-process.test.ts shows a bad flag's exit code and stderr from a process.
  const run = await startInProcess(args);
  expect([run.code, run.stderr, run.stdout]).toEqual([2, `npm start: ${line}\n`, ""]);
});

test("npm start -- --stack prod --outage-demo --seed 7: the failed executions, the queue, recover's lines, one record and one gateway call per order", async () => {
  const run = await demo;
  expect([run.code, run.stderr]).toEqual([
    0,
    "npm start --outage-demo: stack prod, seed 7 (repeat with --seed 7)\n",
  ]);
  expect(run.stdout.split("\n")).toEqual([
    "Stack prod, seed 7: 3 order(s); the orders table order-workflow-prod-orders answers InternalServerError to PersistAuthorized until the recovery (retry waits skipped, gateway latency 0 ms)",
    "",
    "1. DynamoDB down after each payment is authorized:",
    "   outage-1-fa733f8a  FAILED in PersistAuthorized: DynamoDB.InternalServerErrorException  (REDRIVABLE)",
    "   outage-2-9d6eb1d4  FAILED in PersistAuthorized: DynamoDB.InternalServerErrorException  (REDRIVABLE)",
    "   outage-3-d1fa25bc  FAILED in PersistAuthorized: DynamoDB.InternalServerErrorException  (REDRIVABLE)",
    "",
    "2. The failure queue holds 3 message(s):",
    '   o-outage-1  "Step Functions Execution Status Change" event: outage-1-fa733f8a, execution FAILED',
    '   o-outage-2  "Step Functions Execution Status Change" event: outage-2-9d6eb1d4, execution FAILED',
    '   o-outage-3  "Step Functions Execution Status Change" event: outage-3-d1fa25bc, execution FAILED',
    "",
    "3. DynamoDB is back: npm run recover -- --stack prod --apply",
    "   o-outage-1: redrive arn:aws:states:us-east-1:123456789012:execution:order-workflow-prod-state-machine:outage-1-fa733f8a: SUCCEEDED; message deleted",
    "   o-outage-2: redrive arn:aws:states:us-east-1:123456789012:execution:order-workflow-prod-state-machine:outage-2-9d6eb1d4: SUCCEEDED; message deleted",
    "   o-outage-3: redrive arn:aws:states:us-east-1:123456789012:execution:order-workflow-prod-state-machine:outage-3-d1fa25bc: SUCCEEDED; message deleted",
    "   3 message(s): 3 recovered and deleted, 0 left.",
    "",
    "4. After the recovery:",
    "   o-outage-1  1 record(s): AUTHORIZED (by outage-1-fa733f8a); gateway called 1 time(s)",
    "   o-outage-2  1 record(s): AUTHORIZED (by outage-2-9d6eb1d4); gateway called 1 time(s)",
    "   o-outage-3  1 record(s): AUTHORIZED (by outage-3-d1fa25bc); gateway called 1 time(s)",
    "   failure queue: empty",
    "",
  ]);
});
