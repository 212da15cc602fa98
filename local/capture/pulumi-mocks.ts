import type * as pulumi from "@pulumi/pulumi";
import { isRecord } from "../model/json";

/** The account and region a synthesized stack pretends to deploy into. */
export interface MockEnvironment {
  readonly accountId: string;
  readonly region: string;
}

export const MOCK_ACCOUNT_ID = "123456789012";

/** A resource as the program registered it. */
export interface CapturedResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  /** What the mocks answered: the inputs plus `name`, `arn` and whatever AWS computes. */
  readonly state: Readonly<Record<string, unknown>>;
}

/**
 * ARN formats by resource type. Every resource gets `name` and `arn` from here: a missing `arn` would make
 * `JSON.stringify` silently drop it from the generated definition and policy, and validation would not notice.
 */
const ARN_FORMATS: Readonly<Record<string, (env: MockEnvironment, name: string) => string>> = {
  "aws:lambda/function:Function": (env, name) =>
    `arn:aws:lambda:${env.region}:${env.accountId}:function:${name}`,
  "aws:dynamodb/table:Table": (env, name) => `arn:aws:dynamodb:${env.region}:${env.accountId}:table/${name}`,
  "aws:sns/topic:Topic": (env, name) => `arn:aws:sns:${env.region}:${env.accountId}:${name}`,
  "aws:cloudwatch/logGroup:LogGroup": (env, name) =>
    `arn:aws:logs:${env.region}:${env.accountId}:log-group:${name}`,
  "aws:iam/role:Role": (env, name) => `arn:aws:iam::${env.accountId}:role/${name}`,
  "aws:iam/rolePolicy:RolePolicy": (env, name) => `arn:aws:iam::${env.accountId}:role-policy/${name}`,
  "aws:iam/policy:Policy": (env, name) => `arn:aws:iam::${env.accountId}:policy/${name}`,
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": (env, name) =>
    `arn:aws:iam::${env.accountId}:role-policy-attachment/${name}`,
  "aws:sfn/stateMachine:StateMachine": (env, name) =>
    `arn:aws:states:${env.region}:${env.accountId}:stateMachine:${name}`,
  "aws:sqs/queue:Queue": (env, name) => `arn:aws:sqs:${env.region}:${env.accountId}:${name}`,
  "aws:sqs/queuePolicy:QueuePolicy": (env, name) => `arn:aws:sqs:${env.region}:${env.accountId}:${name}`,
  "aws:sns/topicSubscription:TopicSubscription": (env, name) =>
    `arn:aws:sns:${env.region}:${env.accountId}:${name}:00000000-0000-0000-0000-000000000000`,
  "aws:sns/topicPolicy:TopicPolicy": (env, name) => `arn:aws:sns:${env.region}:${env.accountId}:${name}`,
  "aws:cloudwatch/metricAlarm:MetricAlarm": (env, name) =>
    `arn:aws:cloudwatch:${env.region}:${env.accountId}:alarm:${name}`,
  // AWS gives metric filters no ARN; the mocks give every resource one.
  "aws:cloudwatch/logMetricFilter:LogMetricFilter": (env, name) =>
    `arn:aws:logs:${env.region}:${env.accountId}:metric-filter:${name}`,
  "aws:cloudwatch/eventRule:EventRule": (env, name) =>
    `arn:aws:events:${env.region}:${env.accountId}:rule/${name}`,
  "aws:cloudwatch/eventTarget:EventTarget": (env, name) =>
    `arn:aws:events:${env.region}:${env.accountId}:target/${name}`,
  "aws:kms/key:Key": (env, name) =>
    `arn:aws:kms:${env.region}:${env.accountId}:key/00000000-0000-0000-0000-${name.length.toString().padStart(12, "0")}`,
  "aws:kms/alias:Alias": (env, name) => `arn:aws:kms:${env.region}:${env.accountId}:${name}`,
  "aws:cloudformation/stack:Stack": (env, name) =>
    `arn:aws:cloudformation:${env.region}:${env.accountId}:stack/${name}/00000000-0000-0000-0000-000000000000`,
};

/** CloudFormation resolves an output's `{ "Ref": <logical id> }`; only the refs this program's stacks use. */
const REF_VALUES: Readonly<Record<string, (properties: Record<string, unknown>) => string>> = {
  // Ref of an alias is its ARN: the state machine's ARN, a colon, the alias name.
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachinealias.html#aws-resource-stepfunctions-statemachinealias-return-values
  "AWS::StepFunctions::StateMachineAlias": (properties) => {
    const preference = isRecord(properties.DeploymentPreference) ? properties.DeploymentPreference : {};
    const versionArn = String(preference.StateMachineVersionArn);
    return `${versionArn.slice(0, versionArn.lastIndexOf(":"))}:${String(properties.Name)}`;
  },
};

/** A stack's outputs as CloudFormation would report them once the template is deployed. */
function stackOutputs(templateBody: unknown): Record<string, string> {
  const template: unknown = typeof templateBody === "string" ? JSON.parse(templateBody) : undefined;
  if (!isRecord(template) || !isRecord(template.Resources) || !isRecord(template.Outputs)) {
    throw new Error(
      "The Pulumi mocks read a stack's outputs from a JSON templateBody with Resources and Outputs.",
    );
  }
  const resources = template.Resources;
  return Object.fromEntries(
    Object.entries(template.Outputs).map(([key, output]) => {
      const value = isRecord(output) ? output.Value : undefined;
      const logicalId = isRecord(value) ? value.Ref : undefined;
      const resource = typeof logicalId === "string" ? resources[logicalId] : undefined;
      const resolve = isRecord(resource) ? REF_VALUES[String(resource.Type)] : undefined;
      if (!isRecord(resource) || resolve === undefined) {
        throw new Error(
          `The Pulumi mocks cannot resolve the stack output ${key}: ${JSON.stringify(output)}.`,
        );
      }
      return [key, resolve(isRecord(resource.Properties) ? resource.Properties : {})];
    }),
  );
}

/** What AWS computes besides the ARN, for the types whose other outputs the program uses. */
const COMPUTED_STATE: Readonly<
  Record<
    string,
    (env: MockEnvironment, name: string, inputs: Record<string, unknown>) => Readonly<Record<string, unknown>>
  >
> = {
  "aws:sqs/queue:Queue": (env, name) => ({
    url: `https://sqs.${env.region}.amazonaws.com/${env.accountId}/${name}`,
  }),
  "aws:kms/key:Key": (_env, name) => ({ keyId: `${name}-key-id` }),
  // A state machine that publishes has version 1 after its first deploy.
  "aws:sfn/stateMachine:StateMachine": (env, name, inputs) =>
    inputs.publish === true
      ? { stateMachineVersionArn: `${ARN_FORMATS["aws:sfn/stateMachine:StateMachine"]?.(env, name)}:1` }
      : {},
  "aws:cloudformation/stack:Stack": (_env, _name, inputs) => ({ outputs: stackOutputs(inputs.templateBody) }),
};

/**
 * Pulumi mocks that answer like AWS for the resource types this program creates, and record every resource.
 * A type or function call they do not know fails loudly instead of returning a state without an ARN.
 */
export class RecordingMocks implements pulumi.runtime.Mocks {
  readonly resources: CapturedResource[] = [];

  /**
   * @param env Where the stack pretends to deploy.
   * @param newStackPreview Answer as a preview of a stack not yet deployed: AWS has computed nothing, so ids
   *   and ARNs stay unknown and no `apply` over them runs.
   */
  constructor(
    private readonly env: MockEnvironment,
    private readonly newStackPreview = false,
  ) {}

  newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    const inputs: Record<string, unknown> = isRecord(args.inputs) ? args.inputs : {};
    const name = typeof inputs.name === "string" ? inputs.name : args.name;
    if (!args.custom || this.newStackPreview) {
      const state = { ...inputs };
      this.resources.push({ type: args.type, name: args.name, inputs, state });
      return { id: undefined, state };
    }
    const arnFormat = ARN_FORMATS[args.type];
    if (arnFormat === undefined) {
      throw new Error(
        `The Pulumi mocks know no ARN format for \`${args.type}\` (resource \`${args.name}\`); add one to local/pulumi-mocks.ts.`,
      );
    }
    const state = {
      ...inputs,
      name,
      arn: arnFormat(this.env, name),
      id: `${name}-id`,
      ...COMPUTED_STATE[args.type]?.(this.env, name, inputs),
    };
    this.resources.push({ type: args.type, name: args.name, inputs, state });
    return { id: `${name}-id`, state };
  }

  call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
    switch (args.token) {
      case "aws:index/getPartition:getPartition":
        return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
      case "aws:index/getCallerIdentity:getCallerIdentity":
        return {
          id: this.env.accountId,
          accountId: this.env.accountId,
          arn: `arn:aws:iam::${this.env.accountId}:user/synth`,
          userId: "AIDASYNTH",
        };
      case "aws:index/getRegion:getRegion":
        return { id: this.env.region, name: this.env.region, region: this.env.region };
      default:
        throw new Error(`The Pulumi mocks do not answer \`${args.token}\`; add it to local/pulumi-mocks.ts.`);
    }
  }
}
