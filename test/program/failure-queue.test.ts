import type { Synthesis } from "../../local/capture/synth";
import {
  ACCOUNT,
  arnsOf,
  parseJson,
  prefix,
  PROD_KEY_ARN,
  single,
  type StackName,
  STACKS,
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

/** 14 days, failureQueueRetentionDays in both stack files, in seconds. */
const RETENTION_SECONDS = 14 * 86_400;

/** The pattern Pulumi.prod.yaml sets in eventTriggerPattern; Pulumi.dev.yaml sets "" (no trigger). */
const EVENT_PATTERN = { source: ["com.example.orders"], "detail-type": ["OrderPlaced"] };

describe.each(STACKS)("stack %s: failure queue", (stack) => {
  const name = prefix(stack);
  const arns = arnsOf(stack);

  test("keeps failed orders 14 days, encrypted with the stack's key", () => {
    const queue = single(resourcesOf(stack), TYPES.queue, `${name}-failures`);
    expect(queue.inputs).toEqual({
      name: `${name}-failures`,
      messageRetentionSeconds: RETENTION_SECONDS,
      kmsMasterKeyId: stack === "prod" ? PROD_KEY_ARN : "alias/aws/sqs",
      tags: tagsOf(stack),
    });
    expect([queue.state.arn, queue.state.url]).toEqual([arns.queue, arns.queueUrl]);
  });
});

describe("stack prod: failure queue", () => {
  const name = prefix("prod");
  const arns = arnsOf("prod");

  test("lets only the trigger's rule and the failed-execution capture's rule send to it, each by its ARN", () => {
    const resources = resourcesOf("prod");
    const policy = single(resources, TYPES.queuePolicy, `${name}-failures-policy`);
    const rule = single(resources, TYPES.eventRule, `${name}-trigger-rule`);
    const captureRule = single(resources, TYPES.eventRule, `${name}-failed-executions-rule`);
    expect(policy.inputs.queueUrl).toBe(arns.queueUrl);
    expect(parseJson(policy.inputs.policy, "queue policy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "EventBridgeDeadLetters",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: arns.queue,
          Condition: { ArnEquals: { "aws:SourceArn": arns.rule } },
        },
        {
          Sid: "EventBridgeFailedExecutions",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: arns.queue,
          Condition: { ArnEquals: { "aws:SourceArn": captureRule.state.arn } },
        },
      ],
    });
    expect(rule.state.arn).toBe(arns.rule);
    expect(captureRule.state.arn).toBe(
      `arn:aws:events:us-east-1:${ACCOUNT}:rule/${name}-failed-executions-rule`,
    );
  });
});

describe("stack dev: no EventBridge trigger", () => {
  // Dev encrypts its queue with the AWS-managed SQS key, whose policy EventBridge cannot be allowed in, so
  // dev has no trigger and nothing that would send dead letters to the queue.
  test("registers no trigger, rule, target, trigger role or queue policy", () => {
    const found = resourcesOf("dev")
      .filter(
        (resource) =>
          [TYPES.eventTrigger, TYPES.eventRule, TYPES.eventTarget, TYPES.queuePolicy].some(
            (type) => resource.type === type,
          ) || resource.name.includes("trigger"),
      )
      .map((resource) => `${resource.type} ${resource.name}`);
    expect(found).toEqual([]);
  });
});

describe("stack prod: EventBridge trigger", () => {
  const stack = "prod";
  const name = prefix(stack);
  const arns = arnsOf(stack);

  test("the rule matches the stack's event pattern on the default bus", () => {
    const rule = single(resourcesOf(stack), TYPES.eventRule, `${name}-trigger-rule`);
    const { eventPattern, ...rest } = rule.inputs;
    expect(rest).toEqual({ name: `${name}-trigger-rule`, eventBusName: "default", tags: tagsOf(stack) });
    expect(parseJson(eventPattern, "eventPattern")).toEqual(EVENT_PATTERN);
  });

  test("the target starts the live alias with the event's detail, dead-lettering to the failure queue", () => {
    const target = single(resourcesOf(stack), TYPES.eventTarget, `${name}-trigger-target`);
    expect(target.inputs).toEqual({
      rule: `${name}-trigger-rule`,
      eventBusName: "default",
      arn: arns.liveAlias,
      roleArn: `arn:aws:iam::${ACCOUNT}:role/${name}-trigger-role`,
      inputPath: "$.detail",
      retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 },
      deadLetterConfig: { arn: arns.queue },
    });
  });

  test("the role trusts only EventBridge for this rule of this account", () => {
    const role = single(resourcesOf(stack), TYPES.role, `${name}-trigger-role`);
    expect(parseJson(role.inputs.assumeRolePolicy, "assumeRolePolicy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": ACCOUNT },
            ArnEquals: { "aws:SourceArn": arns.rule },
          },
        },
      ],
    });
  });

  test("the role may only start executions of this state machine, through its live alias", () => {
    const policy = single(resourcesOf(stack), TYPES.rolePolicy, `${name}-trigger-start-execution`);
    expect({ name: policy.inputs.name, role: policy.inputs.role }).toEqual({
      name: `${name}-trigger-start-execution`,
      role: `${name}-trigger-role-id`,
    });
    expect(parseJson(policy.inputs.policy, "policy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "states:StartExecution",
          Resource: arns.stateMachine,
          Condition: { "ForAnyValue:StringEquals": { "states:StateMachineQualifier": ["live"] } },
        },
      ],
    });
  });
});
