import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export const REPO_ROOT = join(__dirname, "..", "..");
export const WORKFLOWS_DIR = join(REPO_ROOT, ".github", "workflows");

export interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with: Readonly<Record<string, unknown>>;
  readonly env: Readonly<Record<string, unknown>>;
}

export interface Job {
  readonly id: string;
  readonly needs: readonly string[];
  readonly if?: string;
  readonly environment?: unknown;
  readonly permissions: Readonly<Record<string, unknown>>;
  readonly concurrency?: unknown;
  readonly strategy?: unknown;
  /** `timeout-minutes`, as written. */
  readonly timeoutMinutes?: unknown;
  readonly steps: readonly Step[];
}

export interface Workflow {
  readonly file: string;
  readonly source: string;
  /** The whole parsed document, for checks that must see every key and value. */
  readonly document: Readonly<Record<string, unknown>>;
  readonly on: Readonly<Record<string, unknown>>;
  readonly jobs: readonly Job[];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (!isRecord(value)) {
    throw new Error(`${where} should be a mapping, got ${JSON.stringify(value)}`);
  }
  return value;
}

function optionalString(value: unknown, where: string): string | undefined {
  if (value === undefined || typeof value === "string") {
    return value;
  }
  throw new Error(`${where} should be a string, got ${JSON.stringify(value)}`);
}

function parseStep(value: unknown, where: string): Step {
  const step = record(value, where);
  return {
    id: optionalString(step.id, `${where}.id`),
    name: optionalString(step.name, `${where}.name`),
    if: optionalString(step.if, `${where}.if`),
    uses: optionalString(step.uses, `${where}.uses`),
    run: optionalString(step.run, `${where}.run`),
    with: step.with === undefined ? {} : record(step.with, `${where}.with`),
    env: step.env === undefined ? {} : record(step.env, `${where}.env`),
  };
}

function parseNeeds(value: unknown, where: string): string[] {
  if (value === undefined) {
    return [];
  }
  const needs = Array.isArray(value) ? value : [value];
  return needs.map((need, index) => {
    if (typeof need !== "string") {
      throw new Error(`${where}[${index}] should be a job id, got ${JSON.stringify(need)}`);
    }
    return need;
  });
}

function parseJob(id: string, value: unknown, where: string): Job {
  const job = record(value, where);
  const steps = job.steps;
  if (!Array.isArray(steps)) {
    throw new Error(`${where}.steps should be a list, got ${JSON.stringify(steps)}`);
  }
  return {
    id,
    needs: parseNeeds(job.needs, `${where}.needs`),
    if: optionalString(job.if, `${where}.if`),
    environment: job.environment,
    permissions: record(job.permissions, `${where}.permissions`),
    concurrency: job.concurrency,
    strategy: job.strategy,
    timeoutMinutes: job["timeout-minutes"],
    steps: steps.map((step, index) => parseStep(step, `${where}.steps[${index}]`)),
  };
}

export function parseWorkflow(file: string, source: string): Workflow {
  const document = record(parse(source), file);
  const jobs = record(document.jobs, `${file}: jobs`);
  return {
    file,
    source,
    document,
    on: record(document.on, `${file}: on`),
    jobs: Object.entries(jobs).map(([id, job]) => parseJob(id, job, `${file}: jobs.${id}`)),
  };
}

/** Every workflow in `.github/workflows/`, parsed; a new workflow file is checked without touching the tests. */
export function readWorkflows(): Workflow[] {
  return readdirSync(WORKFLOWS_DIR)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()
    .map((file) => parseWorkflow(file, readFileSync(join(WORKFLOWS_DIR, file), "utf8")));
}

export function workflowNamed(workflows: readonly Workflow[], file: string): Workflow {
  const workflow = workflows.find((candidate) => candidate.file === file);
  if (workflow === undefined) {
    throw new Error(`no workflow ${file} in .github/workflows/`);
  }
  return workflow;
}

export function jobNamed(workflow: Workflow, id: string): Job {
  const job = workflow.jobs.find((candidate) => candidate.id === id);
  if (job === undefined) {
    throw new Error(`${workflow.file} has no job ${id}`);
  }
  return job;
}

/** The action a step uses, without its ref: `pulumi/actions@<sha>` is `pulumi/actions`. */
export function actionOf(step: Step): string | undefined {
  return step.uses?.split("@")[0];
}

export const AWS_CREDENTIALS_ACTION = "aws-actions/configure-aws-credentials";
export const PULUMI_ACTION = "pulumi/actions";

export function reachesAws(job: Job): boolean {
  return job.steps.some((step) => actionOf(step) === AWS_CREDENTIALS_ACTION);
}
