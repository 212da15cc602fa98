import { type Finished, launcher } from "../support/launcher-process";
import { startInProcess } from "./in-process";

/** Runs the CLI as `npm start -- …` does. */
function cli(...args: string[]): Promise<Finished> {
  return launcher("start", ...args);
}

/**
 * The same command line in this process, one execution at a time: each execution in flight has Lambda worker
 * threads of its own, which the spawned run pays for already.
 */
function inProcess(...args: string[]): Promise<Finished> {
  return startInProcess(args, { concurrency: 1 });
}

/** The order records' receivedAt is the execution's start time: the wall clock, the one thing a seed cannot fix. */
function withoutClock(text: string): string {
  return text.replaceAll(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, "<time>");
}

// Synthesizing takes a while: the runs start together and the tests share them. The first is the whole process;
// the second run with seed 11 and the --json run are the same command lines in this process (see inProcess).
let runs: Promise<[Finished, Finished, Finished]>;

beforeAll(async () => {
  // Bundled once, before the runs start together: each then finds the bundle up to date, as a second `npm start`
  // does, rather than all three bundling it at once.
  const build = await launcher("--build", "start");
  if (build.code !== 0) throw new Error(`the launcher could not bundle the start command:\n${build.stderr}`);
  runs = Promise.all([
    cli("--fast", "--seed", "11"),
    inProcess("--fast", "--seed", "11"),
    inProcess("--input", '{"orderId":"o-1","amount":12}', "--fast", "--json", "--decline-rate", "0"),
  ]);
});

test("the default run shows every path, each sample with its expected outcome", async () => {
  const [run] = await runs;
  expect(run.code).toBe(0);
  const summary = run.stdout.slice(run.stdout.lastIndexOf("15 executions"));
  const outcomes = Object.fromEntries(
    summary
      .split("\n")
      .slice(1, -1)
      .map((line) => {
        const [outcome = "", , ...names] = line.trim().split(/,?\s+/);
        return [outcome, names.map((name) => name.replace(/-[0-9a-f]{8}$/, ""))];
      }),
  );
  expect(outcomes).toEqual({
    AUTHORIZED: [
      "authorized",
      "declined-then-authorized",
      "lambda-throttled",
      "validator-client-timeout",
      "table-throttled",
      "table-internal-error",
      "topic-throttled",
    ],
    FAILED_AUTH: ["declined-until-failed"],
    INVALID: [
      "validator-down",
      "missing-order-id",
      "not-an-object",
      "amount-not-a-number",
      "bad-amount-and-currency",
      "bad-order-id",
    ],
    FAILED: ["table-down"],
  });
  expect(run.stdout).not.toContain("the scenario expects");
  expect(run.stdout).toContain(
    [
      "  status    FAILED",
      "            error  OrderWorkflow.FailureQueued",
      "            cause  The order could not be recorded or notified after retries; it is in the failure queue with the error.",
      "  item      none recorded by this execution",
      "  notified  none",
      "  queued    queue       https://sqs.us-east-1.amazonaws.com/123456789012/order-workflow-dev-failures",
      "            error       DynamoDB.InternalServerErrorException",
    ].join("\n"),
  );
  expect(run.stdout).toContain(
    [
      "  path      ValidateOrder          retry 1 after Lambda.ServiceException",
      "                                   retry 2 after Lambda.ServiceException",
      "                                   retry 3 after Lambda.ServiceException",
      "                                   caught Lambda.ServiceException",
      "            ValidationUnavailable",
      "            PersistInvalidOrder",
      "            NotifyInvalid",
    ].join("\n"),
  );
  expect(run.stderr).toContain("seed 11 (repeat with --seed 11)");
});

test("two runs with the same seed and flags print the same thing", async () => {
  const [first, second] = await runs;
  expect([first.code, second.code]).toEqual([0, 0]);
  expect(withoutClock(second.stdout)).toEqual(withoutClock(first.stdout));
  expect(first.stdout).toMatch(/authorizationId {2}auth-[0-9a-f-]{36}\n/);
});

test("--json writes the execution, its item, notifications and history, and nothing else", async () => {
  const [, , run] = await runs;
  expect(run.code).toBe(0);
  const parsed = JSON.parse(run.stdout) as {
    executions: {
      status: string;
      outcome: string;
      item: Record<string, unknown>;
      notifications: { subject: string; messageAttributes: unknown }[];
      history: { events: { type: string; id: number; previousEventId: number }[] };
    }[];
  };
  const [execution] = parsed.executions;
  expect(parsed.executions).toHaveLength(1);
  expect(execution?.status).toBe("SUCCEEDED");
  expect(execution?.item).toEqual({
    orderId: "o-1",
    status: "AUTHORIZED",
    amount: 12,
    currency: "USD",
    authorizationId: expect.stringMatching(/^auth-[0-9a-f-]{36}$/) as unknown,
    executionArn: expect.stringMatching(
      /:execution:order-workflow-dev-state-machine:order-1-[0-9a-f]{8}$/,
    ) as unknown,
    receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
  });
  expect(execution?.notifications.map((n) => [n.subject, n.messageAttributes])).toEqual([
    ["Order authorized", { status: { DataType: "String", StringValue: "AUTHORIZED" } }],
  ]);
  const task = ["TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited"];
  expect(execution?.history.events.map((event) => event.type)).toEqual([
    "ExecutionStarted",
    ...task,
    "ChoiceStateEntered",
    "ChoiceStateExited",
    ...task,
    ...task,
    ...task,
    "ExecutionSucceeded",
  ]);
  expect(execution?.history.events.map((event) => event.id - event.previousEventId)).toEqual(
    execution?.history.events.map(() => 1),
  );
});

test.each([
  [["--bogus"], "npm start: unknown option '--bogus'; allowed: the flags that `npm start -- --help` lists\n"],
  [
    ["--decline-rate", "1.5"],
    'npm start: --decline-rate "1.5" is more than 1; allowed: a number from 0 to 1 (0 never declines, 1 always declines)\n',
  ],
])("fails when the flags are %j: exit code 2 and one line on stderr", async (args, line) => {
  const run = await cli(...args);
  expect([run.code, run.stderr, run.stdout]).toEqual([2, line, ""]);
});

test("--help lists the flags on stdout and exits 0", async () => {
  const run = await cli("--help");
  expect([run.code, run.stderr]).toEqual([0, ""]);
  expect(run.stdout).toMatch(/^Usage: npm start -- \[options\]\n/);
  expect(run.stdout).toContain("--fast");
});

test("the launcher names a command it does not have, and the ones it has", async () => {
  const run = await launcher("no-such-command");
  expect([run.code, run.stdout]).toEqual([1, ""]);
  expect(run.stderr).toMatch(/^launch: no command "no-such-command": .* for bench, .*start.*\n$/);
});
