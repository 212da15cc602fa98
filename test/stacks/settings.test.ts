import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { loadStackConfig } from "../../local/capture/stack-config";
import {
  parseStackSettings,
  SETTING_DEFAULTS,
  SETTING_KEYS,
  StackSettingsError,
} from "../../stacks/settings";
import { thrownBy } from "../program/thrown";

const PROJECT_DIR = path.resolve(__dirname, "../..");
const PROJECT = "order-workflow";

const RETENTIONS =
  "1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653";

const DEFAULT_WORKFLOW = {
  logLevel: "ERROR",
  includeExecutionData: false,
  logRetentionDays: 30,
  tracingEnabled: false,
  authFailureRate: 0.25,
  authLatencyMs: 200,
  pointInTimeRecovery: false,
  deletionProtection: false,
  workflowType: "STANDARD",
  kmsKey: "aws-managed",
  failureQueueRetentionDays: 14,
  alarmsEnabled: false,
  alarmPeriodSeconds: 60,
  alarmEvaluationPeriods: 1,
  alarmExecutionsFailedThreshold: 1,
  alarmFunctionErrorsThreshold: 1,
  alarmThrottlesThreshold: 1,
  alarmQueueDepthThreshold: 1,
  alarmDeclineRateThreshold: 0.5,
  alarmDeclineRateMinAttempts: 50,
  rolloutType: "ALL_AT_ONCE",
  tags: { Application: PROJECT, Environment: "dev" },
};

/** The event pattern Pulumi.prod.yaml sets; Pulumi.dev.yaml sets "" (no trigger). */
const STACK_EVENT_PATTERN = { source: ["com.example.orders"], "detail-type": ["OrderPlaced"] };
const STACK_EVENT_PATTERN_JSON = '{"source":["com.example.orders"],"detail-type":["OrderPlaced"]}';

const EXPRESS_WITHOUT_LOGS =
  "`order-workflow:workflowType` EXPRESS needs `order-workflow:logLevel` ALL, ERROR or FATAL; received OFF. " +
  "Express workflows keep no execution history, so their logs are the only record of what an execution did.";
const ALARMS_WITHOUT_KEY =
  "`order-workflow:alarmsEnabled` needs `order-workflow:kmsKey` customer-managed; received aws-managed. " +
  "CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed SNS key, whose key policy " +
  "cannot be changed to allow them.";
const TRIGGER_WITHOUT_KEY =
  "`order-workflow:eventTriggerPattern` needs `order-workflow:kmsKey` customer-managed; received aws-managed. " +
  "EventBridge can only leave undeliverable events in a queue encrypted with a key whose policy allows it, " +
  "and the policy of the AWS-managed SQS key cannot be changed.";
const KMS_KEY_PROBLEM = (received: string) =>
  `\`order-workflow:kmsKey\` must be one of aws-managed, customer-managed. Received: "${received}".`;
/** The on-call address Pulumi.prod.yaml subscribes, a placeholder the operator replaces. */
const ONCALL = { protocol: "email", endpoint: "oncall@example.com" } as const;
const ONCALL_JSON = '["email:oncall@example.com"]';
/** Alarms on, with the key and the subscriber they need, so that the alarm settings are checked. */
const ALARMS_ON = {
  alarmsEnabled: "true",
  kmsKey: "customer-managed",
  alarmSubscribers: ONCALL_JSON,
} as const;
/** What ALARMS_ON resolves to. */
const ALARMS_ON_WORKFLOW = { alarmsEnabled: true, kmsKey: "customer-managed", alarmSubscriptions: [ONCALL] };
const NO_SUBSCRIBER =
  '`order-workflow:alarmSubscribers` must name at least one subscriber, such as "email:oncall@example.com", when `order-workflow:alarmsEnabled` is true: an alarm that notifies nobody pages nobody. Received: [].';
const SUBSCRIBER_SHAPE = (at: string, received: string) =>
  `\`order-workflow:alarmSubscribers${at}\` must be "<protocol>:<endpoint>", such as "email:oncall@example.com". Received: ${received}.`;
const DECLINE_RATE_NOT_ABOVE = (expected: string, received: string) =>
  `\`order-workflow:alarmDeclineRateThreshold\` must be a number greater than \`order-workflow:authFailureRate\` (${expected}) and at most 1: the alarm fires on a share of invocations above the one expected. Received: ${received}.`;
const WHOLE_AT_LEAST_ONE = (key: string, received: string) =>
  `\`order-workflow:${key}\` must be a whole number of at least 1. Received: ${received}.`;
const PERIOD_PROBLEM = (received: string) =>
  `\`order-workflow:alarmPeriodSeconds\` must be a multiple of 60 seconds (60, 120, 300, …): AWS/States, AWS/Lambda and AWS/SQS publish one data point a minute. Received: ${received}.`;
const EVENT_FIELDS = "source, detail-type, detail, account, region, resources, time, id, version";

/** The SyntaxError message of this Node's JSON.parse, which the settings quote. */
function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    if (error instanceof SyntaxError) return error.message;
  }
  throw new Error(`${text} parses as JSON.`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readYaml(file: string): Record<string, unknown> {
  const parsed: unknown = parse(fs.readFileSync(path.join(PROJECT_DIR, file), "utf8"));
  if (!isRecord(parsed)) throw new Error(`${file} is not a mapping.`);
  return parsed;
}

function declarations(): Record<string, Record<string, unknown>> {
  const config = readYaml("Pulumi.yaml").config;
  if (!isRecord(config)) throw new Error("Pulumi.yaml declares no config.");
  return Object.fromEntries(
    Object.entries(config).map(([key, declaration]) => {
      if (!isRecord(declaration)) throw new Error(`Pulumi.yaml: ${key} is not a declaration.`);
      return [key, declaration];
    }),
  );
}

function stackConfigKeys(stack: string): string[] {
  const config = readYaml(`Pulumi.${stack}.yaml`).config;
  if (!isRecord(config)) throw new Error(`Pulumi.${stack}.yaml sets no config.`);
  return Object.keys(config).sort();
}

/** A stack's settings exactly as the program resolves them from its config. */
function settingsOf(stack: string) {
  const { values } = loadStackConfig(PROJECT_DIR, stack);
  const raw = Object.fromEntries(SETTING_KEYS.map((key) => [key, values[`${PROJECT}:${key}`]]));
  return parseStackSettings(PROJECT, stack, raw);
}

function settingsError(problems: readonly string[], stack = "dev") {
  return {
    type: StackSettingsError,
    name: "StackSettingsError",
    message: `Stack \`${stack}\` has invalid settings:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`,
  };
}

describe("parseStackSettings", () => {
  test("uses every default when no key is set", () => {
    expect(parseStackSettings(PROJECT, "dev", {})).toEqual({
      name: "order-workflow-dev",
      workflow: DEFAULT_WORKFLOW,
    });
  });

  test("names the workflow <project>-<stack> and tags it with both", () => {
    expect(parseStackSettings("shop", "qa-2", {})).toEqual({
      name: "shop-qa-2",
      workflow: { ...DEFAULT_WORKFLOW, tags: { Application: "shop", Environment: "qa-2" } },
    });
  });

  test.each<[string, string, Record<string, unknown>]>([
    ["logLevel", "ALL", { logLevel: "ALL" }],
    ["logLevel", "ERROR", { logLevel: "ERROR" }],
    ["logLevel", "FATAL", { logLevel: "FATAL" }],
    ["logLevel", "OFF", { logLevel: "OFF" }],
    ["includeExecutionData", "true", { includeExecutionData: true }],
    ["includeExecutionData", "false", { includeExecutionData: false }],
    ["logRetentionDays", "1", { logRetentionDays: 1 }],
    ["logRetentionDays", "90", { logRetentionDays: 90 }],
    ["logRetentionDays", "3653", { logRetentionDays: 3653 }],
    ["tracingEnabled", "true", { tracingEnabled: true }],
    ["authFailureRate", "0", { authFailureRate: 0 }],
    ["authFailureRate", "1", { authFailureRate: 1 }],
    ["authFailureRate", "0.5", { authFailureRate: 0.5 }],
    ["authFailureRate", "1e-1", { authFailureRate: 0.1 }],
    ["authLatencyMs", "0", { authLatencyMs: 0 }],
    ["authLatencyMs", "5000", { authLatencyMs: 5000 }],
    ["pointInTimeRecovery", "true", { pointInTimeRecovery: true }],
    ["deletionProtection", "true", { deletionProtection: true }],
    ["workflowType", "STANDARD", { workflowType: "STANDARD" }],
    ["workflowType", "EXPRESS", { workflowType: "EXPRESS" }],
    ["kmsKey", "aws-managed", { kmsKey: "aws-managed" }],
    ["kmsKey", "customer-managed", { kmsKey: "customer-managed" }],
    ["failureQueueRetentionDays", "1", { failureQueueRetentionDays: 1 }],
    ["failureQueueRetentionDays", "7", { failureQueueRetentionDays: 7 }],
    ["failureQueueRetentionDays", "14", { failureQueueRetentionDays: 14 }],
    ["alarmsEnabled", "false", { alarmsEnabled: false }],
    ["alarmSubscribers", "[]", {}],
    ["alarmSubscribers", ONCALL_JSON, { alarmSubscriptions: [ONCALL] }],
    [
      "alarmSubscribers",
      JSON.stringify([
        "email-json:on-call+orders@ops.example.co.uk",
        "https:https://hooks.example.com/alarms?team=orders",
        "http:http://pager.internal.example.com:8080/alarms",
        "sms:+15555550100",
        "sqs:arn:aws:sqs:us-east-1:123456789012:pager",
        "lambda:arn:aws:lambda:us-east-1:123456789012:function:pager:live",
        "application:arn:aws:sns:us-east-1:123456789012:endpoint/GCM/pager/5e3e9847-3183-3f18-a7e8-671c3a57d4b3",
      ]),
      {
        alarmSubscriptions: [
          { protocol: "email-json", endpoint: "on-call+orders@ops.example.co.uk" },
          { protocol: "https", endpoint: "https://hooks.example.com/alarms?team=orders" },
          { protocol: "http", endpoint: "http://pager.internal.example.com:8080/alarms" },
          { protocol: "sms", endpoint: "+15555550100" },
          { protocol: "sqs", endpoint: "arn:aws:sqs:us-east-1:123456789012:pager" },
          { protocol: "lambda", endpoint: "arn:aws:lambda:us-east-1:123456789012:function:pager:live" },
          {
            protocol: "application",
            endpoint:
              "arn:aws:sns:us-east-1:123456789012:endpoint/GCM/pager/5e3e9847-3183-3f18-a7e8-671c3a57d4b3",
          },
        ],
      },
    ],
    ["alarmPeriodSeconds", "60", { alarmPeriodSeconds: 60 }],
    ["alarmPeriodSeconds", "300", { alarmPeriodSeconds: 300 }],
    ["alarmPeriodSeconds", "3600", { alarmPeriodSeconds: 3600 }],
    ["alarmEvaluationPeriods", "5", { alarmEvaluationPeriods: 5 }],
    ["alarmEvaluationPeriods", "1440", { alarmEvaluationPeriods: 1440 }],
    ["alarmExecutionsFailedThreshold", "3", { alarmExecutionsFailedThreshold: 3 }],
    ["alarmFunctionErrorsThreshold", "10", { alarmFunctionErrorsThreshold: 10 }],
    ["alarmThrottlesThreshold", "2", { alarmThrottlesThreshold: 2 }],
    ["alarmQueueDepthThreshold", "25", { alarmQueueDepthThreshold: 25 }],
    ["alarmDeclineRateThreshold", "0.3", { alarmDeclineRateThreshold: 0.3 }],
    ["alarmDeclineRateThreshold", "1", { alarmDeclineRateThreshold: 1 }],
    ["alarmDeclineRateMinAttempts", "1", { alarmDeclineRateMinAttempts: 1 }],
    ["alarmDeclineRateMinAttempts", "500", { alarmDeclineRateMinAttempts: 500 }],
    ["eventTriggerPattern", "", {}],
    ["extraTags", "[]", {}],
    [
      "extraTags",
      '["Owner=platform-team","CostCenter=a=b","Empty="]',
      {
        tags: {
          Owner: "platform-team",
          CostCenter: "a=b",
          Empty: "",
          Application: PROJECT,
          Environment: "dev",
        },
      },
    ],
  ])("parses %s %s", (key, raw, expected) => {
    expect(parseStackSettings(PROJECT, "dev", { [key]: raw })).toEqual({
      name: "order-workflow-dev",
      workflow: { ...DEFAULT_WORKFLOW, ...expected },
    });
  });

  test("parses alarmsEnabled true together with kmsKey customer-managed and a subscriber, which alarms need", () => {
    expect(parseStackSettings(PROJECT, "dev", ALARMS_ON)).toEqual({
      name: "order-workflow-dev",
      workflow: { ...DEFAULT_WORKFLOW, ...ALARMS_ON_WORKFLOW },
    });
  });

  test.each<[string, Record<string, unknown>]>([
    [STACK_EVENT_PATTERN_JSON, STACK_EVENT_PATTERN],
    [
      '{"detail":{"amount":[{"numeric":[">",0]}],"$or":[{"currency":["USD"]},{"currency":["EUR"]}]}}',
      { detail: { amount: [{ numeric: [">", 0] }], $or: [{ currency: ["USD"] }, { currency: ["EUR"] }] } },
    ],
  ])(
    "parses eventTriggerPattern %s together with kmsKey customer-managed, which the trigger needs",
    (raw, pattern) => {
      expect(
        parseStackSettings(PROJECT, "dev", { eventTriggerPattern: raw, kmsKey: "customer-managed" }),
      ).toEqual({
        name: "order-workflow-dev",
        workflow: { ...DEFAULT_WORKFLOW, kmsKey: "customer-managed", eventPattern: pattern },
      });
    },
  );

  test.each<[string, string, string]>([
    ["one-minute periods over a day", "60", "1440"],
    ["hourly periods over seven days", "3600", "168"],
  ])(
    "parses the longest evaluation window CloudWatch allows with alarms on: %s (%s × %s)",
    (_name, period, periods) => {
      expect(
        parseStackSettings(PROJECT, "dev", {
          ...ALARMS_ON,
          alarmPeriodSeconds: period,
          alarmEvaluationPeriods: periods,
        }),
      ).toEqual({
        name: "order-workflow-dev",
        workflow: {
          ...DEFAULT_WORKFLOW,
          ...ALARMS_ON_WORKFLOW,
          alarmPeriodSeconds: Number(period),
          alarmEvaluationPeriods: Number(periods),
        },
      });
    },
  );

  test("does not ask for a subscriber or a decline rate above authFailureRate when alarms are off", () => {
    expect(
      parseStackSettings(PROJECT, "dev", { alarmSubscribers: "[]", alarmDeclineRateThreshold: "0.1" }),
    ).toEqual({
      name: "order-workflow-dev",
      workflow: { ...DEFAULT_WORKFLOW, alarmDeclineRateThreshold: 0.1 },
    });
  });

  test("does not check the evaluation window when alarms are off, since no alarm uses it", () => {
    expect(
      parseStackSettings(PROJECT, "dev", { alarmPeriodSeconds: "3600", alarmEvaluationPeriods: "169" }),
    ).toEqual({
      name: "order-workflow-dev",
      workflow: { ...DEFAULT_WORKFLOW, alarmPeriodSeconds: 3600, alarmEvaluationPeriods: 169 },
    });
  });

  test.each<[string, string, string, string]>([
    [
      "fails when alarms are on and one-minute periods are evaluated over more than a day",
      "60",
      "1441",
      "`order-workflow:alarmEvaluationPeriods` × `order-workflow:alarmPeriodSeconds` must be at most 86400 seconds with a period under an hour. Received: 1441 × 60 = 86460.",
    ],
    [
      "fails when alarms are on and hourly periods are evaluated over more than seven days",
      "3600",
      "169",
      "`order-workflow:alarmEvaluationPeriods` × `order-workflow:alarmPeriodSeconds` must be at most 604800 seconds with a period of an hour or more. Received: 169 × 3600 = 608400.",
    ],
  ])("%s, naming both settings", (_name, period, periods, problem) => {
    expect(
      thrownBy(() =>
        parseStackSettings(PROJECT, "dev", {
          ...ALARMS_ON,
          alarmPeriodSeconds: period,
          alarmEvaluationPeriods: periods,
        }),
      ),
    ).toEqual(settingsError([problem]));
  });

  test.each<[string, Record<string, string>, string]>([
    [
      // The default period, 60, would make 1500 periods a 25-hour window.
      "fails when alarmPeriodSeconds is bad, without a window problem made up from its default",
      { ...ALARMS_ON, alarmPeriodSeconds: "90", alarmEvaluationPeriods: "1500" },
      PERIOD_PROBLEM("90"),
    ],
    [
      // The default, 1 period, would make a period of a week and a minute too long a window.
      "fails when alarmEvaluationPeriods is bad, without a window problem made up from its default",
      { ...ALARMS_ON, alarmPeriodSeconds: "604860", alarmEvaluationPeriods: "0" },
      WHOLE_AT_LEAST_ONE("alarmEvaluationPeriods", "0"),
    ],
  ])("%s", (_name, raw, problem) => {
    expect(thrownBy(() => parseStackSettings(PROJECT, "dev", raw))).toEqual(settingsError([problem]));
  });

  test.each<[string, string, string, string]>([
    [
      "fails when workflowType is not STANDARD or EXPRESS",
      "workflowType",
      "BATCH",
      '`order-workflow:workflowType` must be one of STANDARD, EXPRESS. Received: "BATCH".',
    ],
    [
      "fails when workflowType is lowercase",
      "workflowType",
      "express",
      '`order-workflow:workflowType` must be one of STANDARD, EXPRESS. Received: "express".',
    ],
    [
      "fails when kmsKey is neither aws-managed nor customer-managed",
      "kmsKey",
      "customer",
      '`order-workflow:kmsKey` must be one of aws-managed, customer-managed. Received: "customer".',
    ],
    [
      "fails when kmsKey is a key ARN rather than a choice, quoting its first 40 characters",
      "kmsKey",
      "arn:aws:kms:us-east-1:123456789012:key/abc",
      '`order-workflow:kmsKey` must be one of aws-managed, customer-managed. Received: "arn:aws:kms:us-east-1:123456789012:key/a…".',
    ],
    [
      "fails when failureQueueRetentionDays is 0",
      "failureQueueRetentionDays",
      "0",
      "`order-workflow:failureQueueRetentionDays` must be a whole number from 1 to 14. Received: 0.",
    ],
    [
      "fails when failureQueueRetentionDays is above SQS's 14 days",
      "failureQueueRetentionDays",
      "15",
      "`order-workflow:failureQueueRetentionDays` must be a whole number from 1 to 14. Received: 15.",
    ],
    [
      "fails when failureQueueRetentionDays is fractional",
      "failureQueueRetentionDays",
      "1.5",
      "`order-workflow:failureQueueRetentionDays` must be a whole number from 1 to 14. Received: 1.5.",
    ],
    [
      "fails when alarmsEnabled is yes",
      "alarmsEnabled",
      "yes",
      '`order-workflow:alarmsEnabled` must be true or false. Received: "yes".',
    ],
    [
      "fails when alarmSubscribers is not a list",
      "alarmSubscribers",
      "oncall@example.com",
      '`order-workflow:alarmSubscribers` must be a list of "<protocol>:<endpoint>" strings, such as "email:oncall@example.com". Received: "oncall@example.com".',
    ],
    [
      "fails when an alarmSubscribers entry has no protocol",
      "alarmSubscribers",
      '["oncall@example.com"]',
      SUBSCRIBER_SHAPE("[0]", '"oncall@example.com"'),
    ],
    [
      "fails when an alarmSubscribers entry starts with its separator",
      "alarmSubscribers",
      '[":oncall@example.com"]',
      SUBSCRIBER_SHAPE("[0]", '":oncall@example.com"'),
    ],
    [
      "fails when an alarmSubscribers entry is not a string",
      "alarmSubscribers",
      "[1]",
      SUBSCRIBER_SHAPE("[0]", "1"),
    ],
    [
      "fails when an alarmSubscribers protocol is not one SNS subscribes",
      "alarmSubscribers",
      '["email:oncall@example.com","pagerduty:orders"]',
      '`order-workflow:alarmSubscribers[1]` has protocol "pagerduty"; SNS subscribes http, https, email, email-json, sms, sqs, lambda, application. Received: "pagerduty:orders".',
    ],
    [
      "fails when an alarmSubscribers protocol is in capitals",
      "alarmSubscribers",
      '["EMAIL:oncall@example.com"]',
      '`order-workflow:alarmSubscribers[0]` has protocol "EMAIL"; SNS subscribes http, https, email, email-json, sms, sqs, lambda, application. Received: "EMAIL:oncall@example.com".',
    ],
    [
      "fails when an alarmSubscribers entry is a Data Firehose stream, which needs a subscription role",
      "alarmSubscribers",
      '["firehose:arn:aws:firehose:us-east-1:123456789012:deliverystream/alarms"]',
      '`order-workflow:alarmSubscribers[0]` has protocol firehose, which needs a subscription role that this setting does not take; use another protocol. Received: "firehose:arn:aws:firehose:us-east-1:1234…".',
    ],
    [
      'fails when an alarmSubscribers email has no "@"',
      "alarmSubscribers",
      '["email:ops"]',
      '`order-workflow:alarmSubscribers[0]` has an endpoint for email that is not an email address such as oncall@example.com: it has no "@". Received: "email:ops".',
    ],
    [
      "fails when an alarmSubscribers email lists two addresses",
      "alarmSubscribers",
      '["email:a@example.com b@example.com"]',
      '`order-workflow:alarmSubscribers[0]` has an endpoint for email that is not an email address such as oncall@example.com: it contains whitespace. Received: "email:a@example.com b@example.com".',
    ],
    [
      "fails when an alarmSubscribers https endpoint is an http URL",
      "alarmSubscribers",
      '["https:http://hooks.example.com/alarms"]',
      '`order-workflow:alarmSubscribers[0]` has an endpoint for https that is not an https:// URL such as https://hooks.example.com/alarms. Received: "https:http://hooks.example.com/alarms".',
    ],
    [
      "fails when an alarmSubscribers sms number is not in E.164 form",
      "alarmSubscribers",
      '["sms:(555) 555-0100"]',
      '`order-workflow:alarmSubscribers[0]` has an endpoint for sms that is not a phone number in E.164 form such as +15555550100. Received: "sms:(555) 555-0100".',
    ],
    [
      "fails when an alarmSubscribers sqs endpoint is a queue name",
      "alarmSubscribers",
      '["sqs:pager"]',
      '`order-workflow:alarmSubscribers[0]` has an endpoint for sqs that is not an SQS queue ARN (arn:<partition>:sqs:<region>:<account>:<queue name>). Received: "sqs:pager".',
    ],
    [
      "fails when alarmSubscribers lists a subscriber twice",
      "alarmSubscribers",
      '["email:oncall@example.com","email:oncall@example.com"]',
      '`order-workflow:alarmSubscribers` lists "email:oncall@example.com" twice; list each subscriber once.',
    ],
    [
      "fails when alarmDeclineRateThreshold is above 1",
      "alarmDeclineRateThreshold",
      "50",
      "`order-workflow:alarmDeclineRateThreshold` must be a number from 0 to 1. Received: 50.",
    ],
    [
      "fails when alarmDeclineRateThreshold is a percentage",
      "alarmDeclineRateThreshold",
      "50%",
      '`order-workflow:alarmDeclineRateThreshold` must be a number from 0 to 1. Received: "50%".',
    ],
    [
      "fails when alarmDeclineRateMinAttempts is 0",
      "alarmDeclineRateMinAttempts",
      "0",
      WHOLE_AT_LEAST_ONE("alarmDeclineRateMinAttempts", "0"),
    ],
    [
      "fails when alarmPeriodSeconds is not a multiple of 60",
      "alarmPeriodSeconds",
      "90",
      PERIOD_PROBLEM("90"),
    ],
    [
      "fails when alarmPeriodSeconds is a high-resolution 30",
      "alarmPeriodSeconds",
      "30",
      PERIOD_PROBLEM("30"),
    ],
    ["fails when alarmPeriodSeconds is not a number", "alarmPeriodSeconds", "1m", PERIOD_PROBLEM('"1m"')],
    [
      "fails when alarmEvaluationPeriods is 0",
      "alarmEvaluationPeriods",
      "0",
      WHOLE_AT_LEAST_ONE("alarmEvaluationPeriods", "0"),
    ],
    [
      "fails when alarmExecutionsFailedThreshold is 0",
      "alarmExecutionsFailedThreshold",
      "0",
      WHOLE_AT_LEAST_ONE("alarmExecutionsFailedThreshold", "0"),
    ],
    [
      "fails when alarmFunctionErrorsThreshold is fractional",
      "alarmFunctionErrorsThreshold",
      "1.5",
      WHOLE_AT_LEAST_ONE("alarmFunctionErrorsThreshold", "1.5"),
    ],
    [
      "fails when alarmThrottlesThreshold is negative",
      "alarmThrottlesThreshold",
      "-1",
      WHOLE_AT_LEAST_ONE("alarmThrottlesThreshold", "-1"),
    ],
    [
      "fails when alarmQueueDepthThreshold is not a number",
      "alarmQueueDepthThreshold",
      "many",
      WHOLE_AT_LEAST_ONE("alarmQueueDepthThreshold", '"many"'),
    ],
    [
      "fails when eventTriggerPattern is not JSON",
      "eventTriggerPattern",
      "{",
      `\`order-workflow:eventTriggerPattern\` must be a JSON event pattern such as {"source":["com.example.orders"]}, or "" for no trigger. Received: "{" (${jsonError("{")}).`,
    ],
    [
      "fails when eventTriggerPattern is a JSON array",
      "eventTriggerPattern",
      "[]",
      `\`order-workflow:eventTriggerPattern\` must be a non-empty object whose keys are event fields (${EVENT_FIELDS}). Received: [].`,
    ],
    [
      "fails when eventTriggerPattern is an empty object",
      "eventTriggerPattern",
      "{}",
      `\`order-workflow:eventTriggerPattern\` must be a non-empty object whose keys are event fields (${EVENT_FIELDS}). Received: {}.`,
    ],
    [
      "fails when eventTriggerPattern has a key that is not an event field",
      "eventTriggerPattern",
      '{"sauce":["com.example.orders"]}',
      `\`order-workflow:eventTriggerPattern\` has key "sauce"; its keys must be event fields: ${EVENT_FIELDS}.`,
    ],
    [
      "fails when eventTriggerPattern matches source with a string rather than a list",
      "eventTriggerPattern",
      '{"source":"com.example.orders"}',
      '`order-workflow:eventTriggerPattern.source` must be a non-empty array of values or content filters, such as ["com.example.orders"]. Received: "com.example.orders".',
    ],
    [
      "fails when logRetentionDays is not a retention CloudWatch Logs accepts",
      "logRetentionDays",
      "8",
      `\`order-workflow:logRetentionDays\` must be one of ${RETENTIONS}. Received: 8.`,
    ],
    [
      "fails when logRetentionDays is not a number",
      "logRetentionDays",
      "week",
      `\`order-workflow:logRetentionDays\` must be one of ${RETENTIONS}. Received: "week".`,
    ],
    [
      "fails when logLevel is not a Step Functions log level",
      "logLevel",
      "VERBOSE",
      '`order-workflow:logLevel` must be one of ALL, ERROR, FATAL, OFF. Received: "VERBOSE".',
    ],
    [
      "fails when logLevel is lowercase",
      "logLevel",
      "error",
      '`order-workflow:logLevel` must be one of ALL, ERROR, FATAL, OFF. Received: "error".',
    ],
    [
      "fails when authFailureRate is above 1",
      "authFailureRate",
      "2",
      "`order-workflow:authFailureRate` must be a number from 0 to 1. Received: 2.",
    ],
    [
      "fails when authFailureRate is negative",
      "authFailureRate",
      "-0.1",
      "`order-workflow:authFailureRate` must be a number from 0 to 1. Received: -0.1.",
    ],
    [
      "fails when authFailureRate is a percentage",
      "authFailureRate",
      "25%",
      '`order-workflow:authFailureRate` must be a number from 0 to 1. Received: "25%".',
    ],
    [
      "fails when authLatencyMs is fractional",
      "authLatencyMs",
      "1.5",
      "`order-workflow:authLatencyMs` must be a whole number from 0 to 5000. Received: 1.5.",
    ],
    [
      "fails when authLatencyMs is above 5000",
      "authLatencyMs",
      "5001",
      "`order-workflow:authLatencyMs` must be a whole number from 0 to 5000. Received: 5001.",
    ],
    [
      "fails when includeExecutionData is yes",
      "includeExecutionData",
      "yes",
      '`order-workflow:includeExecutionData` must be true or false. Received: "yes".',
    ],
    [
      "fails when tracingEnabled is capitalised",
      "tracingEnabled",
      "True",
      '`order-workflow:tracingEnabled` must be true or false. Received: "True".',
    ],
    [
      "fails when pointInTimeRecovery is 1",
      "pointInTimeRecovery",
      "1",
      '`order-workflow:pointInTimeRecovery` must be true or false. Received: "1".',
    ],
    [
      "fails when deletionProtection is empty",
      "deletionProtection",
      "",
      '`order-workflow:deletionProtection` must be true or false. Received: "".',
    ],
    [
      "fails when extraTags is a single string, not a list",
      "extraTags",
      "Owner=platform-team",
      '`order-workflow:extraTags` must be a list of "Key=Value" strings. Received: "Owner=platform-team".',
    ],
    [
      "fails when extraTags is a JSON object, not a list",
      "extraTags",
      '{"Owner":"platform-team"}',
      '`order-workflow:extraTags` must be a list of "Key=Value" strings. Received: {"Owner":"platform-team"}.',
    ],
    [
      'fails when an extraTags entry has no "="',
      "extraTags",
      '["Owner"]',
      '`order-workflow:extraTags` must be a list of "Key=Value" strings. Received the entry "Owner".',
    ],
    [
      "fails when an extraTags entry has no key",
      "extraTags",
      '["=platform-team"]',
      '`order-workflow:extraTags` must be a list of "Key=Value" strings. Received the entry "=platform-team".',
    ],
    [
      "fails when an extraTags entry is not a string",
      "extraTags",
      "[42]",
      '`order-workflow:extraTags` must be a list of "Key=Value" strings. Received the entry 42.',
    ],
    [
      "fails when extraTags sets the reserved Application tag",
      "extraTags",
      '["Owner=platform-team","Application=other"]',
      '`order-workflow:extraTags` may not set Application or Environment; the program sets them. Received: "Application=other".',
    ],
    [
      "fails when extraTags sets the reserved Environment tag",
      "extraTags",
      '["Environment=prod"]',
      '`order-workflow:extraTags` may not set Application or Environment; the program sets them. Received: "Environment=prod".',
    ],
    [
      'fails when an extraTags key starts with "aws:"',
      "extraTags",
      '["aws:createdBy=me"]',
      '`order-workflow:extraTags` has tag key "aws:createdBy"; keys must be 1 to 128 characters and must not start with "aws:".',
    ],
    [
      'fails when an extraTags key starts with "AWS:"',
      "extraTags",
      '["AWS:createdBy=me"]',
      '`order-workflow:extraTags` has tag key "AWS:createdBy"; keys must be 1 to 128 characters and must not start with "aws:".',
    ],
    [
      "fails when an extraTags value is longer than 256 characters",
      "extraTags",
      JSON.stringify([`Owner=${"x".repeat(257)}`]),
      '`order-workflow:extraTags` has a value for tag "Owner" longer than 256 characters.',
    ],
  ])("%s", (_name, key, raw, problem) => {
    const thrown = thrownBy(() => parseStackSettings(PROJECT, "dev", { [key]: raw }));
    expect(thrown).toEqual(settingsError([problem]));
  });

  test("fails when several keys are bad, reporting all of them in one error", () => {
    let caught: unknown;
    try {
      parseStackSettings(PROJECT, "dev", {
        logLevel: "VERBOSE",
        includeExecutionData: "yes",
        logRetentionDays: "8",
        authFailureRate: "2",
        authLatencyMs: "1.5",
        extraTags: '["Application=other"]',
      });
    } catch (error) {
      caught = error;
    }
    const problems = [
      '`order-workflow:logLevel` must be one of ALL, ERROR, FATAL, OFF. Received: "VERBOSE".',
      '`order-workflow:includeExecutionData` must be true or false. Received: "yes".',
      `\`order-workflow:logRetentionDays\` must be one of ${RETENTIONS}. Received: 8.`,
      "`order-workflow:authFailureRate` must be a number from 0 to 1. Received: 2.",
      "`order-workflow:authLatencyMs` must be a whole number from 0 to 5000. Received: 1.5.",
      '`order-workflow:extraTags` may not set Application or Environment; the program sets them. Received: "Application=other".',
    ];
    expect(caught).toBeInstanceOf(StackSettingsError);
    expect(caught).toMatchObject({ stackName: "dev", problems, message: settingsError(problems).message });
  });

  test.each<[string, Record<string, string>, string]>([
    [
      "fails when workflowType is EXPRESS and logLevel OFF",
      { workflowType: "EXPRESS", logLevel: "OFF" },
      EXPRESS_WITHOUT_LOGS,
    ],
    [
      "fails when alarmsEnabled is true with the default kmsKey",
      { alarmsEnabled: "true", alarmSubscribers: ONCALL_JSON },
      ALARMS_WITHOUT_KEY,
    ],
    [
      "fails when alarmsEnabled is true with kmsKey aws-managed",
      { alarmsEnabled: "true", kmsKey: "aws-managed", alarmSubscribers: ONCALL_JSON },
      ALARMS_WITHOUT_KEY,
    ],
    [
      "fails when alarmsEnabled is true without alarmSubscribers",
      { alarmsEnabled: "true", kmsKey: "customer-managed" },
      NO_SUBSCRIBER,
    ],
    [
      "fails when alarmsEnabled is true with an empty alarmSubscribers",
      { alarmsEnabled: "true", kmsKey: "customer-managed", alarmSubscribers: "[]" },
      NO_SUBSCRIBER,
    ],
    [
      "fails when alarms are on and alarmDeclineRateThreshold is the rate the stack expects",
      { ...ALARMS_ON, authFailureRate: "0.5", alarmDeclineRateThreshold: "0.5" },
      DECLINE_RATE_NOT_ABOVE("0.5", "0.5"),
    ],
    [
      "fails when alarms are on and authFailureRate 1 leaves no decline rate above it",
      { ...ALARMS_ON, authFailureRate: "1", alarmDeclineRateThreshold: "1" },
      DECLINE_RATE_NOT_ABOVE("1", "1"),
    ],
    [
      // The default authFailureRate, 0.25, would make up a conflict with a threshold of 0.2.
      "fails when authFailureRate is bad and alarms on, reporting only authFailureRate",
      { ...ALARMS_ON, authFailureRate: "25%", alarmDeclineRateThreshold: "0.2" },
      '`order-workflow:authFailureRate` must be a number from 0 to 1. Received: "25%".',
    ],
    [
      // The default threshold, 0.5, would make up a conflict with authFailureRate 0.6.
      "fails when alarmDeclineRateThreshold is bad and alarms on, reporting only the threshold",
      { ...ALARMS_ON, authFailureRate: "0.6", alarmDeclineRateThreshold: "2" },
      "`order-workflow:alarmDeclineRateThreshold` must be a number from 0 to 1. Received: 2.",
    ],
    [
      "fails when eventTriggerPattern is set with the default kmsKey",
      { eventTriggerPattern: STACK_EVENT_PATTERN_JSON },
      TRIGGER_WITHOUT_KEY,
    ],
    [
      "fails when eventTriggerPattern is set with kmsKey aws-managed",
      { eventTriggerPattern: STACK_EVENT_PATTERN_JSON, kmsKey: "aws-managed" },
      TRIGGER_WITHOUT_KEY,
    ],
    [
      // The default kmsKey, aws-managed, would otherwise make up a conflict with the alarms.
      "fails when kmsKey is bad and alarmsEnabled true, reporting only kmsKey",
      { alarmsEnabled: "true", kmsKey: "customer", alarmSubscribers: ONCALL_JSON },
      KMS_KEY_PROBLEM("customer"),
    ],
    [
      "fails when kmsKey is bad and eventTriggerPattern set, reporting only kmsKey",
      { eventTriggerPattern: STACK_EVENT_PATTERN_JSON, kmsKey: "Customer-Managed" },
      KMS_KEY_PROBLEM("Customer-Managed"),
    ],
    [
      "fails when logLevel is bad and workflowType EXPRESS, reporting only logLevel",
      { workflowType: "EXPRESS", logLevel: "off" },
      '`order-workflow:logLevel` must be one of ALL, ERROR, FATAL, OFF. Received: "off".',
    ],
  ])("%s", (_name, raw, problem) => {
    expect(thrownBy(() => parseStackSettings(PROJECT, "dev", raw))).toEqual(settingsError([problem]));
  });

  test("fails when all three cross-setting conflicts and other keys are bad, reporting them all, conflicts last", () => {
    const problems = [
      "`order-workflow:logRetentionDays` must be one of " + RETENTIONS + ". Received: 8.",
      "`order-workflow:failureQueueRetentionDays` must be a whole number from 1 to 14. Received: 15.",
      WHOLE_AT_LEAST_ONE("alarmQueueDepthThreshold", "0"),
      EXPRESS_WITHOUT_LOGS,
      ALARMS_WITHOUT_KEY,
      TRIGGER_WITHOUT_KEY,
    ];
    expect(
      thrownBy(() =>
        parseStackSettings(PROJECT, "dev", {
          workflowType: "EXPRESS",
          logLevel: "OFF",
          alarmsEnabled: "true",
          alarmSubscribers: ONCALL_JSON,
          kmsKey: "aws-managed",
          eventTriggerPattern: STACK_EVENT_PATTERN_JSON,
          logRetentionDays: "8",
          failureQueueRetentionDays: "15",
          alarmQueueDepthThreshold: "0",
        }),
      ),
    ).toEqual(settingsError(problems));
  });

  test.each<[string, string]>([
    ["fails when the stack name has capitals", "Dev"],
    ["fails when the stack name starts with '-'", "-dev"],
    ["fails when the stack name has an underscore", "dev_1"],
    ["fails when the stack name is empty", ""],
  ])("%s", (_name, stack) => {
    expect(thrownBy(() => parseStackSettings(PROJECT, stack, {}))).toEqual(
      settingsError(
        [
          `The stack name ${JSON.stringify(stack)} must be lowercase letters, digits or '-', starting with a letter or digit: it becomes part of every resource name.`,
        ],
        stack,
      ),
    );
  });

  test("fails when the stack name and a key are bad, reporting the stack name first", () => {
    expect(thrownBy(() => parseStackSettings(PROJECT, "Prod", { logRetentionDays: "8" }))).toEqual(
      settingsError(
        [
          `The stack name "Prod" must be lowercase letters, digits or '-', starting with a letter or digit: it becomes part of every resource name.`,
          `\`order-workflow:logRetentionDays\` must be one of ${RETENTIONS}. Received: 8.`,
        ],
        "Prod",
      ),
    );
  });
});

describe("Pulumi.yaml and the stack files", () => {
  test("declare exactly the keys of SETTING_KEYS", () => {
    expect(Object.keys(declarations()).sort()).toEqual([...SETTING_KEYS].sort());
  });

  test("declare defaults of their declared types", () => {
    const typeOf = (value: unknown) =>
      Array.isArray(value) ? "array" : Number.isInteger(value) ? "integer" : typeof value;
    for (const [key, declaration] of Object.entries(declarations())) {
      expect({ key, type: typeOf(declaration.default) }).toEqual({ key, type: declaration.type });
    }
  });

  test("declare the same defaults as SETTING_DEFAULTS", () => {
    // Pulumi.yaml has no fractional type, so a numeric string default stands for the number.
    const asValue = (value: unknown) =>
      typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))
        ? Number(value)
        : value;
    const declared = Object.fromEntries(
      Object.entries(declarations()).map(([key, declaration]) => [key, asValue(declaration.default)]),
    );
    expect(declared).toEqual(SETTING_DEFAULTS);
  });

  test("resolve to the same settings through the program as an empty config", () => {
    const raw = Object.fromEntries(
      Object.entries(declarations()).map(([key, declaration]) => [
        key,
        typeof declaration.default === "string" ? declaration.default : JSON.stringify(declaration.default),
      ]),
    );
    expect(parseStackSettings(PROJECT, "dev", raw)).toEqual(parseStackSettings(PROJECT, "dev", {}));
  });

  test("Pulumi.dev.yaml and Pulumi.prod.yaml set the same keys", () => {
    expect(stackConfigKeys("prod")).toEqual(stackConfigKeys("dev"));
    expect(stackConfigKeys("dev")).toEqual(
      ["aws:region", ...SETTING_KEYS.map((key) => `${PROJECT}:${key}`)].sort(),
    );
  });

  test("dev resolves to its settings", () => {
    expect(settingsOf("dev")).toEqual({
      name: "order-workflow-dev",
      workflow: {
        logLevel: "ALL",
        includeExecutionData: true,
        logRetentionDays: 7,
        tracingEnabled: false,
        authFailureRate: 0.25,
        authLatencyMs: 200,
        pointInTimeRecovery: false,
        deletionProtection: false,
        workflowType: "STANDARD",
        kmsKey: "aws-managed",
        failureQueueRetentionDays: 14,
        alarmsEnabled: false,
        alarmPeriodSeconds: 60,
        alarmEvaluationPeriods: 1,
        alarmExecutionsFailedThreshold: 1,
        alarmFunctionErrorsThreshold: 1,
        alarmThrottlesThreshold: 1,
        alarmQueueDepthThreshold: 1,
        alarmDeclineRateThreshold: 0.5,
        alarmDeclineRateMinAttempts: 50,
        rolloutType: "ALL_AT_ONCE",
        tags: { Owner: "platform-team", Application: PROJECT, Environment: "dev" },
      },
    });
  });

  test("prod logs errors only, without execution data, keeps logs 90 days or more and protects the table", () => {
    const { workflow } = settingsOf("prod");
    expect({
      logLevel: workflow.logLevel,
      includeExecutionData: workflow.includeExecutionData,
      deletionProtection: workflow.deletionProtection,
      pointInTimeRecovery: workflow.pointInTimeRecovery,
    }).toEqual({
      logLevel: "ERROR",
      includeExecutionData: false,
      deletionProtection: true,
      pointInTimeRecovery: true,
    });
    expect(workflow.logRetentionDays).toBeGreaterThanOrEqual(90);
  });

  test("prod resolves to its settings", () => {
    expect(settingsOf("prod")).toEqual({
      name: "order-workflow-prod",
      workflow: {
        logLevel: "ERROR",
        includeExecutionData: false,
        logRetentionDays: 90,
        tracingEnabled: true,
        authFailureRate: 0.25,
        authLatencyMs: 200,
        pointInTimeRecovery: true,
        deletionProtection: true,
        workflowType: "STANDARD",
        kmsKey: "customer-managed",
        failureQueueRetentionDays: 14,
        alarmsEnabled: true,
        alarmSubscriptions: [ONCALL],
        alarmPeriodSeconds: 60,
        alarmEvaluationPeriods: 1,
        alarmExecutionsFailedThreshold: 1,
        alarmFunctionErrorsThreshold: 1,
        alarmThrottlesThreshold: 1,
        alarmQueueDepthThreshold: 1,
        alarmDeclineRateThreshold: 0.5,
        alarmDeclineRateMinAttempts: 50,
        eventPattern: STACK_EVENT_PATTERN,
        rolloutType: "CANARY",
        rolloutPercentage: 10,
        rolloutIntervalMinutes: 15,
        tags: { Owner: "platform-team", Application: PROJECT, Environment: "prod" },
      },
    });
  });
});

describe("loadStackConfig", () => {
  let dir: string | undefined;

  function fixture(files: Record<string, string>): string {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-config-"));
    for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
    return dir;
  }

  afterEach(() => {
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  const PROJECT_FILE = [
    "name: demo",
    "runtime: nodejs",
    "config:",
    "  level:",
    "    type: string",
    "    default: low",
    "  tags:",
    "    type: array",
    "    default: []",
    "  retries:",
    "    type: integer",
    "    default: 3",
    "",
  ].join("\n");

  test("fails when the stack has no stack file", () => {
    expect(thrownBy(() => loadStackConfig(PROJECT_DIR, "staging"))).toEqual({
      type: Error,
      name: "Error",
      message: 'Unknown stack "staging"; stacks of this project: dev, prod.',
    });
  });

  test("fails when a stack file sets a key Pulumi.yaml does not declare", () => {
    const projectDir = fixture({
      "Pulumi.yaml": PROJECT_FILE,
      "Pulumi.test.yaml": "config:\n  aws:region: eu-west-1\n  demo:levle: high\n",
    });
    expect(thrownBy(() => loadStackConfig(projectDir, "test"))).toEqual({
      type: Error,
      name: "Error",
      message:
        "Pulumi.test.yaml sets `demo:levle`, which Pulumi.yaml does not declare; declared: level, tags, retries.",
    });
  });

  test("fails when a stack file sets no aws:region", () => {
    const projectDir = fixture({
      "Pulumi.yaml": PROJECT_FILE,
      "Pulumi.test.yaml": "config:\n  demo:level: high\n",
    });
    expect(thrownBy(() => loadStackConfig(projectDir, "test"))).toEqual({
      type: Error,
      name: "Error",
      message: "Pulumi.test.yaml sets no `aws:region`.",
    });
  });

  test("lays the stack's values over the declared defaults, as strings", () => {
    const projectDir = fixture({
      "Pulumi.yaml": PROJECT_FILE,
      "Pulumi.test.yaml": "config:\n  aws:region: eu-west-1\n  demo:tags:\n    - A=b\n  demo:retries: 5\n",
      "Pulumi.other.yaml": "config:\n  aws:region: us-west-2\n",
    });
    expect(loadStackConfig(projectDir, "test")).toEqual({
      project: "demo",
      stack: "test",
      region: "eu-west-1",
      values: { "demo:level": "low", "demo:tags": '["A=b"]', "demo:retries": "5", "aws:region": "eu-west-1" },
    });
  });

  test("reads the dev stack as the Pulumi CLI would hand it to the program", () => {
    expect(loadStackConfig(PROJECT_DIR, "dev")).toEqual({
      project: PROJECT,
      stack: "dev",
      region: "us-east-1",
      values: {
        "aws:region": "us-east-1",
        "order-workflow:logLevel": "ALL",
        "order-workflow:includeExecutionData": "true",
        "order-workflow:logRetentionDays": "7",
        "order-workflow:tracingEnabled": "false",
        "order-workflow:authFailureRate": "0.25",
        "order-workflow:authLatencyMs": "200",
        "order-workflow:pointInTimeRecovery": "false",
        "order-workflow:deletionProtection": "false",
        "order-workflow:workflowType": "STANDARD",
        "order-workflow:kmsKey": "aws-managed",
        "order-workflow:failureQueueRetentionDays": "14",
        "order-workflow:alarmsEnabled": "false",
        "order-workflow:alarmSubscribers": "[]",
        "order-workflow:alarmPeriodSeconds": "60",
        "order-workflow:alarmEvaluationPeriods": "1",
        "order-workflow:alarmExecutionsFailedThreshold": "1",
        "order-workflow:alarmFunctionErrorsThreshold": "1",
        "order-workflow:alarmThrottlesThreshold": "1",
        "order-workflow:alarmQueueDepthThreshold": "1",
        "order-workflow:alarmDeclineRateThreshold": "0.5",
        "order-workflow:alarmDeclineRateMinAttempts": "50",
        "order-workflow:eventTriggerPattern": "",
        "order-workflow:rolloutType": "ALL_AT_ONCE",
        "order-workflow:rolloutPercentage": "",
        "order-workflow:rolloutIntervalMinutes": "",
        "order-workflow:liveVersion": "",
        "order-workflow:extraTags": '["Owner=platform-team"]',
      },
    });
  });
});
