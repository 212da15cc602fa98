import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { cachedSynthesis } from "../../local/capture/synth-cache";
import { runCanary } from "../../local/commands/start/canary/run-canary";
import type { CliOptions } from "../../local/commands/start/options";
import { createStyle } from "../../local/commands/start/style";
import { formatSortedJson } from "../../local/commands/synth-report/sorted-json";

const SEED = 3;
const SNAPSHOT = "snapshots/dev/definition.json";
const REGENERATE =
  "allowed: the committed definition of the stack, as `npm run synth -- --stack dev --out snapshots/dev` writes it";

let projectDir: string;
let ordersFile: string;
let stderr: string;

beforeEach(() => {
  projectDir = mkdtempSync(path.join(tmpdir(), "canary-project-"));
  mkdirSync(path.join(projectDir, "snapshots/dev"), { recursive: true });
  ordersFile = path.join(projectDir, "orders.jsonl");
  const orders = Array.from({ length: 10 }, (_, index) =>
    JSON.stringify({ orderId: `o-${index + 1}`, amount: 20 }),
  );
  writeFileSync(ordersFile, `${orders.join("\n")}\n`);
  stderr = "";
  jest.spyOn(process.stderr, "write").mockImplementation((text: string | Uint8Array) => {
    stderr += String(text);
    return true;
  });
});

afterEach(() => {
  jest.restoreAllMocks();
  rmSync(projectDir, { recursive: true, force: true });
});

function options(overrides: Partial<CliOptions> = {}): CliOptions {
  return {
    stack: "dev",
    source: { kind: "orders", file: ordersFile },
    declineRate: 0,
    faults: [],
    seed: SEED,
    json: false,
    fast: true,
    ...overrides,
  };
}

/** `npm start -- --canary <percent>` with the snapshot read from the temporary project: its output and exit code. */
async function canary(percent: number, overrides: Partial<CliOptions> = {}): Promise<[number, string]> {
  let stdout = "";
  const code = await runCanary(options(overrides), percent, {
    projectDir,
    write: (text) => (stdout += text),
    style: createStyle(false),
    // One at a time: no order may outlast its function's timeout on a loaded machine, and each concurrent Lambda
    // invocation would start a worker thread of its own.
    concurrency: 1,
  });
  return [code, stdout];
}

function writeSnapshot(text: string): void {
  writeFileSync(path.join(projectDir, SNAPSHOT), text);
}

test("fails when the snapshot is missing, naming the file and the command that writes it", async () => {
  const file = path.join(projectDir, SNAPSHOT);
  await expect(canary(10)).rejects.toThrow(
    `${SNAPSHOT}, the baseline of --canary, cannot be read (ENOENT: no such file or directory, open '${file}'); ${REGENERATE}`,
  );
});

test.each([
  ["{ not json", "is not JSON (Expected property name or '}' in JSON at position 2 (line 1 column 3))"],
  ['{"Comment": "no states"}', "is not a state machine definition (no StartAt and States)"],
  [
    '{"StartAt": "A", "States": {"A": {"Type": "Wait"}}}',
    "cannot run against the current deployment (The definition of state machine `order-workflow-dev-state-machine` is not valid:",
  ],
])("fails when the snapshot is %j", async (text, problem) => {
  writeSnapshot(text);
  await expect(canary(10)).rejects.toThrow(`${SNAPSHOT}, the baseline of --canary, ${problem}`);
});

test("fails when the snapshot invokes a function the stack no longer deploys", async () => {
  const { deployment } = await cachedSynthesis("dev");
  writeSnapshot(
    deployment.definition.replaceAll(
      "order-workflow-dev-authorize-payment",
      "order-workflow-dev-old-authorizer",
    ),
  );
  await expect(canary(10)).rejects.toThrow(
    /^snapshots\/dev\/definition\.json, the baseline of --canary, cannot run against the current deployment \(.*order-workflow-dev-old-authorizer.*\); allowed: /,
  );
});

test("the baseline is the definition in snapshots/<stack>/definition.json", async () => {
  // A snapshot whose payment step reads a path that does not exist: its share fails, the current program's passes.
  const { deployment } = await cachedSynthesis("dev");
  const broken = JSON.parse(deployment.definition) as {
    States: { AuthorizePayment: { Parameters: { Payload: Record<string, string> } } };
  };
  broken.States.AuthorizePayment.Parameters.Payload["order.$"] = "$.orderr";
  writeSnapshot(formatSortedJson(broken, "the definition"));

  const [code, stdout] = await canary(50);
  expect(code).toBe(0);
  expect(stdout).not.toContain("The candidate is the committed definition");
  expect(stdout).toContain(
    "baseline: snapshots/dev/definition.json, the committed definition, 3 execution(s)\n",
  );
  expect(stdout).toContain("  outcomes     FAILED 3 (100%)\n");
  expect(stdout).toContain("                 error  States.Runtime\n");
  expect(stdout).toContain("                 cause  Path expression '$.orderr' does not point to a value\n");
  expect(stdout).toContain("candidate: the current program's definition, 7 execution(s)\n");
  expect(stdout).toContain("  outcomes     AUTHORIZED 7 (100%)\n");
  expect(stdout).toMatch(
    /\nverdict: candidate: 0 of 7 failed \(0%\); baseline: 3 of 3 \(100%\)\. The candidate does no worse than the baseline\.\n$/,
  );
  expect(stderr).toContain(
    "7 on the candidate (the current program), 3 on the baseline (snapshots/dev/definition.json)",
  );
});

test("the committed snapshot is the candidate: the comparison runs and says so", async () => {
  const { deployment } = await cachedSynthesis("dev");
  writeSnapshot(formatSortedJson(JSON.parse(deployment.definition), "the definition"));
  const [code, stdout] = await canary(50, { json: true });
  expect(code).toBe(0);
  const report = JSON.parse(stdout) as {
    canary: { identical: boolean };
    versions: Record<string, { executions: number; failures: unknown[] }>;
    executions: { version: string; outcome: string }[];
  };
  expect(report.canary.identical).toBe(true);
  expect(report.executions.map((execution) => [execution.version, execution.outcome])).toEqual([
    ...Array.from({ length: 10 }, (_, index) => [
      [0, 3, 4, 5, 6, 7, 9].includes(index) ? "candidate" : "baseline",
      "AUTHORIZED",
    ]),
  ]);
  expect(stderr).toContain("npm start --canary: the candidate is the committed definition\n");
});
