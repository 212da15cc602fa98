import type { Synthesis } from "../../local/capture/synth";
import {
  ACCOUNT,
  arnsOf,
  ofType,
  parseJson,
  prefix,
  PROD_KEY_ARN,
  single,
  type StackName,
  synthesizeStacks,
  synthOf,
  tagsOf,
  TYPES,
} from "./helpers";

let synths: ReadonlyMap<StackName, Synthesis> | undefined;

beforeAll(async () => {
  synths = await synthesizeStacks();
});

const resourcesOf = (stack: StackName) => synthOf(synths, stack).resources;

const name = prefix("prod");
const arns = arnsOf("prod");
const validate = `${name}-validate-order`;
const authorize = `${name}-authorize-payment`;

/** Each prod alarm as Pulumi.prod.yaml sets it: a 60-second period, one evaluation period, thresholds of 1. */
const PROD_ALARMS: [string, string, string, Record<string, string>, string, string][] = [
  [
    "executions-failed",
    "AWS/States",
    "ExecutionsFailed",
    { StateMachineArn: arns.stateMachine },
    "Sum",
    "Executions failed. Open them in the Step Functions console, find the failing state in the execution history, fix the cause, then redrive them.",
  ],
  [
    "executions-timed-out",
    "AWS/States",
    "ExecutionsTimedOut",
    { StateMachineArn: arns.stateMachine },
    "Sum",
    "Executions reached the state machine's TimeoutSeconds. Find the state that was running in the execution history (a slow dependency or a Task without its own timeout) and restart the orders once it answers again.",
  ],
  [
    "executions-throttled",
    "AWS/States",
    "ExecutionThrottled",
    { StateMachineArn: arns.stateMachine },
    "Sum",
    "Step Functions throttled state transitions. Check the StateTransition quota in Service Quotas and request an increase, or slow down whatever starts executions.",
  ],
  [
    "executions-aborted",
    "AWS/States",
    "ExecutionsAborted",
    { StateMachineArn: arns.stateMachine },
    "Sum",
    "Executions were stopped before they finished. Find who called StopExecution in CloudTrail and restart the orders that were cut short.",
  ],
  [
    "validate-order-errors",
    "AWS/Lambda",
    "Errors",
    { FunctionName: validate },
    "Sum",
    `The validate-order function threw errors. Read /aws/lambda/${validate} for the stack traces; the workflow retries them, so check the executions-failed alarm too.`,
  ],
  [
    "validate-order-throttles",
    "AWS/Lambda",
    "Throttles",
    { FunctionName: validate },
    "Sum",
    `Lambda throttled invocations of ${validate}. Check the account's concurrent executions against its quota and the function's reserved concurrency.`,
  ],
  [
    "authorize-payment-errors",
    "AWS/Lambda",
    "Errors",
    { FunctionName: authorize },
    "Sum",
    `The authorize-payment function threw errors. Read /aws/lambda/${authorize} for the stack traces; the workflow retries them, so check the executions-failed alarm too.`,
  ],
  [
    "authorize-payment-throttles",
    "AWS/Lambda",
    "Throttles",
    { FunctionName: authorize },
    "Sum",
    `Lambda throttled invocations of ${authorize}. Check the account's concurrent executions against its quota and the function's reserved concurrency.`,
  ],
  [
    "queue-depth",
    "AWS/SQS",
    "ApproximateNumberOfMessagesVisible",
    { QueueName: `${name}-failures` },
    "Maximum",
    `Orders are waiting in the failure queue ${name}-failures. Read the messages, fix what made DynamoDB or SNS fail, then redrive them.`,
  ],
];

describe("prod alarms", () => {
  test.each(PROD_ALARMS)(
    "%s watches %s %s and notifies the ops topic when it fires and when it recovers",
    (alarm, namespace, metricName, dimensions, statistic, description) => {
      const resource = single(resourcesOf("prod"), TYPES.metricAlarm, `${name}-alarms-${alarm}`);
      expect(resource.inputs).toEqual({
        name: `${name}-alarms-${alarm}`,
        alarmDescription: description,
        namespace,
        metricName,
        dimensions,
        statistic,
        period: 60,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [arns.opsTopic],
        okActions: [arns.opsTopic],
        tags: tagsOf("prod"),
      });
    },
  );

  test("are exactly the nine alarms, each on a dimension the mocks gave a resource of the stack", () => {
    const resources = resourcesOf("prod");
    const alarms = ofType(resources, TYPES.metricAlarm);
    expect(alarms.map((alarm) => alarm.name).sort()).toEqual(
      PROD_ALARMS.map(([alarm]) => `${name}-alarms-${alarm}`).sort(),
    );
    const watched = new Set(
      [
        single(resources, TYPES.stateMachine, `${name}-state-machine`).state.arn,
        single(resources, TYPES.function, validate).state.name,
        single(resources, TYPES.function, authorize).state.name,
        single(resources, TYPES.queue, `${name}-failures`).state.name,
      ].map(String),
    );
    const dimensionValues = alarms.flatMap((alarm): unknown[] =>
      Object.values(alarm.inputs.dimensions as Record<string, unknown>),
    );
    expect(dimensionValues.filter((value) => !watched.has(String(value)))).toEqual([]);
  });

  test("notify the ops topic the mocks created, encrypted with the stack's key", () => {
    const topic = single(resourcesOf("prod"), TYPES.topic, `${name}-alarms-ops`);
    expect(topic.inputs).toEqual({
      name: `${name}-alarms-ops`,
      kmsMasterKeyId: PROD_KEY_ARN,
      tags: tagsOf("prod"),
    });
    expect(topic.state.arn).toBe(arns.opsTopic);
  });

  test("the ops topic lets only CloudWatch alarms of this account publish", () => {
    const policy = single(resourcesOf("prod"), TYPES.topicPolicy, `${name}-alarms-ops-policy`);
    expect(policy.inputs.arn).toBe(arns.opsTopic);
    expect(parseJson(policy.inputs.policy, "topic policy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "CloudWatchAlarmsOfThisAccount",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: "sns:Publish",
          Resource: arns.opsTopic,
          Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        },
      ],
    });
  });

  test("subscribe no address, as alarmEmail is empty", () => {
    expect(ofType(resourcesOf("prod"), "aws:sns/topicSubscription:TopicSubscription")).toEqual([]);
  });
});

describe("dev alarms", () => {
  const stack: StackName = "dev";
  test("there are none: no alarms component, alarm, ops topic or topic policy", () => {
    const resources = resourcesOf(stack);
    const alarmTypes: readonly string[] = [TYPES.workflowAlarms, TYPES.metricAlarm, TYPES.topicPolicy];
    expect(resources.filter((resource) => alarmTypes.includes(resource.type))).toEqual([]);
    expect(ofType(resources, TYPES.topic).map((topic) => topic.name)).toEqual([
      `${prefix(stack)}-order-events`,
    ]);
  });
});
