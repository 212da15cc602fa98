import { capturesFailedExecutions } from "../../components/order-workflow/failure-capture";
import type { Synthesis } from "../../local/capture/synth";
import {
  ACCOUNT,
  arnsOf,
  ofType,
  parseJson,
  prefix,
  REGION,
  single,
  type StackName,
  synthesizeStacks,
  synthOf,
  tagsOf,
  TYPES,
} from "./helpers";

const CAPTURE = "order-workflow:events:ExecutionFailureCapture";

let synths: ReadonlyMap<StackName, Synthesis> | undefined;

beforeAll(async () => {
  synths = await synthesizeStacks();
});

const resourcesOf = (stack: StackName) => synthOf(synths, stack).resources;

describe("which workflows capture their failed executions", () => {
  test.each([
    ["STANDARD", "customer-managed", true],
    // EventBridge cannot send to a queue under alias/aws/sqs; the states keep catching into the queue.
    ["STANDARD", "aws-managed", false],
    // Express workflows send no status-change events and cannot be redriven.
    ["EXPRESS", "customer-managed", false],
    ["EXPRESS", "aws-managed", false],
  ] as const)("%s with %s keys: %s", (workflowType, kmsKey, captured) => {
    expect(capturesFailedExecutions({ workflowType, kmsKey })).toBe(captured);
  });
});

describe("stack prod: the failed-execution capture", () => {
  const name = prefix("prod");
  const arns = arnsOf("prod");
  const ruleName = `${name}-failed-executions-rule`;
  const ruleArn = `arn:aws:events:${REGION}:${ACCOUNT}:rule/${ruleName}`;

  // Its parents are checked with every other resource's in dependencies.test.ts.
  test("the rule matches every unsuccessful ending of the stack's state machine, and sends it to the failure queue", () => {
    const rule = single(resourcesOf("prod"), TYPES.eventRule, ruleName);
    const { eventPattern, ...rest } = rule.inputs;
    expect(rest).toEqual({
      name: ruleName,
      description: "Sends each execution that ends without success to the failure queue",
      tags: tagsOf("prod"),
    });
    expect(parseJson(eventPattern, "eventPattern")).toEqual({
      source: ["aws.states"],
      "detail-type": ["Step Functions Execution Status Change"],
      detail: { status: ["FAILED", "TIMED_OUT", "ABORTED"], stateMachineArn: [arns.stateMachine] },
    });
    expect(rule.state.arn).toBe(ruleArn);
    const target = single(resourcesOf("prod"), TYPES.eventTarget, `${name}-failed-executions-target`);
    expect(target.inputs).toEqual({
      rule: ruleName,
      arn: arns.queue,
      retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 },
    });
  });

  test("the key lets EventBridge encrypt for that rule only", () => {
    const key = single(resourcesOf("prod"), TYPES.kmsKey, `${name}-key`);
    const policy = parseJson(key.inputs.policy, "key policy") as { Statement: { Sid: string }[] };
    expect(policy.Statement.find((statement) => statement.Sid === "EventBridgeQueueTargets")).toEqual({
      Sid: "EventBridgeQueueTargets",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: "*",
      Condition: { ArnEquals: { "aws:SourceArn": [ruleArn] } },
    });
  });

  test("an alarm watches the rule's failed deliveries", () => {
    const alarm = single(
      resourcesOf("prod"),
      TYPES.metricAlarm,
      `${name}-alarms-failure-capture-failed-invocations`,
    );
    expect([alarm.inputs.namespace, alarm.inputs.metricName, alarm.inputs.dimensions]).toEqual([
      "AWS/Events",
      "FailedInvocations",
      { RuleName: ruleName },
    ]);
  });
});

describe("stack dev: no capture under the AWS-managed SQS key", () => {
  test("registers no capture, and its definition keeps catching into the failure queue", () => {
    const resources = resourcesOf("dev");
    expect(ofType(resources, CAPTURE)).toEqual([]);
    expect(ofType(resources, TYPES.eventRule)).toEqual([]);
    expect(synthOf(synths, "dev").deployment.failureCapture).toBeUndefined();
    expect(synthOf(synths, "dev").deployment.definition).toContain('"SendToFailureQueue"');
  });
});
