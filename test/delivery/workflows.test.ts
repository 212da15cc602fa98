import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { lintWorkflow } from "./actionlint";
import {
  actionOf,
  AWS_CREDENTIALS_ACTION,
  isRecord,
  type Job,
  jobNamed,
  PULUMI_ACTION,
  reachesAws,
  readWorkflows,
  REPO_ROOT,
  type Workflow,
  workflowNamed,
} from "./workflow-files";

const workflows = readWorkflows();
const pullRequest = workflowNamed(workflows, "pull-request.yml");
const deploy = workflowNamed(workflows, "deploy.yml");
const allJobs = workflows.flatMap((workflow) => workflow.jobs.map((job) => ({ workflow, job })));
const pulumiJobs = allJobs.filter(({ job }) => job.steps.some((step) => actionOf(step) === PULUMI_ACTION));

/** The stacks the repository defines: one `Pulumi.<stack>.yaml` each. */
const stacks = readdirSync(REPO_ROOT)
  .map((file) => /^Pulumi\.([a-z0-9-]+)\.yaml$/.exec(file)?.[1])
  .filter((stack): stack is string => stack !== undefined)
  .sort();

function stackRegion(stack: string): unknown {
  const settings: unknown = parse(readFileSync(join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8"));
  return isRecord(settings) && isRecord(settings.config) ? settings.config["aws:region"] : undefined;
}

/** Paths of every key or string value that names a stored AWS key, anywhere in a parsed workflow. */
function storedAwsKeyReferences(value: unknown, path = ""): string[] {
  const storedKey =
    /AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN)|aws-(access-key-id|secret-access-key|session-token)/i;
  if (typeof value === "string") {
    return storedKey.test(value) ? [`${path} (value)`] : [];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item: unknown, index) => storedAwsKeyReferences(item, `${path}[${index}]`));
  }
  if (isRecord(value)) {
    return Object.entries(value).flatMap(([key, item]) => [
      ...(storedKey.test(key) ? [`${path}.${key} (key)`] : []),
      ...storedAwsKeyReferences(item, `${path}.${key}`),
    ]);
  }
  return [];
}

function matrixInclude(job: Job): Record<string, unknown>[] {
  const include =
    isRecord(job.strategy) && isRecord(job.strategy.matrix) ? job.strategy.matrix.include : undefined;
  return Array.isArray(include) ? include.filter(isRecord) : [];
}

function stepIndex(job: Job, predicate: (step: Job["steps"][number]) => boolean): number {
  return job.steps.findIndex(predicate);
}

describe("actionlint", () => {
  test("sees every workflow in .github/workflows/", () => {
    expect(workflows.map((workflow) => workflow.file)).toEqual(["deploy.yml", "pull-request.yml"]);
  });

  test.each(workflows.map((workflow) => [workflow.file, workflow] as const))(
    "%s has no findings",
    async (file, workflow) => {
      expect(await lintWorkflow(workflow.source, `.github/workflows/${file}`)).toEqual([]);
    },
  );

  const brokenJobs = ["on: push", "jobs:", "  deploy-prod:", "    runs-on: ubuntu-latest"];
  test.each([
    [
      "a job needs a job that does not exist",
      [...brokenJobs, "    needs: deploy-dve", "    steps:", "      - run: pulumi up"],
      {
        line: 3,
        column: 3,
        message: 'job "deploy-prod" needs job "deploy-dve" which does not exist in this workflow',
        kind: "job-needs",
      },
    ],
    [
      "a permission has a misspelt value",
      [...brokenJobs, "    permissions:", "      id-token: wirte", "    steps:", "      - run: pulumi up"],
      {
        line: 6,
        column: 17,
        message:
          '"wirte" is invalid for permission of scope "id-token". available values are "read", "write" or "none"',
        kind: "permissions",
      },
    ],
  ])("fails when %s", async (_case, lines, finding) => {
    expect(await lintWorkflow(lines.join("\n"), "broken.yml")).toEqual([{ file: "broken.yml", ...finding }]);
  });
});

describe("credentials", () => {
  test.each(workflows.map((workflow) => [workflow.file, workflow] as const))(
    "%s names no stored AWS key",
    (_file, workflow) => {
      expect(storedAwsKeyReferences(workflow.document)).toEqual([]);
    },
  );

  test("fails when a step passes stored AWS keys", () => {
    const leaky: unknown = parse(
      [
        "on: push",
        "jobs:",
        "  up:",
        "    permissions: {}",
        "    steps:",
        `      - uses: ${AWS_CREDENTIALS_ACTION}@v1`,
        "        with:",
        "          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}",
      ].join("\n"),
    );
    expect(storedAwsKeyReferences(leaky)).toEqual([
      ".jobs.up.steps[0].with.aws-access-key-id (key)",
      ".jobs.up.steps[0].with.aws-access-key-id (value)",
    ]);
  });

  test.each([
    ["pull-request.yml", "test", { contents: "read" }],
    ["pull-request.yml", "preview", { contents: "read", "id-token": "write", "pull-requests": "write" }],
    ["deploy.yml", "test", { contents: "read" }],
    ["deploy.yml", "deploy-dev", { contents: "read", "id-token": "write" }],
    ["deploy.yml", "deploy-prod", { contents: "read", "id-token": "write" }],
  ])("%s job %s has exactly the permissions it needs", (file, id, permissions) => {
    expect(jobNamed(workflowNamed(workflows, file), id).permissions).toEqual(permissions);
  });

  test.each(workflows.map((workflow) => [workflow.file, workflow] as const))(
    "%s grants nothing at the workflow level",
    (_file, workflow) => {
      expect(workflow.document.permissions).toEqual({});
    },
  );

  test.each(allJobs.map(({ workflow, job }) => [workflow.file, job.id, job] as const))(
    "%s job %s asks for an OIDC token exactly when it reaches AWS",
    (_file, _id, job) => {
      expect(job.permissions["id-token"]).toEqual(reachesAws(job) ? "write" : undefined);
    },
  );

  test.each(allJobs.map(({ workflow, job }) => [workflow.file, job.id, job] as const))(
    "%s job %s may write to pull requests only when it comments on one",
    (_file, _id, job) => {
      const comments = job.steps.some((step) => step.with["comment-on-pr"] === true);
      expect(job.permissions["pull-requests"]).toEqual(comments ? "write" : undefined);
    },
  );

  test.each(pulumiJobs.map(({ workflow, job }) => [workflow.file, job.id, job] as const))(
    "%s job %s installs every dependency before AWS credentials exist, and runs Pulumi after",
    (_file, _id, job) => {
      const credentials = stepIndex(job, (step) => actionOf(step) === AWS_CREDENTIALS_ACTION);
      const lastInstall = job.steps.map((step) => step.run?.startsWith("npm ") === true).lastIndexOf(true);
      const pulumi = stepIndex(job, (step) => actionOf(step) === PULUMI_ACTION);
      expect({ installsFirst: lastInstall < credentials, pulumiLast: credentials < pulumi }).toEqual({
        installsFirst: true,
        pulumiLast: true,
      });
    },
  );

  test.each([
    ["deploy.yml", "deploy-dev", "${{ secrets.AWS_DEPLOY_ROLE_ARN_DEV }}"],
    ["deploy.yml", "deploy-prod", "${{ secrets.AWS_DEPLOY_ROLE_ARN_PROD }}"],
    ["pull-request.yml", "preview", "${{ secrets[matrix.role-secret] }}"],
  ])("%s job %s assumes its own role", (file, id, role) => {
    const job = jobNamed(workflowNamed(workflows, file), id);
    const credentials = job.steps.find((step) => actionOf(step) === AWS_CREDENTIALS_ACTION);
    expect(credentials?.with["role-to-assume"]).toEqual(role);
  });
});

describe("stacks and ordering", () => {
  test("the repository defines the stacks dev and prod", () => {
    expect(stacks).toEqual(["dev", "prod"]);
  });

  test("the preview matrix covers every stack, each in its stack's region with its own role secret", () => {
    expect(matrixInclude(jobNamed(pullRequest, "preview"))).toEqual(
      stacks.map((stack) => ({
        stack,
        region: stackRegion(stack),
        "role-secret": `AWS_PREVIEW_ROLE_ARN_${stack.toUpperCase()}`,
      })),
    );
  });

  test.each(stacks)("the %s deploy job runs in the stack's region", (stack) => {
    const job = jobNamed(deploy, `deploy-${stack}`);
    const credentials = job.steps.find((step) => actionOf(step) === AWS_CREDENTIALS_ACTION);
    expect(credentials?.with["aws-region"]).toEqual(stackRegion(stack));
  });

  test.each([
    ["deploy.yml", "test", [], undefined],
    ["deploy.yml", "deploy-dev", ["test"], undefined],
    ["deploy.yml", "deploy-prod", ["deploy-dev"], "prod"],
    ["pull-request.yml", "test", [], undefined],
    ["pull-request.yml", "preview", ["test"], undefined],
  ])("%s job %s needs %j and runs in environment %s", (file, id, needs, environment) => {
    const job = jobNamed(workflowNamed(workflows, file), id);
    expect({ needs: job.needs, environment: job.environment }).toEqual({ needs, environment });
  });

  test("deploys run on pushes to main and by hand, and only from main", () => {
    expect(deploy.on).toEqual({ push: { branches: ["main"] }, workflow_dispatch: null });
    expect(deploy.jobs.filter((job) => job.id !== "test").map((job) => job.if)).toEqual(
      stacks.map(() => "github.ref == 'refs/heads/main'"),
    );
  });

  test("previews run for pull requests to main, and only from branches of this repository", () => {
    expect(pullRequest.on).toEqual({ pull_request: { branches: ["main"] } });
    expect(jobNamed(pullRequest, "preview").if).toEqual(
      "github.event.pull_request.head.repo.full_name == github.repository",
    );
  });

  test.each([
    ["deploy.yml", "deploy-dev", { group: "pulumi-dev", "cancel-in-progress": false }],
    ["deploy.yml", "deploy-prod", { group: "pulumi-prod", "cancel-in-progress": false }],
    [
      "pull-request.yml",
      "preview",
      {
        group: "pulumi-preview-${{ matrix.stack }}-pr-${{ github.event.pull_request.number }}",
        "cancel-in-progress": true,
      },
    ],
  ])("%s job %s has its concurrency group per stack", (file, id, concurrency) => {
    expect(jobNamed(workflowNamed(workflows, file), id).concurrency).toEqual(concurrency);
  });

  test("every job that runs `pulumi up` is in its stack's concurrency group", () => {
    const ups = allJobs.filter(({ job }) =>
      job.steps.some((step) => actionOf(step) === PULUMI_ACTION && step.with.command === "up"),
    );
    expect(
      ups.map(({ job }) => {
        const stack = job.steps.find((step) => actionOf(step) === PULUMI_ACTION)?.with["stack-name"];
        return isRecord(job.concurrency) && job.concurrency.group === `pulumi-${String(stack)}`;
      }),
    ).toEqual(stacks.map(() => true));
  });
});

describe("Pulumi steps", () => {
  const lockedPolicyPack = existsSync(join(REPO_ROOT, "policy", "package-lock.json"));
  const policyInstall = `npm ${lockedPolicyPack ? "ci" : "install"} --no-audit --no-fund --prefix policy`;
  const sdkVersion: unknown = (
    JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
      dependencies: Record<string, unknown>;
    }
  ).dependencies["@pulumi/pulumi"];

  test("every Pulumi command the workflows run is listed here", () => {
    expect(
      pulumiJobs.map(({ workflow, job }) => [
        workflow.file,
        job.id,
        job.steps.find((step) => actionOf(step) === PULUMI_ACTION)?.with.command,
      ]),
    ).toEqual([
      ["deploy.yml", "deploy-dev", "up"],
      ["deploy.yml", "deploy-prod", "up"],
      ["pull-request.yml", "preview", "preview"],
    ]);
  });

  test.each(pulumiJobs.map(({ workflow, job }) => [workflow.file, job.id, job] as const))(
    "%s job %s runs the policy pack with the CLI matching the SDK",
    (_file, _id, job) => {
      const pulumi = job.steps.filter((step) => actionOf(step) === PULUMI_ACTION);
      expect(pulumi.map((step) => [step.with.policyPacks, step.with["pulumi-version"]])).toEqual([
        ["policy", sdkVersion],
      ]);
    },
  );

  test.each(pulumiJobs.map(({ workflow, job }) => [workflow.file, job.id, job] as const))(
    "%s job %s installs the policy pack the way its lock file allows",
    (_file, _id, job) => {
      expect(
        job.steps.filter((step) => step.run?.includes("--prefix policy")).map((step) => step.run),
      ).toEqual([policyInstall]);
    },
  );

  test.each(workflows.map((workflow) => [workflow.file, workflow] as const))(
    "%s runs no `pulumi` command line without the policy pack",
    (_file, workflow: Workflow) => {
      const commands = workflow.jobs
        .flatMap((job) => job.steps.map((step) => step.run ?? ""))
        .flatMap((script) => script.split("\n"))
        .filter((line) => /\bpulumi\s+(preview|up|update|refresh|destroy)\b/.test(line));
      expect(commands.filter((line) => !line.includes("--policy-pack policy"))).toEqual([]);
    },
  );

  test.each(pulumiJobs.map(({ workflow, job }) => [workflow.file, job.id, job] as const))(
    "%s job %s takes the backend from secrets",
    (_file, _id, job) => {
      const pulumi = job.steps.find((step) => actionOf(step) === PULUMI_ACTION);
      expect({ cloudUrl: pulumi?.with["cloud-url"], env: pulumi?.env }).toEqual({
        cloudUrl: "${{ secrets.PULUMI_BACKEND_URL }}",
        env: {
          PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}",
          PULUMI_CONFIG_PASSPHRASE: "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}",
        },
      });
    },
  );
});

describe("action pins", () => {
  const usesLines = workflows.flatMap((workflow) =>
    workflow.source
      .split("\n")
      .filter((line) => /^\s*(- )?uses:/.test(line))
      .map((line) => [workflow.file, line.trim().replace(/^- /, "")] as const),
  );

  test.each(usesLines)("%s pins `%s` to a full commit SHA with its release tag", (_file, line) => {
    expect(line).toMatch(/^uses: [\w-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  test("each action is pinned to one commit everywhere", () => {
    const pins = new Map<string, Set<string>>();
    for (const [, line] of usesLines) {
      const [action = "", ref = ""] = line.replace(/^uses: /, "").split("@");
      pins.set(action, (pins.get(action) ?? new Set()).add(ref));
    }
    expect([...pins].map(([action, refs]) => [action, refs.size])).toEqual([
      ["actions/checkout", 1],
      ["actions/setup-node", 1],
      [AWS_CREDENTIALS_ACTION, 1],
      [PULUMI_ACTION, 1],
    ]);
  });
});
