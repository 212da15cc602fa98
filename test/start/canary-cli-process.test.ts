import { startInProcess } from "./in-process";
import { type Finished, launcher } from "../support/launcher-process";

/** Runs the CLI as `npm start -- …` does. */
function cli(...args: string[]): Promise<Finished> {
  return launcher("start", ...args);
}

const CANARY_RULE = "allowed: a whole percentage from 1 to 99, as a canary DeploymentPreference's Percentage";
const CANARY_WITH =
  "the comparison runs the sample scenarios or the --orders file, split between the two versions; " +
  "allowed: --canary with --stack, --orders, --decline-rate, --seed, --json and --fast";

let canaryRun: Promise<Finished>;

beforeAll(async () => {
  // Bundled once, before the runs start together, as cli-process.test.ts does.
  const build = await launcher("--build", "start");
  if (build.code !== 0) throw new Error(`the launcher could not bundle the start command:\n${build.stderr}`);
  canaryRun = cli("--canary", "10", "--fast", "--seed", "11");
});

test("--canary 10 on the unchanged program runs the scenarios on both versions and says they are the same", async () => {
  const run = await canaryRun;
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(
    /^Stack dev, seed 11, canary 10%: 15 execution\(s\) of order-workflow-dev-state-machine, 3 on the candidate \(the current program's definition\), 12 on the baseline \(snapshots\/dev\/definition\.json, the committed definition\)\nThe candidate is the committed definition: the program did not change it\.\nBoth versions run today's Lambda functions: the program does not version them/,
  );
  expect(run.stdout.match(/^── \d+\/15 (baseline|candidate) /gm)?.map((line) => line.split(" ")[2])).toEqual([
    ...Array.from({ length: 6 }, () => "baseline"),
    "candidate",
    "candidate",
    "candidate",
    ...Array.from({ length: 6 }, () => "baseline"),
  ]);
  expect(run.stdout).toContain(
    [
      "candidate: the current program's definition, 3 execution(s)",
      "  outcomes     AUTHORIZED 3 (100%)",
      "  statuses     SUCCEEDED 3 (100%)",
      "  transitions  20 in all, 6.67 per execution",
      "  failures     none",
      "  unexpected   none",
      "",
      "verdict: candidate: 0 of 3 failed (0%); baseline: 1 of 12 (8.3%). Not as their scenario expects: " +
        "candidate 0 of 3 (0%), baseline 0 of 12 (0%). The candidate does no worse than the baseline.",
      "",
    ].join("\n"),
  );
  expect(run.stderr).toContain("npm start --canary: the candidate is the committed definition\n");
});

test.each([
  [["--canary", "0"], `--canary "0" is less than 1; ${CANARY_RULE}`],
  [["--canary", "100"], `--canary "100" is more than 99; ${CANARY_RULE}`],
  [["--canary", "2.5"], `--canary "2.5" is not a whole number; ${CANARY_RULE}`],
  [
    ["--canary"],
    "option '--canary <percent>' argument missing; allowed: the flags that `npm start -- --help` lists",
  ],
  [["--canary", "10", "--input", "{}"], `--canary "10" was given with --input; ${CANARY_WITH}`],
  [
    ["--canary", "10", "--serve", "--port", "0"],
    `--canary "10" was given with --serve and --port; ${CANARY_WITH}`,
  ],
  [["--canary", "10", "--outage-demo"], `--canary "10" was given with --outage-demo; ${CANARY_WITH}`],
  [
    ["--canary", "10", "--fault", "dynamodb:InternalServerError:3"],
    `--canary "10" was given with --fault "dynamodb:InternalServerError:3"; a fault fails the run's first calls ` +
      "whichever version makes them, so it would fall on one version by timing, not by the change (the sample " +
      "scenarios inject their faults per execution); allowed: --canary with --stack, --orders, --decline-rate, " +
      "--seed, --json and --fast",
  ],
])("fails when the flags are %j: exit code 2 and one line on stderr", async (args, message) => {
  // In this process: what the flags do; cli-process.test.ts shows a bad flag's exit code and stderr from a process.
  const run = await startInProcess(args);
  expect([run.code, run.stderr, run.stdout]).toEqual([2, `npm start: ${message}\n`, ""]);
});

test("--help lists --canary with its range, its baseline and its exit code", async () => {
  const run = await startInProcess(["--help"]);
  expect(run.code).toBe(0);
  const flag = run.stdout.slice(run.stdout.indexOf("--canary <percent>"), run.stdout.indexOf("--serve "));
  const text = flag.replaceAll(/\s+/g, " ");
  expect(text).toContain(
    "compare the committed definition (snapshots/<stack>/definition.json, the baseline)",
  );
  expect(text).toContain("a whole percentage from 1 to 99");
  expect(text).toContain("both versions run today's Lambda functions");
  expect(text).toContain("exits 1 when the candidate does worse");
});
