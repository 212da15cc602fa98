import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { bundleHandler } from "./bundle";
import {
  assertNumberInRange,
  assertOneOf,
  assertResourceName,
  assertTags,
  describeValue,
  LOG_RETENTION_DAYS,
} from "./validation";

/** One statement of the function role's own policy: actions allowed on exact resources. */
export interface FunctionPolicyStatement {
  readonly sid: string;
  /** Exact actions, such as "dynamodb:GetItem"; no wildcards. */
  readonly actions: readonly string[];
  /** Exact ARNs, from the resources (`table.arn`). */
  readonly resources: readonly pulumi.Input<string>[];
}

export interface BundledFunctionArgs {
  /** The handler's entry file, relative to the project root; it must export `handler`. */
  readonly entry: string;
  /** Days CloudWatch Logs keeps `/aws/lambda/<name>`; one of {@link LOG_RETENTION_DAYS}. */
  readonly logRetentionDays: number;
  /** Environment variables of the function. @default no variables but NODE_OPTIONS */
  readonly environment?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Memory in MB; CPU scales with it. @default 128 */
  readonly memorySizeMb?: number;
  /** Seconds an invocation may run before Lambda stops it. @default 10 */
  readonly timeoutSeconds?: number;
  /**
   * What the function's code may call, beyond writing its logs: an inline policy `<name>-policy` on its role.
   * @default no statements and no inline policy
   */
  readonly policyStatements?: readonly FunctionPolicyStatement[];
  /** A customer-managed KMS key that encrypts the function's log group. @default CloudWatch Logs' own encryption */
  readonly logKmsKeyArn?: pulumi.Input<string>;
  /** Tags for every resource of the component. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The Lambda runtime and architecture every function of this project targets. */
export const LAMBDA_RUNTIME = "nodejs24.x";
export const LAMBDA_ARCHITECTURE = "arm64";

const DEFAULTS = {
  memorySizeMb: 128,
  timeoutSeconds: 10,
  policyStatements: [],
  tags: {},
} as const;

/** IAM action names: `service:Action`, letters and digits only, so no wildcard can slip in. */
const IAM_ACTION = /^[a-z0-9-]+:[A-Za-z0-9]+$/;

/** Lambda allows 64 characters in a function name, IAM 64 in a role name: `<name>-role` must fit. */
const MAX_NAME_LENGTH = 64 - "-role".length;

/** @see https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html */
const MAX_TIMEOUT_SECONDS = 900;
const MEMORY_RANGE_MB = { min: 128, max: 10240, integer: true } as const;

const LAMBDA_TRUST_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

/**
 * One handler from `functions/`, compiled with esbuild into a small archive, deployed as a nodejs24.x arm64
 * function with its own role (basic execution, plus the policy statements it is given) and its own log group with a retention. The log group is
 * created before the function so Lambda never creates one that never expires.
 */
export class BundledFunction extends pulumi.ComponentResource {
  public readonly functionName: pulumi.Output<string>;
  public readonly functionArn: pulumi.Output<string>;
  public readonly roleArn: pulumi.Output<string>;
  public readonly logGroupName: pulumi.Output<string>;
  /** Bytes of code in the deployed module, source map excluded. */
  public readonly codeBytes: number;

  constructor(name: string, args: BundledFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("order-workflow:lambda:BundledFunction", name, {}, opts);
    const settings: Settings = { ...DEFAULTS, ...args };
    assertResourceName("name", name, MAX_NAME_LENGTH);
    assertOneOf("logRetentionDays", settings.logRetentionDays, LOG_RETENTION_DAYS);
    assertNumberInRange("memorySizeMb", settings.memorySizeMb, MEMORY_RANGE_MB);
    assertNumberInRange("timeoutSeconds", settings.timeoutSeconds, {
      min: 1,
      max: MAX_TIMEOUT_SECONDS,
      integer: true,
    });
    assertTags("tags", settings.tags);
    assertPolicyStatements("policyStatements", settings.policyStatements);
    const bundle = bundleHandler(settings.entry);

    const logGroup = createLogGroup(this, name, settings);
    const { role, basicExecution } = createRole(this, name, settings);
    const policy = createPolicy(this, name, role, settings.policyStatements);
    const fn = new aws.lambda.Function(
      name,
      {
        name,
        role: role.arn,
        runtime: LAMBDA_RUNTIME,
        architectures: [LAMBDA_ARCHITECTURE],
        handler: bundle.handler,
        code: codeArchive(bundle.files),
        memorySize: settings.memorySizeMb,
        timeout: settings.timeoutSeconds,
        environment: { variables: withSourceMaps(settings.environment) },
        loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
        tags: settings.tags,
      },
      // The role's policies first, so no invocation runs without the permissions its code needs.
      { parent: this, dependsOn: [logGroup, basicExecution, ...(policy === undefined ? [] : [policy])] },
    );

    this.functionName = fn.name;
    this.functionArn = fn.arn;
    this.roleArn = role.arn;
    this.logGroupName = logGroup.name;
    this.codeBytes = bundle.codeBytes;
    this.registerOutputs({
      functionName: this.functionName,
      functionArn: this.functionArn,
      roleArn: this.roleArn,
      logGroupName: this.logGroupName,
      codeBytes: this.codeBytes,
    });
  }
}

/** The args once the defaults are filled in. */
type Settings = BundledFunctionArgs & {
  readonly [K in keyof typeof DEFAULTS]-?: NonNullable<BundledFunctionArgs[K]>;
};

function createLogGroup(parent: pulumi.Resource, name: string, settings: Settings): aws.cloudwatch.LogGroup {
  return new aws.cloudwatch.LogGroup(
    `${name}-logs`,
    {
      name: `/aws/lambda/${name}`,
      retentionInDays: settings.logRetentionDays,
      ...(settings.logKmsKeyArn === undefined ? {} : { kmsKeyId: settings.logKmsKeyArn }),
      tags: settings.tags,
    },
    { parent },
  );
}

/** The function's role, allowed basic execution only: writing its logs. */
function createRole(
  parent: pulumi.Resource,
  name: string,
  settings: Settings,
): { readonly role: aws.iam.Role; readonly basicExecution: aws.iam.RolePolicyAttachment } {
  const role = new aws.iam.Role(
    `${name}-role`,
    { name: `${name}-role`, assumeRolePolicy: LAMBDA_TRUST_POLICY, tags: settings.tags },
    { parent },
  );
  const basicExecution = new aws.iam.RolePolicyAttachment(
    `${name}-basic-execution`,
    { role: role.name, policyArn: aws.iam.ManagedPolicy.AWSLambdaBasicExecutionRole },
    { parent },
  );
  return { role, basicExecution };
}

/** The role's inline policy of the given statements, or none without statements. */
function createPolicy(
  parent: pulumi.Resource,
  name: string,
  role: aws.iam.Role,
  statements: readonly FunctionPolicyStatement[],
): aws.iam.RolePolicy | undefined {
  if (statements.length === 0) return undefined;
  return new aws.iam.RolePolicy(
    `${name}-policy`,
    {
      name: `${name}-policy`,
      role: role.id,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: statements.map((statement) => ({
          Sid: statement.sid,
          Effect: "Allow",
          Action: statement.actions,
          Resource: statement.resources,
        })),
      }),
    },
    { parent },
  );
}

export function assertPolicyStatements(field: string, statements: readonly FunctionPolicyStatement[]): void {
  statements.forEach((statement, index) => {
    if (!/^[A-Za-z0-9]+$/.test(statement.sid)) {
      throw new Error(
        `\`${field}[${index}].sid\` must be letters and digits only. Received: ${describeValue(statement.sid)}.`,
      );
    }
    if (statement.actions.length === 0 || statement.resources.length === 0) {
      throw new Error(`\`${field}[${index}]\` must name at least one action and one resource.`);
    }
    statement.actions.forEach((action, actionIndex) => {
      if (!IAM_ACTION.test(action)) {
        throw new Error(
          `\`${field}[${index}].actions[${actionIndex}]\` must be one exact IAM action such as "dynamodb:GetItem", without wildcards. Received: ${describeValue(action)}.`,
        );
      }
    });
  });
}

function codeArchive(files: Readonly<Record<string, string>>): pulumi.asset.AssetArchive {
  return new pulumi.asset.AssetArchive(
    Object.fromEntries(
      Object.entries(files).map(([file, text]) => [file, new pulumi.asset.StringAsset(text)]),
    ),
  );
}

function withSourceMaps(
  environment: BundledFunctionArgs["environment"],
): pulumi.Output<Record<string, string>> {
  return pulumi.output(environment ?? {}).apply((variables): Record<string, string> => ({
    // Stack traces then point into the TypeScript sources through the bundled source map.
    NODE_OPTIONS: "--enable-source-maps",
    ...variables,
  }));
}
