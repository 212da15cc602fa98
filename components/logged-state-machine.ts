import { createHash } from "node:crypto";
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { deriveExecutionPolicy, lintDefinition, type StateMachineDefinition } from "./asl";
import { serviceTrustPolicy } from "./service-policies";
import {
  assertBoolean,
  assertOneOf,
  assertResourceName,
  assertTags,
  LOG_LEVELS,
  LOG_RETENTION_DAYS,
  type LogLevel,
} from "./validation";

export const WORKFLOW_TYPES = ["STANDARD", "EXPRESS"] as const;
export type WorkflowType = (typeof WORKFLOW_TYPES)[number];

export interface LoggedStateMachineArgs {
  /** The workflow as typed ASL; its fields may hold Outputs such as ARNs of other resources. */
  readonly definition: pulumi.Input<StateMachineDefinition>;
  /** Days CloudWatch Logs keeps the execution logs; one of {@link LOG_RETENTION_DAYS}. */
  readonly logRetentionDays: number;
  /**
   * ARNs of the resources the definition names by name or URL rather than ARN (DynamoDB tables, SQS queues),
   * keyed by that name, so the execution role can be granted on them. @default {}
   */
  readonly resourceArns?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** @default "STANDARD" */
  readonly type?: WorkflowType;
  /** Which execution events are logged. @default "ERROR" */
  readonly logLevel?: LogLevel;
  /** Whether logs hold each state's input and output; they may carry customer data. @default false */
  readonly includeExecutionData?: boolean;
  /** Whether executions send traces to X-Ray. @default false */
  readonly tracingEnabled?: boolean;
  /**
   * A customer-managed KMS key that encrypts execution data and the log group; the execution role may also use it
   * for the data it sends to resources encrypted with it. @default AWS-owned keys
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Tags for every resource of the component. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * How long Step Functions reuses a data key before it asks KMS for a new one: the longest allowed, fewest KMS
 * calls. @see https://docs.aws.amazon.com/step-functions/latest/dg/encryption-at-rest.html
 */
const KMS_DATA_KEY_REUSE_SECONDS = 900;

const DEFAULTS = {
  resourceArns: {},
  type: "STANDARD",
  logLevel: "ERROR",
  includeExecutionData: false,
  tracingEnabled: false,
  tags: {},
} as const;

/**
 * The definition as deployed: serialized once, after the lint, because AWS accepts a definition whose
 * intrinsic functions fail only when an execution reaches them.
 */
export function renderDefinition(name: string, definition: StateMachineDefinition): string {
  const problems = lintDefinition(definition);
  if (problems.length > 0) {
    throw new Error(
      `The definition of \`${name}\` has problems:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
  return JSON.stringify(definition);
}

/**
 * How the version a deploy publishes is described: by its definition's digest, so that it can be traced to the
 * definition it runs and a synthesis describes it the same way every time. `aws.sfn.StateMachine` in
 * @pulumi/aws 7.48 takes no `versionDescription` (the provider only reads it back), so the live alias's own
 * description carries it instead.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_PublishStateMachineVersion.html
 */
export function versionDescriptionOf(definitionJson: string): string {
  return `definition sha256:${createHash("sha256").update(definitionJson).digest("hex").slice(0, 16)}`;
}

/** The logging and tracing args, as a component that passes them on must check them before its own children. */
export function assertLoggingArgs(args: {
  readonly logLevel: unknown;
  readonly includeExecutionData: unknown;
  readonly logRetentionDays: unknown;
  readonly tracingEnabled: unknown;
}): void {
  assertOneOf("logLevel", args.logLevel, LOG_LEVELS);
  assertBoolean("includeExecutionData", args.includeExecutionData);
  assertOneOf("logRetentionDays", args.logRetentionDays, LOG_RETENTION_DAYS);
  assertBoolean("tracingEnabled", args.tracingEnabled);
}

/** State machine names allow 80 characters, IAM role names 64: `<name>-role` must fit. */
const MAX_NAME_LENGTH = 64 - "-role".length;

/**
 * A state machine with its execution log group (with a retention), logging and tracing settings, and an
 * execution role whose policy is derived from the definition's Task states. The state machine depends on
 * that policy, so it never runs before its permissions exist.
 */
export class LoggedStateMachine extends pulumi.ComponentResource {
  public readonly stateMachineArn: pulumi.Output<string>;
  public readonly stateMachineName: pulumi.Output<string>;
  /**
   * The version the last deploy published (`<state machine ARN>:<n>`): every change to the definition or the
   * configuration publishes one, so the live alias can be moved to exactly what was deployed.
   */
  public readonly stateMachineVersionArn: pulumi.Output<string>;
  /** What the published version runs: `definition sha256:<first 16 hex digits>`. */
  public readonly versionDescription: pulumi.Output<string>;
  public readonly roleArn: pulumi.Output<string>;
  public readonly logGroupName: pulumi.Output<string>;
  /** The definition exactly as deployed. */
  public readonly definitionJson: pulumi.Output<string>;
  /** The execution role's inline policy exactly as deployed. */
  public readonly policyJson: pulumi.Output<string>;

  constructor(name: string, args: LoggedStateMachineArgs, opts?: pulumi.ComponentResourceOptions) {
    super("order-workflow:stepfunctions:LoggedStateMachine", name, {}, opts);
    const settings: Settings = { ...DEFAULTS, ...args };
    assertResourceName("name", name, MAX_NAME_LENGTH);
    assertOneOf("type", settings.type, WORKFLOW_TYPES);
    assertLoggingArgs(settings);
    assertTags("tags", settings.tags);

    const { definitionJson, policyJson } = renderDeployed(name, settings);
    this.definitionJson = definitionJson;
    this.policyJson = policyJson;
    const logGroup = createLogGroup(this, name, settings);
    const role = createExecutionRole(this, name, settings);
    const policy = new aws.iam.RolePolicy(
      `${name}-policy`,
      { name: `${name}-policy`, role: role.id, policy: this.policyJson },
      { parent: this },
    );
    const stateMachine = new aws.sfn.StateMachine(
      name,
      {
        name,
        type: settings.type,
        roleArn: role.arn,
        definition: this.definitionJson,
        loggingConfiguration: {
          level: settings.logLevel,
          includeExecutionData: settings.includeExecutionData,
          // Step Functions requires the `:*` suffix on the log group ARN.
          logDestination: pulumi.interpolate`${logGroup.arn}:*`,
        },
        tracingConfiguration: { enabled: settings.tracingEnabled },
        encryptionConfiguration: encryptionConfiguration(settings.kmsKeyArn),
        tags: settings.tags,
        // UpdateStateMachine with `publish` publishes a version with every update, as CreateStateMachine does
        // with the first; executions started through an alias or a version ARN run that immutable snapshot.
        // https://docs.aws.amazon.com/step-functions/latest/dg/concepts-state-machine-version.html
        publish: true,
      },
      { parent: this, dependsOn: [policy] },
    );

    this.stateMachineArn = stateMachine.arn;
    this.stateMachineName = stateMachine.name;
    this.stateMachineVersionArn = stateMachine.stateMachineVersionArn;
    this.versionDescription = this.definitionJson.apply(versionDescriptionOf);
    this.roleArn = role.arn;
    this.logGroupName = logGroup.name;
    this.registerOutputs({
      stateMachineArn: this.stateMachineArn,
      stateMachineName: this.stateMachineName,
      stateMachineVersionArn: this.stateMachineVersionArn,
      versionDescription: this.versionDescription,
      roleArn: this.roleArn,
      logGroupName: this.logGroupName,
      definitionJson: this.definitionJson,
      policyJson: this.policyJson,
    });
  }
}

/** The args once the defaults are filled in. */
type Settings = LoggedStateMachineArgs & {
  readonly [K in keyof typeof DEFAULTS]-?: NonNullable<LoggedStateMachineArgs[K]>;
};

/** The definition and the execution role's policy derived from it, each exactly as deployed. */
function renderDeployed(
  name: string,
  settings: Settings,
): { readonly definitionJson: pulumi.Output<string>; readonly policyJson: pulumi.Output<string> } {
  // Resolving the definition's nested Outputs yields plain ASL, but TypeScript cannot expand `Unwrap` over
  // the recursive JSON type, so the resolved type is stated here.
  const definition = pulumi.output(
    settings.definition as pulumi.Input<unknown>,
  ) as pulumi.Output<StateMachineDefinition>;
  const definitionJson = definition.apply((resolved) => renderDefinition(name, resolved));
  const resourceArns = pulumi.output(settings.resourceArns);
  const kmsKeyArns = pulumi
    .output(settings.kmsKeyArn)
    .apply((arn): string[] => (arn === undefined ? [] : [arn]));
  // Nested rather than pulumi.all: TypeScript cannot expand Unwrap over the recursive definition type.
  const policyJson = definition.apply((resolved) =>
    pulumi.all([resourceArns, kmsKeyArns]).apply(([arns, keys]) =>
      JSON.stringify(
        deriveExecutionPolicy(resolved, {
          resourceArns: arns,
          logging: settings.logLevel !== "OFF",
          tracing: settings.tracingEnabled,
          kmsKeyArns: keys,
        }),
      ),
    ),
  );
  return { definitionJson, policyJson };
}

function createLogGroup(parent: pulumi.Resource, name: string, settings: Settings): aws.cloudwatch.LogGroup {
  return new aws.cloudwatch.LogGroup(
    `${name}-logs`,
    {
      // The /aws/vendedlogs/ prefix keeps CloudWatch Logs' resource policy for log delivery small.
      // https://docs.aws.amazon.com/step-functions/latest/dg/bp-cwl.html
      name: `/aws/vendedlogs/states/${name}`,
      retentionInDays: settings.logRetentionDays,
      ...(settings.kmsKeyArn === undefined ? {} : { kmsKeyId: settings.kmsKeyArn }),
      tags: settings.tags,
    },
    { parent },
  );
}

function createExecutionRole(parent: pulumi.Resource, name: string, settings: Settings): aws.iam.Role {
  const account = aws.getCallerIdentityOutput({}, { parent });
  return new aws.iam.Role(
    `${name}-role`,
    {
      name: `${name}-role`,
      // Only Step Functions acting for this account may assume the role (confused deputy).
      // https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html
      assumeRolePolicy: serviceTrustPolicy("states.amazonaws.com", {
        StringEquals: { "aws:SourceAccount": account.accountId },
      }),
      tags: settings.tags,
    },
    { parent },
  );
}

function encryptionConfiguration(
  kmsKeyArn: pulumi.Input<string> | undefined,
): aws.types.input.sfn.StateMachineEncryptionConfiguration {
  return kmsKeyArn === undefined
    ? { type: "AWS_OWNED_KEY" }
    : {
        type: "CUSTOMER_MANAGED_KMS_KEY",
        kmsKeyId: kmsKeyArn,
        kmsDataKeyReusePeriodSeconds: KMS_DATA_KEY_REUSE_SECONDS,
      };
}
