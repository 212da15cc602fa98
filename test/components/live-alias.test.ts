import * as aws from "../../components/aws";
import { LiveAlias, type LiveAliasArgs } from "../../components/live-alias";
import { rolloutMinutes } from "../../components/rollout";
import { settle } from "../../local/capture/synth";
import { thrownBy } from "../program/thrown";
import { ACCOUNT, parsed, plainError, recorderPerTest, REGION } from "./registrations";

const STACK = "aws:cloudformation/stack:Stack";
const STATE_MACHINE_ARN = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:orders`;
const VALID: LiveAliasArgs = {
  stateMachineArn: STATE_MACHINE_ARN,
  stateMachineVersionArn: `${STATE_MACHINE_ARN}:7`,
};

const recorder = recorderPerTest();
const error = plainError;

function alarm(name: string): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm(name, {
    name,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    evaluationPeriods: 1,
  });
}

function preferenceOf(name: string): unknown {
  const template = parsed(recorder().inputs(STACK, name).templateBody) as {
    Resources: { LiveAlias: { Properties: { DeploymentPreference: unknown } } };
  };
  return template.Resources.LiveAlias.Properties.DeploymentPreference;
}

describe("LiveAlias", () => {
  test("a LINEAR rollout names its alarms, waits for them, and outputs the alias ARN", async () => {
    const gate = alarm("gate");
    const alias = new LiveAlias("la", {
      ...VALID,
      rolloutType: "LINEAR",
      rolloutPercentage: 25,
      rolloutIntervalMinutes: 30,
      alarms: [gate],
    });
    expect(await settle(alias.aliasArn)).toBe(`${STATE_MACHINE_ARN}:live`);
    await recorder().settled();
    expect(preferenceOf("la")).toEqual({
      StateMachineVersionArn: `${STATE_MACHINE_ARN}:7`,
      Type: "LINEAR",
      Percentage: 25,
      Interval: 30,
      Alarms: ["gate"],
    });
    expect(recorder().dependencies(STACK, "la")).toContain("aws:cloudwatch/metricAlarm:MetricAlarm gate");
  });

  test.each<[string, LiveAliasArgs, string]>([
    [
      "fails when a CANARY rollout has no alarms to roll it back",
      { ...VALID, rolloutType: "CANARY", rolloutPercentage: 10, rolloutIntervalMinutes: 10 },
      "`rolloutType` CANARY needs at least one of `alarms`, received none: the alarms are what stop a bad version and move its executions back, and without them a gradual rollout only delays a bad version reaching every order.",
    ],
    [
      "fails when ALL_AT_ONCE is given an interval",
      { ...VALID, rolloutIntervalMinutes: 10 },
      '`rolloutIntervalMinutes` must be left unset ("") when `rolloutType` is ALL_AT_ONCE, which moves every execution to the new version at once. Received: 10.',
    ],
    [
      "fails when the percentage is 100",
      { ...VALID, rolloutType: "LINEAR", rolloutPercentage: 100, rolloutIntervalMinutes: 10 },
      "`rolloutPercentage` must be a whole number from 1 to 99. Received: 100.",
    ],
    [
      "fails when the pinned version is 0",
      { ...VALID, liveVersion: 0 },
      "`liveVersion` must be the number of a published version, a whole number of at least 1, or unset to move the alias to the version each deploy publishes. Received: 0.",
    ],
    [
      "fails when the state machine ARN is a version",
      { ...VALID, stateMachineArn: `${STATE_MACHINE_ARN}:7` },
      '`stateMachineArn` must be an ARN of the form arn:<partition>:states:<region>:<account>:stateMachine:<name>. Received: "arn:aws:states:us-east-1:123456789012:st…".',
    ],
  ])("%s", (_name, args, message) => {
    expect(thrownBy(() => new LiveAlias("la", args))).toEqual(error(message));
  });
});

describe("rolloutMinutes: how long CloudFormation shifts, which the stack's wait covers", () => {
  test.each<[string, Parameters<typeof rolloutMinutes>[0], number]>([
    ["ALL_AT_ONCE", { type: "ALL_AT_ONCE" }, 0],
    ["CANARY waits one interval", { type: "CANARY", percentage: 10, intervalMinutes: 15 }, 15],
    [
      "LINEAR 20% every 600 minutes waits four",
      { type: "LINEAR", percentage: 20, intervalMinutes: 600 },
      2400,
    ],
    ["LINEAR 30% waits three (30, 60, 90, 100)", { type: "LINEAR", percentage: 30, intervalMinutes: 10 }, 30],
    [
      "the longest: LINEAR 1% every 2100 minutes",
      { type: "LINEAR", percentage: 1, intervalMinutes: 2100 },
      207_900,
    ],
  ])("%s", (_name, rollout, minutes) => {
    expect(rolloutMinutes(rollout)).toBe(minutes);
  });
});
