import { parseStackSettings, StackSettingsError } from "../../stacks/settings";
import { thrownBy } from "../program/thrown";

const PROJECT = "order-workflow";
/** Alarms on, with the key and the subscriber they need, so that a gradual rollout is allowed. */
const ALARMS_ON = {
  alarmsEnabled: "true",
  kmsKey: "customer-managed",
  alarmSubscribers: '["email:oncall@example.com"]',
} as const;

function workflowOf(raw: Record<string, string>) {
  return parseStackSettings(PROJECT, "dev", raw).workflow;
}

function rolloutOf(raw: Record<string, string>) {
  const { rolloutType, rolloutPercentage, rolloutIntervalMinutes, liveVersion } = workflowOf(raw);
  return { rolloutType, rolloutPercentage, rolloutIntervalMinutes, liveVersion };
}

function settingsError(problems: readonly string[]) {
  return {
    type: StackSettingsError,
    name: "StackSettingsError",
    message: `Stack \`dev\` has invalid settings:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`,
  };
}

const NOT_ONE_OF = (received: string) =>
  `\`order-workflow:rolloutType\` must be one of ALL_AT_ONCE, CANARY, LINEAR. Received: ${received}.`;
const PERCENTAGE_RANGE = (received: string) =>
  `\`order-workflow:rolloutPercentage\` must be a whole number from 1 to 99. Received: ${received}.`;
const INTERVAL_RANGE = (received: string) =>
  `\`order-workflow:rolloutIntervalMinutes\` must be a whole number from 1 to 2100. Received: ${received}.`;
const LIVE_VERSION = (received: string) =>
  `\`order-workflow:liveVersion\` must be the number of a published version, a whole number of at least 1, or unset to move the alias to the version each deploy publishes. Received: ${received}.`;
const REFUSED = (key: string, received: string) =>
  `\`order-workflow:${key}\` must be left unset ("") when \`order-workflow:rolloutType\` is ALL_AT_ONCE, which moves every execution to the new version at once. Received: ${received}.`;
const PERCENTAGE_REQUIRED = (type: string) =>
  `\`order-workflow:rolloutPercentage\` must be set, a whole number from 1 to 99, when \`order-workflow:rolloutType\` is ${type}: it is the share of executions each increment moves to the new version.`;
const INTERVAL_REQUIRED = (type: string) =>
  `\`order-workflow:rolloutIntervalMinutes\` must be set, a whole number from 1 to 2100, when \`order-workflow:rolloutType\` is ${type}: it is how long each increment is watched by the alarms before the next.`;
const WITHOUT_ALARMS = (type: string) =>
  `\`order-workflow:rolloutType\` ${type} needs \`order-workflow:alarmsEnabled\` true, received false: the alarms are what stop a bad version and move its executions back, and without them a gradual rollout only delays a bad version reaching every order.`;

describe("rollout settings", () => {
  test("default to ALL_AT_ONCE, with no percentage, interval or pinned version", () => {
    expect(rolloutOf({})).toEqual({
      rolloutType: "ALL_AT_ONCE",
      rolloutPercentage: undefined,
      rolloutIntervalMinutes: undefined,
      liveVersion: undefined,
    });
  });

  test.each<[string, Record<string, string>, Record<string, unknown>]>([
    [
      "ALL_AT_ONCE with every other key empty",
      { rolloutType: "ALL_AT_ONCE", rolloutPercentage: "", rolloutIntervalMinutes: "", liveVersion: "" },
      { rolloutType: "ALL_AT_ONCE" },
    ],
    [
      "CANARY at the lower limits",
      { ...ALARMS_ON, rolloutType: "CANARY", rolloutPercentage: "1", rolloutIntervalMinutes: "1" },
      { rolloutType: "CANARY", rolloutPercentage: 1, rolloutIntervalMinutes: 1 },
    ],
    [
      "LINEAR at the upper limits",
      { ...ALARMS_ON, rolloutType: "LINEAR", rolloutPercentage: "99", rolloutIntervalMinutes: "2100" },
      { rolloutType: "LINEAR", rolloutPercentage: 99, rolloutIntervalMinutes: 2100 },
    ],
    [
      "a pinned version, without alarms",
      { liveVersion: "3" },
      { rolloutType: "ALL_AT_ONCE", liveVersion: 3 },
    ],
    [
      "a pinned version beside a CANARY rollout, which it overrides",
      {
        ...ALARMS_ON,
        rolloutType: "CANARY",
        rolloutPercentage: "10",
        rolloutIntervalMinutes: "15",
        liveVersion: "12",
      },
      { rolloutType: "CANARY", rolloutPercentage: 10, rolloutIntervalMinutes: 15, liveVersion: 12 },
    ],
  ])("parse %s", (_name, raw, expected) => {
    expect(rolloutOf(raw)).toEqual({
      rolloutPercentage: undefined,
      rolloutIntervalMinutes: undefined,
      liveVersion: undefined,
      ...expected,
    });
  });

  test.each<[string, Record<string, string>, string[]]>([
    [
      "fails when rolloutType is not a type CloudFormation knows",
      { rolloutType: "BLUE_GREEN" },
      [NOT_ONE_OF('"BLUE_GREEN"')],
    ],
    ["fails when rolloutType is in lowercase", { rolloutType: "canary" }, [NOT_ONE_OF('"canary"')]],
    [
      "fails when rolloutPercentage is 0",
      { ...ALARMS_ON, rolloutType: "CANARY", rolloutPercentage: "0", rolloutIntervalMinutes: "10" },
      [PERCENTAGE_RANGE("0")],
    ],
    [
      "fails when rolloutPercentage is 100, which is ALL_AT_ONCE",
      { ...ALARMS_ON, rolloutType: "CANARY", rolloutPercentage: "100", rolloutIntervalMinutes: "10" },
      [PERCENTAGE_RANGE("100")],
    ],
    [
      "fails when rolloutPercentage is a fraction",
      { ...ALARMS_ON, rolloutType: "LINEAR", rolloutPercentage: "12.5", rolloutIntervalMinutes: "10" },
      [PERCENTAGE_RANGE("12.5")],
    ],
    [
      "fails when rolloutPercentage is not a number",
      { ...ALARMS_ON, rolloutType: "LINEAR", rolloutPercentage: "ten", rolloutIntervalMinutes: "10" },
      [PERCENTAGE_RANGE('"ten"')],
    ],
    [
      "fails when rolloutIntervalMinutes is 0",
      { ...ALARMS_ON, rolloutType: "CANARY", rolloutPercentage: "10", rolloutIntervalMinutes: "0" },
      [INTERVAL_RANGE("0")],
    ],
    [
      "fails when rolloutIntervalMinutes is above 2100",
      { ...ALARMS_ON, rolloutType: "CANARY", rolloutPercentage: "10", rolloutIntervalMinutes: "2101" },
      [INTERVAL_RANGE("2101")],
    ],
    [
      "fails when rolloutIntervalMinutes is negative",
      { ...ALARMS_ON, rolloutType: "LINEAR", rolloutPercentage: "10", rolloutIntervalMinutes: "-5" },
      [INTERVAL_RANGE("-5")],
    ],
    ["fails when liveVersion is 0", { liveVersion: "0" }, [LIVE_VERSION("0")]],
    ["fails when liveVersion is a fraction", { liveVersion: "2.5" }, [LIVE_VERSION("2.5")]],
    [
      "fails when liveVersion is a version ARN",
      { liveVersion: "arn:aws:states:us-east-1:123456789012:stateMachine:x:3" },
      [LIVE_VERSION('"arn:aws:states:us-east-1:123456789012:st…"')],
    ],
    ["fails when liveVersion is an alias name", { liveVersion: "live" }, [LIVE_VERSION('"live"')]],
    [
      "fails when ALL_AT_ONCE is given a percentage and an interval",
      { rolloutType: "ALL_AT_ONCE", rolloutPercentage: "10", rolloutIntervalMinutes: "15" },
      [REFUSED("rolloutPercentage", "10"), REFUSED("rolloutIntervalMinutes", "15")],
    ],
    [
      "fails when CANARY has no percentage",
      { ...ALARMS_ON, rolloutType: "CANARY", rolloutIntervalMinutes: "15" },
      [PERCENTAGE_REQUIRED("CANARY")],
    ],
    [
      "fails when LINEAR has neither a percentage nor an interval",
      { ...ALARMS_ON, rolloutType: "LINEAR", rolloutPercentage: "", rolloutIntervalMinutes: "" },
      [PERCENTAGE_REQUIRED("LINEAR"), INTERVAL_REQUIRED("LINEAR")],
    ],
    [
      "fails when CANARY has no alarms to roll it back",
      { rolloutType: "CANARY", rolloutPercentage: "10", rolloutIntervalMinutes: "15" },
      [WITHOUT_ALARMS("CANARY")],
    ],
    [
      "fails when LINEAR has alarms off explicitly",
      {
        rolloutType: "LINEAR",
        rolloutPercentage: "10",
        rolloutIntervalMinutes: "15",
        alarmsEnabled: "false",
      },
      [WITHOUT_ALARMS("LINEAR")],
    ],
    [
      "fails with every problem at once when LINEAR has no interval and no alarms",
      { rolloutType: "LINEAR", rolloutPercentage: "10" },
      [INTERVAL_REQUIRED("LINEAR"), WITHOUT_ALARMS("LINEAR")],
    ],
  ])("%s", (_name, raw, problems) => {
    expect(thrownBy(() => parseStackSettings(PROJECT, "dev", raw))).toEqual(settingsError(problems));
  });

  test("reports a bad percentage once, not again as missing", () => {
    expect(
      thrownBy(() =>
        parseStackSettings(PROJECT, "dev", { ...ALARMS_ON, rolloutType: "CANARY", rolloutPercentage: "0" }),
      ),
    ).toEqual(settingsError([PERCENTAGE_RANGE("0")]));
  });
});
