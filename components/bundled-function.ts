import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bundleHandler } from "./bundle";
import {
  assertNumberInRange,
  assertOneOf,
  assertResourceName,
  assertTags,
  LOG_RETENTION_DAYS,
} from "./validation";

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
  tags: {},
} as const;

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
 * function with its own role (basic execution only) and its own log group with a retention. The log group is
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
    const bundle = bundleHandler(settings.entry);

    const logGroup = createLogGroup(this, name, settings);
    const { role, basicExecution } = createRole(this, name, settings);
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
      { parent: this, dependsOn: [logGroup, basicExecution] },
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
