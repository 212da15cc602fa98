import path from "node:path";

import { finished, spawnLauncher } from "../support/launcher-process";

/** The environment without anything that names AWS outputs or endpoints, plus `extra`. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        !name.startsWith("AWS_") &&
        !["STATE_MACHINE_ARN", "LIVE_ALIAS_ARN", "FAILURE_QUEUE_URL"].includes(name),
    ),
  );
  // No Pulumi CLI on the PATH: the outputs must come from the flags or the environment.
  return { ...env, PATH: path.dirname(process.execPath), ...extra };
}

beforeAll(async () => {
  // Bundled once, before the tests spawn them: each spawn then finds its bundle up to date, as a second run does,
  // rather than bundling it inside a test's time (or two at once).
  const build = await finished(spawnLauncher(["--build", "recover", "start"], process.env));
  if (build.code !== 0) throw new Error(`the launcher could not bundle recover and start:\n${build.stderr}`);
});

test.each([
  [
    [],
    "npm run recover: --stack was not given; allowed: --stack <env>, the stack to recover, e.g. --stack dev\n",
  ],
  [
    ["--stack", "dev", "--wait", "0"],
    'npm run recover: --wait "0" is not a wait; allowed: a whole number of seconds from 1 to 43000\n',
  ],
  [
    ["--stack", "dev", "--force"],
    "npm run recover: unknown option '--force'; allowed: the flags that `npm run recover -- --help` lists\n",
  ],
  [
    ["--stack", "dev"],
    "npm run recover: stack dev: missing outputs `stateMachineArn`, `liveAliasArn`, `failureQueueUrl`; " +
      "looked in the environment (STATE_MACHINE_ARN, LIVE_ALIAS_ARN, FAILURE_QUEUE_URL), " +
      "then `pulumi stack output --json --stack dev` (the Pulumi CLI is not installed). " +
      'Provide STATE_MACHINE_ARN="$(pulumi stack output stateMachineArn --stack dev)" and ' +
      'LIVE_ALIAS_ARN="$(pulumi stack output liveAliasArn --stack dev)" and ' +
      'FAILURE_QUEUE_URL="$(pulumi stack output failureQueueUrl --stack dev)", ' +
      "or --outputs <file> holding `pulumi stack output --json --stack dev`, or deploy the stack so that it has them " +
      "(`liveAliasArn` exists once the stack is deployed with its live alias)\n",
  ],
])("npm run recover -- %j is refused with exit 2", async (args, stderr) => {
  expect(await finished(spawnLauncher(["recover", ...args], cleanEnv()))).toEqual({
    code: 2,
    stdout: "",
    stderr,
  });
});

test("npm start -- --serve prints exports that npm run recover works with, and stops on SIGTERM", async () => {
  const server = spawnLauncher(["start", "--serve", "--port", "0", "--fast"], cleanEnv());
  const done = finished(server);
  const exports = await new Promise<string>((resolve, reject) => {
    let text = "";
    const timer = setTimeout(() => {
      reject(new Error(`no exports within 20 s: ${text}`));
    }, 20_000);
    server.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      if (/^export OPERATOR_POLICY_ARN=.*\n/m.test(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    });
  });
  const variables = Object.fromEntries(
    [...exports.matchAll(/^export ([A-Z_]+)='([^']*)'$/gm)].map((match) => [match[1] ?? "", match[2] ?? ""]),
  );
  expect(Object.keys(variables)).toEqual([
    "AWS_ENDPOINT_URL",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "STATE_MACHINE_ARN",
    "STATE_MACHINE_VERSION_ARN",
    "LIVE_ALIAS_ARN",
    "STATE_MACHINE_NAME",
    "TABLE_NAME",
    "TOPIC_ARN",
    "LOG_GROUP_NAME",
    "VALIDATE_FUNCTION_NAME",
    "AUTHORIZE_FUNCTION_NAME",
    "FAILURE_QUEUE_URL",
    "OPERATOR_POLICY_ARN",
  ]);
  expect(variables.AWS_ENDPOINT_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const stateMachine = "arn:aws:states:us-east-1:123456789012:stateMachine:order-workflow-dev-state-machine";
  expect([
    variables.STATE_MACHINE_ARN,
    variables.STATE_MACHINE_VERSION_ARN,
    variables.LIVE_ALIAS_ARN,
  ]).toEqual([stateMachine, `${stateMachine}:1`, `${stateMachine}:live`]);

  const recovered = await finished(
    spawnLauncher(
      ["recover", "--stack", "dev"],
      cleanEnv({ ...variables, AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local" }),
    ),
  );
  expect(recovered).toEqual({ code: 0, stdout: "The failure queue is empty.\n", stderr: "" });

  server.kill("SIGTERM");
  const ended = await done;
  expect(ended.code).toBe(0);
  expect(ended.stderr).toContain("npm start --serve: SIGTERM, stopping");
}, 40_000);

test("npm start -- --port without --serve is refused", async () => {
  const result = await finished(spawnLauncher(["start", "--port", "5"], cleanEnv()));
  expect([result.code, result.stderr]).toEqual([
    2,
    'npm start: --port "5" was given without --serve; allowed: --port with --serve only\n',
  ]);
});
