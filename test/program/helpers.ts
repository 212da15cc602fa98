import type { CapturedResource } from "../../local/capture/pulumi-mocks";
import type { Synthesis } from "../../local/capture/synth";
import { cachedSynthesis } from "../../local/capture/synth-cache";

/** The stacks of this project, as Pulumi.<stack>.yaml files declare them. */
export const STACKS = ["dev", "prod"] as const;
export type StackName = (typeof STACKS)[number];

/** Where the mocks pretend to deploy (MOCK_ACCOUNT_ID; aws:region of both stack files). */
export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";

export const TYPES = {
  workflow: "order-workflow:index:OrderWorkflow",
  bundledFunction: "order-workflow:lambda:BundledFunction",
  loggedStateMachine: "order-workflow:stepfunctions:LoggedStateMachine",
  table: "aws:dynamodb/table:Table",
  topic: "aws:sns/topic:Topic",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  policy: "aws:iam/policy:Policy",
  function: "aws:lambda/function:Function",
  stateMachine: "aws:sfn/stateMachine:StateMachine",
  workflowKey: "order-workflow:kms:WorkflowKey",
  workflowAlarms: "order-workflow:cloudwatch:WorkflowAlarms",
  eventTrigger: "order-workflow:events:EventBridgeTrigger",
  queue: "aws:sqs/queue:Queue",
  queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
  kmsKey: "aws:kms/key:Key",
  kmsAlias: "aws:kms/alias:Alias",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  logMetricFilter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
  topicSubscription: "aws:sns/topicSubscription:TopicSubscription",
  eventRule: "aws:cloudwatch/eventRule:EventRule",
  eventTarget: "aws:cloudwatch/eventTarget:EventTarget",
  liveAlias: "order-workflow:stepfunctions:LiveAlias",
  cfnStack: "aws:cloudformation/stack:Stack",
} as const;

/** `order-workflow-<stack>`: the workflow's name, which starts every resource name. */
export const prefix = (stack: StackName): string => `order-workflow-${stack}`;

/** The tags every taggable resource of a stack carries (Pulumi.<stack>.yaml sets Owner). */
export const tagsOf = (stack: StackName): Record<string, string> => ({
  Application: "order-workflow",
  Environment: stack,
  Owner: "platform-team",
});

/** The ARNs the mocks give a stack's resources, written out as AWS formats them. */
export const arnsOf = (stack: StackName) => {
  const name = prefix(stack);
  return {
    table: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}-orders`,
    validate: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}-validate-order`,
    authorize: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}-authorize-payment`,
    topic: `arn:aws:sns:${REGION}:${ACCOUNT}:${name}-order-events`,
    queue: `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}-failures`,
    queueUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}-failures`,
    stateMachine: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}-state-machine`,
    /** The state machine's first version: what the mocks answer for a state machine that publishes. */
    version: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}-state-machine:1`,
    liveAlias: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}-state-machine:live`,
    rule: `arn:aws:events:${REGION}:${ACCOUNT}:rule/${name}-trigger-rule`,
    opsTopic: `arn:aws:sns:${REGION}:${ACCOUNT}:${name}-alarms-ops`,
  };
};

/**
 * The prod key's ARN as the mocks answer it: a key id whose last group is the length of the key's name
 * (`order-workflow-prod-key`, 23 characters). Tests compare it with the key resource's own ARN too.
 */
export const PROD_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/00000000-0000-0000-0000-000000000023`;

/** The functions of the workflow, by the suffix of their names. */
export const FUNCTIONS = ["validate-order", "authorize-payment"] as const;

export function ofType(resources: readonly CapturedResource[], type: string): CapturedResource[] {
  return resources.filter((resource) => resource.type === type);
}

/** The one resource with this type and logical name; fails when there is none or more than one. */
export function single(resources: readonly CapturedResource[], type: string, name: string): CapturedResource {
  const matches = resources.filter((resource) => resource.type === type && resource.name === name);
  const [match] = matches;
  if (match === undefined || matches.length > 1) {
    throw new Error(`Expected exactly one ${type} named ${name}; found ${matches.length}.`);
  }
  return match;
}

/** Parses a JSON input; fails when the input is not a string. */
export function parseJson(value: unknown, what: string): unknown {
  if (typeof value !== "string") throw new Error(`${what} is not a JSON string.`);
  return JSON.parse(value) as unknown;
}

/**
 * Every stack's synthesis, from the cache of `cachedSynthesis` unless another source is given (`synthesize`, for
 * the checks on Pulumi's own asset classes). One stack after the other: `synthesize` drains its RPCs, so the
 * stacks stay apart.
 */
export async function synthesizeStacks(
  source: (stack: StackName) => Promise<Synthesis> = cachedSynthesis,
): Promise<ReadonlyMap<StackName, Synthesis>> {
  const synths = new Map<StackName, Synthesis>();
  for (const stack of STACKS) {
    synths.set(stack, await source(stack));
  }
  return synths;
}

/** The synthesis of one stack from {@link synthesizeStacks}, once `beforeAll` has run. */
export function synthOf(synths: ReadonlyMap<StackName, Synthesis> | undefined, stack: StackName): Synthesis {
  const found = synths?.get(stack);
  if (found === undefined) throw new Error(`No synthesis for ${stack}.`);
  return found;
}
