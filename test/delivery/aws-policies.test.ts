import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  isRecord,
  type Job,
  jobNamed,
  readWorkflows,
  REPO_ROOT,
  type Workflow,
  workflowNamed,
} from "./workflow-files";

const AWS_DIR = join(REPO_ROOT, "docs", "aws");
const GUIDE = join(REPO_ROOT, "docs", "deploying-from-github.md");
const OIDC_PROVIDER = "token.actions.githubusercontent.com";
const REPOSITORY = "repo:<owner>/<repo>";

const workflows = readWorkflows();
const policyFiles = readdirSync(AWS_DIR)
  .filter((file) => file.endsWith(".json"))
  .sort();

interface Statement {
  readonly Sid: string;
  readonly Effect: string;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Principal?: unknown;
  readonly Condition?: unknown;
}

function readPolicy(file: string): Statement[] {
  const policy: unknown = JSON.parse(readFileSync(join(AWS_DIR, file), "utf8"));
  if (!isRecord(policy) || policy.Version !== "2012-10-17" || !Array.isArray(policy.Statement)) {
    throw new Error(`docs/aws/${file} should be an IAM policy with Version 2012-10-17 and a Statement list`);
  }
  return policy.Statement as Statement[];
}

function actions(statement: Statement): readonly string[] {
  return typeof statement.Action === "string" ? [statement.Action] : statement.Action;
}

/**
 * The `sub` claim GitHub puts in a job's OIDC token: the environment when the job has one, otherwise the
 * event (`pull_request`) or the branch the workflow runs on.
 * https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims
 */
function oidcSubject(workflow: Workflow, job: Job): string {
  if (typeof job.environment === "string") {
    return `${REPOSITORY}:environment:${job.environment}`;
  }
  if ("pull_request" in workflow.on) {
    return `${REPOSITORY}:pull_request`;
  }
  // A manual run may start from any branch; the job's `if` keeps it to main, as a push to main is.
  const push = workflow.on.push;
  const branches = isRecord(push) ? push.branches : undefined;
  if (
    Array.isArray(branches) &&
    branches.length === 1 &&
    job.if === `github.ref == 'refs/heads/${String(branches[0])}'`
  ) {
    return `${REPOSITORY}:ref:refs/heads/${String(branches[0])}`;
  }
  throw new Error(`${workflow.file} job ${job.id}: cannot tell which subject its OIDC token carries`);
}

test("docs/aws holds the trust and permission policies the guide names", () => {
  expect(policyFiles).toEqual([
    "deploy-dev-role-trust-policy.json",
    "deploy-prod-role-trust-policy.json",
    "deploy-role-permissions.json",
    "preview-role-permissions.json",
    "preview-role-trust-policy.json",
    "state-bucket-read-write.json",
    "state-bucket-read.json",
  ]);
  const guide = readFileSync(GUIDE, "utf8");
  expect(policyFiles.filter((file) => !guide.includes(`docs/aws/${file}`))).toEqual([]);
});

test.each(policyFiles)("%s is an IAM policy of Allow statements with unique Sids", (file) => {
  const statements = readPolicy(file);
  const sids = statements.map((statement) => statement.Sid);
  expect({ unique: new Set(sids).size, effects: [...new Set(statements.map((s) => s.Effect))] }).toEqual({
    unique: statements.length,
    effects: ["Allow"],
  });
});

test.each([
  ["preview-role-trust-policy.json", "pull-request.yml", "preview", `${REPOSITORY}:pull_request`],
  ["deploy-dev-role-trust-policy.json", "deploy.yml", "deploy-dev", `${REPOSITORY}:ref:refs/heads/main`],
  ["deploy-prod-role-trust-policy.json", "deploy.yml", "deploy-prod", `${REPOSITORY}:environment:prod`],
])("%s trusts exactly the tokens of %s job %s (%s)", (file, workflowFile, jobId, subject) => {
  const workflow = workflowNamed(workflows, workflowFile);
  expect(oidcSubject(workflow, jobNamed(workflow, jobId))).toEqual(subject);
  expect(readPolicy(file)).toEqual([
    {
      Sid: expect.any(String) as unknown,
      Effect: "Allow",
      Principal: { Federated: `arn:aws:iam::<account-id>:oidc-provider/${OIDC_PROVIDER}` },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: { [`${OIDC_PROVIDER}:aud`]: "sts.amazonaws.com", [`${OIDC_PROVIDER}:sub`]: subject },
      },
    },
  ]);
});

test("fails when a job's OIDC subject cannot be derived", () => {
  const workflow = workflowNamed(workflows, "deploy.yml");
  const job = { ...jobNamed(workflow, "deploy-dev"), if: undefined };
  expect(() => oidcSubject(workflow, job)).toThrow(
    "deploy.yml job deploy-dev: cannot tell which subject its OIDC token carries",
  );
});

test("the preview role only reads", () => {
  const writes = readPolicy("preview-role-permissions.json")
    .flatMap(actions)
    .filter((action) => !/^[a-z0-9]+:(Get|List|Describe)[A-Za-z]*$/.test(action));
  expect(writes).toEqual([]);
});

test.each([
  ["preview-role-permissions.json", "order-workflow-", ["ListAliases", "ReadStateMachineLogDelivery"]],
  [
    "deploy-role-permissions.json",
    "order-workflow-<stack>-",
    ["CreateTaggedKeys", "ListAliases", "StateMachineLogDelivery"],
  ],
])("%s scopes every resource to %s, except where AWS allows only *", (file, prefix, unscoped) => {
  const statements = readPolicy(file);
  const resources = (statement: Statement): readonly string[] =>
    typeof statement.Resource === "string" ? [statement.Resource] : (statement.Resource ?? []);
  const scoped = (resource: string): boolean =>
    resource.includes(prefix) || resource.endsWith(":log-group:*") || resource.endsWith(":key/*");
  expect(
    statements
      .filter((s) => resources(s).includes("*"))
      .map((s) => s.Sid)
      .sort(),
  ).toEqual(unscoped);
  expect(
    statements
      .filter((s) => !unscoped.includes(s.Sid))
      .flatMap(resources)
      .filter((resource) => !scoped(resource)),
  ).toEqual([]);
});

test("KMS keys, which have no name to scope by, are reached only through the program's tags", () => {
  const keyStatements = readPolicy("deploy-role-permissions.json").filter((s) =>
    (typeof s.Resource === "string" ? [s.Resource] : (s.Resource ?? [])).some((r) => r.endsWith(":key/*")),
  );
  expect(keyStatements.map((s) => [s.Sid, s.Condition])).toEqual([
    [
      "ManageOwnKeys",
      {
        StringEquals: {
          "aws:ResourceTag/Application": "order-workflow",
          "aws:ResourceTag/Environment": "<stack>",
        },
      },
    ],
  ]);
});

test("the guide names every secret the workflows read", () => {
  const guide = readFileSync(GUIDE, "utf8");
  const secrets = new Set(
    workflows.flatMap((workflow) => [
      ...[...workflow.source.matchAll(/secrets\.([A-Z0-9_]+)/g)].map((match) => match[1] ?? ""),
      ...[...workflow.source.matchAll(/role-secret: ([A-Z0-9_]+)/g)].map((match) => match[1] ?? ""),
    ]),
  );
  expect([...secrets].sort()).toEqual([
    "AWS_DEPLOY_ROLE_ARN_DEV",
    "AWS_DEPLOY_ROLE_ARN_PROD",
    "AWS_PREVIEW_ROLE_ARN_DEV",
    "AWS_PREVIEW_ROLE_ARN_PROD",
    "PULUMI_ACCESS_TOKEN",
    "PULUMI_BACKEND_URL",
    "PULUMI_CONFIG_PASSPHRASE",
  ]);
  expect([...secrets].filter((secret) => !guide.includes(`\`${secret}\``))).toEqual([]);
});
