import { spawnSync } from "node:child_process";
import { readWorkflows } from "./workflow-files";

const STEP_NAME = "Check the Pulumi backend";
const ALLOWED =
  "set exactly one: PULUMI_ACCESS_TOKEN (Pulumi Cloud), or PULUMI_BACKEND_URL=s3://<bucket>[/<prefix>] with PULUMI_CONFIG_PASSPHRASE";

const checks = readWorkflows().flatMap((workflow) =>
  workflow.jobs.flatMap((job) =>
    job.steps
      .filter((step) => step.name === STEP_NAME)
      .map((step) => ({ where: `${workflow.file} ${job.id}`, step })),
  ),
);
const script = checks[0]?.step.run ?? "";

interface Secrets {
  readonly PULUMI_ACCESS_TOKEN?: string;
  readonly PULUMI_BACKEND_URL?: string;
  readonly PULUMI_CONFIG_PASSPHRASE?: string;
}

/** Runs the step as GitHub's runner does (`bash --noprofile --norc -eo pipefail`), unset secrets being empty. */
function runCheck(secrets: Secrets): { status: number | null; stdout: string } {
  const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
    env: {
      PATH: process.env.PATH,
      PULUMI_ACCESS_TOKEN: secrets.PULUMI_ACCESS_TOKEN ?? "",
      PULUMI_BACKEND_URL: secrets.PULUMI_BACKEND_URL ?? "",
      PULUMI_CONFIG_PASSPHRASE: secrets.PULUMI_CONFIG_PASSPHRASE ?? "",
    },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout };
}

test("every Pulumi job runs the same backend check, fed by the same secrets", () => {
  expect(checks.map(({ where }) => where)).toEqual([
    "deploy.yml deploy-dev",
    "deploy.yml deploy-prod",
    "pull-request.yml preview",
  ]);
  for (const { step } of checks) {
    expect({ run: step.run, env: step.env }).toEqual({
      run: script,
      env: {
        PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}",
        PULUMI_BACKEND_URL: "${{ secrets.PULUMI_BACKEND_URL }}",
        PULUMI_CONFIG_PASSPHRASE: "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}",
      },
    });
  }
});

test.each<[string, Secrets, string]>([
  ["Pulumi Cloud", { PULUMI_ACCESS_TOKEN: "pul-123" }, "Pulumi backend: Pulumi Cloud\n"],
  [
    "an S3 bucket",
    { PULUMI_BACKEND_URL: "s3://state", PULUMI_CONFIG_PASSPHRASE: "p" },
    "Pulumi backend: self-managed (S3)\n",
  ],
  [
    "an S3 bucket and prefix",
    { PULUMI_BACKEND_URL: "s3://state/order-workflow?region=us-east-1", PULUMI_CONFIG_PASSPHRASE: "p" },
    "Pulumi backend: self-managed (S3)\n",
  ],
])("accepts %s", (_case, secrets, stdout) => {
  expect(runCheck(secrets)).toEqual({ status: 0, stdout });
});

test.each<[string, Secrets, string]>([
  [
    "both backends are set",
    { PULUMI_ACCESS_TOKEN: "pul-123", PULUMI_BACKEND_URL: "s3://state", PULUMI_CONFIG_PASSPHRASE: "p" },
    "both PULUMI_ACCESS_TOKEN and PULUMI_BACKEND_URL are set",
  ],
  ["no backend is set", {}, "neither PULUMI_ACCESS_TOKEN nor PULUMI_BACKEND_URL is set"],
  [
    "the backend is not S3",
    { PULUMI_BACKEND_URL: "gs://state", PULUMI_CONFIG_PASSPHRASE: "p" },
    "PULUMI_BACKEND_URL has the scheme gs://",
  ],
  [
    "the backend has no scheme",
    { PULUMI_BACKEND_URL: "state", PULUMI_CONFIG_PASSPHRASE: "p" },
    "PULUMI_BACKEND_URL has no scheme",
  ],
  [
    "the S3 backend names no bucket",
    { PULUMI_BACKEND_URL: "s3://", PULUMI_CONFIG_PASSPHRASE: "p" },
    "PULUMI_BACKEND_URL names no bucket",
  ],
  [
    "the S3 backend has no passphrase",
    { PULUMI_BACKEND_URL: "s3://state" },
    "PULUMI_BACKEND_URL is set but PULUMI_CONFIG_PASSPHRASE is empty",
  ],
])("fails when %s", (_case, secrets, problem) => {
  expect(runCheck(secrets)).toEqual({
    status: 2,
    stdout: `::error::Pulumi backend: ${problem}; ${ALLOWED}\n`,
  });
});
