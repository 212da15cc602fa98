import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { rolloutMinutes, type RolloutType } from "../../components/rollout";
import { cachedSynthesis } from "../../local/capture/synth-cache";
import {
  actionOf,
  AWS_CREDENTIALS_ACTION,
  isRecord,
  type Job,
  jobNamed,
  PULUMI_ACTION,
  readWorkflows,
  REPO_ROOT,
  workflowNamed,
} from "./workflow-files";

/*
 * A prod deploy during a canary: `pulumi up` waits while CloudFormation shifts executions to the new version.
 * The deploy job, and the credentials CloudFormation shifts with, must outlast the longest shift the stack's
 * settings allow, and a rolled-back shift must be reported as such.
 */

/**
 * What a deploy job takes besides the shift, as dev's job (whose alias moves at once) was given: installing, the
 * policy pack, the other resources, and the 30 minutes beyond the shift that Pulumi waits for the live alias's
 * stack before it gives up cleanly (components/live-alias.ts).
 */
const DEPLOY_MINUTES = 60;

/**
 * The alias handler looks at a gradual deployment once a minute (`GRADUAL_DEPLOYMENT_HANDLER_DELAY_SECONDS`, 60),
 * so each increment after the first may come up to a minute after its interval.
 * @see https://github.com/aws-cloudformation/aws-cloudformation-resource-providers-stepfunctions/blob/main/statemachinealias/src/main/java/com/amazonaws/stepfunctions/cloudformation/statemachinealias/Constants.java
 */
const CHECK_MINUTES = 1;

/**
 * A job on a GitHub-hosted runner is stopped after 6 hours.
 * @see https://docs.github.com/en/actions/reference/limits
 */
const HOSTED_JOB_MINUTES = 360;

/**
 * configure-aws-credentials asks for a 1-hour session unless `role-duration-seconds` says otherwise.
 * @see https://github.com/aws-actions/configure-aws-credentials#session-duration
 */
const DEFAULT_SESSION_SECONDS = 3600;

interface RolloutSettings {
  readonly type: RolloutType;
  readonly percentage?: number;
  readonly intervalMinutes?: number;
  /** `liveVersion` set: the alias is pinned at once, nothing shifts. */
  readonly pinned: boolean;
}

/** A stack file's rollout settings; "" is unset, as the program reads them (stacks/rollout-settings.ts). */
function rolloutSettings(stack: string): RolloutSettings {
  const file: unknown = parse(readFileSync(join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8"));
  const config = isRecord(file) && isRecord(file.config) ? file.config : {};
  const value = (key: string): string => {
    const raw = config[`order-workflow:${key}`];
    return typeof raw === "string" || typeof raw === "number" ? String(raw) : "";
  };
  const number = (key: string): number | undefined => (value(key) === "" ? undefined : Number(value(key)));
  const type = value("rolloutType");
  if (type !== "ALL_AT_ONCE" && type !== "CANARY" && type !== "LINEAR") {
    throw new Error(`Pulumi.${stack}.yaml: order-workflow:rolloutType ${JSON.stringify(type)}`);
  }
  return {
    type,
    percentage: number("rolloutPercentage"),
    intervalMinutes: number("rolloutIntervalMinutes"),
    pinned: value("liveVersion") !== "",
  };
}

/**
 * The longest CloudFormation takes to move every execution to a new version: CANARY moves its share at once and
 * the rest one interval later; LINEAR moves a share at once and one more every interval, ceil(100 / percentage)
 * increments in all (the handler's ResourceModelUtils). Each wait may end up to a minute late.
 * @see https://github.com/aws-cloudformation/aws-cloudformation-resource-providers-stepfunctions/blob/main/statemachinealias/src/main/java/com/amazonaws/stepfunctions/cloudformation/statemachinealias/ResourceModelUtils.java
 */
function shiftBoundMinutes(rollout: RolloutSettings): number {
  if (rollout.pinned || rollout.type === "ALL_AT_ONCE") return 0;
  const interval = rollout.intervalMinutes ?? Number.NaN;
  const waits = rollout.type === "CANARY" ? 1 : Math.ceil(100 / (rollout.percentage ?? Number.NaN)) - 1;
  return waits * (interval + CHECK_MINUTES);
}

function credentialsStep(job: Job): Job["steps"][number] | undefined {
  return job.steps.find((step) => actionOf(step) === AWS_CREDENTIALS_ACTION);
}

/** Why a deploy job could be stopped, or its credentials expire, before the stack's longest shift ends. */
function timeoutProblems(job: Job, stack: string, rollout: RolloutSettings): string[] {
  const shift = shiftBoundMinutes(rollout);
  const needed = DEPLOY_MINUTES + shift;
  const why = `${DEPLOY_MINUTES} for the deploy and ${shift} for the longest shift Pulumi.${stack}.yaml allows`;
  if (needed > HOSTED_JOB_MINUTES) {
    return [
      `${job.id}: the deploy needs ${needed} minutes (${why}), more than a GitHub-hosted job may run (${HOSTED_JOB_MINUTES}).`,
    ];
  }
  const timeout = job.timeoutMinutes;
  if (typeof timeout !== "number")
    return [`${job.id}: timeout-minutes ${JSON.stringify(timeout)} is not a number.`];
  const problems: string[] = [];
  if (timeout < needed)
    problems.push(`${job.id}: timeout-minutes ${timeout} is less than ${needed} (${why}).`);
  const session = credentialsStep(job)?.with["role-duration-seconds"] ?? DEFAULT_SESSION_SECONDS;
  if (typeof session !== "number" || session < timeout * 60) {
    problems.push(
      `${job.id}: role-duration-seconds ${JSON.stringify(session)} ends before the job may (${timeout * 60} seconds): CloudFormation shifts with a session made from these credentials.`,
    );
  }
  return problems;
}

const deploy = workflowNamed(readWorkflows(), "deploy.yml");
const STACKS = ["dev", "prod"] as const;

describe("a deploy outlasts the shift its stack's settings allow", () => {
  test.each(STACKS)("the bound for %s covers the program's own estimate of the shift", (stack) => {
    const rollout = rolloutSettings(stack);
    const program = rollout.pinned ? 0 : rolloutMinutes(rollout);
    expect(shiftBoundMinutes(rollout)).toBeGreaterThanOrEqual(program);
  });

  test("prod shifts by canary, 10 percent for 15 minutes: at most 16 minutes", () => {
    const rollout = rolloutSettings("prod");
    expect({ rollout, bound: shiftBoundMinutes(rollout) }).toEqual({
      rollout: { type: "CANARY", percentage: 10, intervalMinutes: 15, pinned: false },
      bound: 16,
    });
  });

  test.each(STACKS)("deploy-%s runs, with credentials, for as long as its deploy may take", (stack) => {
    expect(timeoutProblems(jobNamed(deploy, `deploy-${stack}`), stack, rolloutSettings(stack))).toEqual([]);
  });

  test("the guide creates the prod deploy role with a session as long as the prod job asks for", () => {
    const guide = readFileSync(join(REPO_ROOT, "docs", "deploying-from-github.md"), "utf8");
    const created =
      /aws iam create-role --role-name github-order-workflow-deploy-prod --max-session-duration (\d+)/.exec(
        guide,
      );
    const asked = credentialsStep(jobNamed(deploy, "deploy-prod"))?.with["role-duration-seconds"];
    expect(typeof asked).toBe("number");
    expect(Number(created?.[1])).toBeGreaterThanOrEqual(Number(asked));
  });

  describe("fails when", () => {
    const prod = jobNamed(deploy, "deploy-prod");
    const canary = rolloutSettings("prod");

    test("the job would be stopped before the shift ends", () => {
      expect(timeoutProblems({ ...prod, timeoutMinutes: 60 }, "prod", canary)).toEqual([
        "deploy-prod: timeout-minutes 60 is less than 76 (60 for the deploy and 16 for the longest shift Pulumi.prod.yaml allows).",
      ]);
    });

    test("the credentials end before the job may", () => {
      const steps = prod.steps.map((step) =>
        actionOf(step) === AWS_CREDENTIALS_ACTION
          ? { ...step, with: { ...step.with, "role-duration-seconds": undefined } }
          : step,
      );
      expect(timeoutProblems({ ...prod, steps }, "prod", canary)).toEqual([
        "deploy-prod: role-duration-seconds 3600 ends before the job may (5400 seconds): CloudFormation shifts with a session made from these credentials.",
      ]);
    });

    test("a linear rollout would take longer than a GitHub-hosted job may run", () => {
      const slow: RolloutSettings = { type: "LINEAR", percentage: 10, intervalMinutes: 60, pinned: false };
      expect(timeoutProblems(prod, "prod", slow)).toEqual([
        "deploy-prod: the deploy needs 609 minutes (60 for the deploy and 549 for the longest shift Pulumi.prod.yaml allows), more than a GitHub-hosted job may run (360).",
      ]);
    });
  });
});

describe("a rolled-back shift is reported", () => {
  test.each(STACKS)(
    "deploy-%s reports the live alias's stack, by its name, when the up fails",
    async (stack) => {
      const job = jobNamed(deploy, `deploy-${stack}`);
      const up = job.steps.findIndex((step) => actionOf(step) === PULUMI_ACTION);
      const report = job.steps[up + 1];
      const { resources } = await cachedSynthesis(stack);
      const aliasStacks = resources
        .filter((resource) => resource.type === "aws:cloudformation/stack:Stack")
        .map((resource) => resource.inputs.name);
      expect({
        upId: job.steps[up]?.id,
        if: report?.if,
        stack: report?.env.ALIAS_STACK,
        events: report?.run?.includes('aws cloudformation describe-stack-events --stack-name "$ALIAS_STACK"'),
        rolledBack: report?.run?.includes("UPDATE_ROLLBACK_COMPLETE)"),
      }).toEqual({
        upId: "up",
        if: "failure() && steps.up.outcome == 'failure'",
        stack: aliasStacks[0],
        events: true,
        rolledBack: true,
      });
      expect(aliasStacks).toEqual([`order-workflow-${stack}-live-alias`]);
    },
    120_000,
  );
});
