import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  AUTH_FAILURE_RATE_ENV,
  AUTH_LATENCY_MS_ENV,
  AUTH_LATENCY_MS_MAX,
} from "../functions/authorize-payment/config";
import { toPartition } from "./asl";
import { BundledFunction } from "./bundled-function";
import { assertLoggingArgs, LoggedStateMachine } from "./logged-state-machine";
import { buildOrderDefinition } from "./order-definition";
import {
  assertBoolean,
  assertNumberInRange,
  assertResourceName,
  assertTags,
  type LogLevel,
} from "./validation";

export interface OrderWorkflowArgs {
  /** Which execution events the state machine logs. @default "ERROR" */
  readonly logLevel?: LogLevel;
  /** Whether execution logs hold each state's input and output, which carry customer data. @default false */
  readonly includeExecutionData?: boolean;
  /** Days CloudWatch Logs keeps the state machine's and the functions' logs. @default 30 */
  readonly logRetentionDays?: number;
  /** Whether executions send traces to X-Ray. @default false */
  readonly tracingEnabled?: boolean;
  /** Probability, 0 to 1, that the simulated payment gateway declines an attempt. @default 0.25, as the tutorial */
  readonly authFailureRate?: number;
  /** Simulated gateway latency per attempt, in milliseconds. @default 200, as the tutorial */
  readonly authLatencyMs?: number;
  /** Whether the Orders table keeps continuous backups for point-in-time recovery. @default false */
  readonly pointInTimeRecovery?: boolean;
  /** Whether DynamoDB refuses to delete the Orders table. @default false */
  readonly deletionProtection?: boolean;
  /** Tags for every resource of the workflow. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** What each setting of a workflow is when its arg is left out; stacks that leave a key out get the same. */
export const ORDER_WORKFLOW_DEFAULTS = {
  logLevel: "ERROR",
  includeExecutionData: false,
  logRetentionDays: 30,
  tracingEnabled: false,
  authFailureRate: 0.25,
  authLatencyMs: 200,
  pointInTimeRecovery: false,
  deletionProtection: false,
} as const;

/** The validator does pure checks: a cold start and a few milliseconds. */
const VALIDATE_TIMEOUT_SECONDS = 5;
/** Twice the longest simulated gateway latency a stack may configure. */
const AUTHORIZE_TIMEOUT_SECONDS = (2 * AUTH_LATENCY_MS_MAX) / 1000;

/** The longest name derived from the workflow's name, `<name>-authorize-payment-role`, must fit IAM's 64. */
const MAX_NAME_LENGTH = 64 - "-authorize-payment-role".length;

/**
 * The tutorial's order-processing workflow: an Orders table, an order-events topic, the validate and
 * authorize functions, and a logged state machine whose definition is generated from their ARNs and whose
 * execution role is derived from that definition.
 */
export class OrderWorkflow extends pulumi.ComponentResource {
  public readonly stateMachineArn: pulumi.Output<string>;
  public readonly stateMachineName: pulumi.Output<string>;
  public readonly tableName: pulumi.Output<string>;
  public readonly tableArn: pulumi.Output<string>;
  public readonly topicArn: pulumi.Output<string>;
  public readonly logGroupName: pulumi.Output<string>;
  public readonly validateFunctionName: pulumi.Output<string>;
  public readonly authorizeFunctionName: pulumi.Output<string>;
  public readonly definitionJson: pulumi.Output<string>;
  public readonly policyJson: pulumi.Output<string>;

  constructor(name: string, args: OrderWorkflowArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super("order-workflow:index:OrderWorkflow", name, {}, opts);
    const settings = { ...ORDER_WORKFLOW_DEFAULTS, tags: {}, ...args };
    assertResourceName("name", name, MAX_NAME_LENGTH);
    assertLoggingArgs(settings);
    assertNumberInRange("authFailureRate", settings.authFailureRate, { min: 0, max: 1 });
    assertNumberInRange("authLatencyMs", settings.authLatencyMs, {
      min: 0,
      max: AUTH_LATENCY_MS_MAX,
      integer: true,
    });
    assertBoolean("pointInTimeRecovery", settings.pointInTimeRecovery);
    assertBoolean("deletionProtection", settings.deletionProtection);
    const tags = assertTags("tags", settings.tags);

    const table = new aws.dynamodb.Table(
      `${name}-orders`,
      {
        name: `${name}-orders`,
        billingMode: "PAY_PER_REQUEST",
        hashKey: "orderId",
        attributes: [{ name: "orderId", type: "S" }],
        serverSideEncryption: { enabled: true },
        pointInTimeRecovery: { enabled: settings.pointInTimeRecovery },
        deletionProtectionEnabled: settings.deletionProtection,
        tags,
      },
      { parent: this },
    );
    const topic = new aws.sns.Topic(
      `${name}-order-events`,
      { name: `${name}-order-events`, tags },
      { parent: this },
    );
    const validate = new BundledFunction(
      `${name}-validate-order`,
      {
        entry: "functions/validate-order/handler.ts",
        timeoutSeconds: VALIDATE_TIMEOUT_SECONDS,
        logRetentionDays: settings.logRetentionDays,
        tags,
      },
      { parent: this },
    );
    const authorize = new BundledFunction(
      `${name}-authorize-payment`,
      {
        entry: "functions/authorize-payment/handler.ts",
        timeoutSeconds: AUTHORIZE_TIMEOUT_SECONDS,
        logRetentionDays: settings.logRetentionDays,
        environment: {
          [AUTH_FAILURE_RATE_ENV]: String(settings.authFailureRate),
          [AUTH_LATENCY_MS_ENV]: String(settings.authLatencyMs),
        },
        tags,
      },
      { parent: this },
    );

    const partition = aws.getPartitionOutput({}, { parent: this }).partition;
    const definition = pulumi
      .all([partition, validate.functionArn, authorize.functionArn, table.name, topic.arn])
      .apply(([partitionName, validateFunctionArn, authorizeFunctionArn, tableName, topicArn]) =>
        buildOrderDefinition({
          partition: toPartition(partitionName),
          validateFunctionArn,
          authorizeFunctionArn,
          tableName,
          topicArn,
          validateTimeoutSeconds: VALIDATE_TIMEOUT_SECONDS,
          authorizeTimeoutSeconds: AUTHORIZE_TIMEOUT_SECONDS,
        }),
      );
    const stateMachine = new LoggedStateMachine(
      `${name}-state-machine`,
      {
        definition,
        resourceArns: pulumi
          .all([table.name, table.arn])
          .apply(([tableName, tableArn]) => ({ [tableName]: tableArn })),
        logLevel: settings.logLevel,
        includeExecutionData: settings.includeExecutionData,
        logRetentionDays: settings.logRetentionDays,
        tracingEnabled: settings.tracingEnabled,
        tags,
      },
      { parent: this },
    );

    this.stateMachineArn = stateMachine.stateMachineArn;
    this.stateMachineName = stateMachine.stateMachineName;
    this.tableName = table.name;
    this.tableArn = table.arn;
    this.topicArn = topic.arn;
    this.logGroupName = stateMachine.logGroupName;
    this.validateFunctionName = validate.functionName;
    this.authorizeFunctionName = authorize.functionName;
    this.definitionJson = stateMachine.definitionJson;
    this.policyJson = stateMachine.policyJson;
    this.registerOutputs({
      stateMachineArn: this.stateMachineArn,
      stateMachineName: this.stateMachineName,
      tableName: this.tableName,
      tableArn: this.tableArn,
      topicArn: this.topicArn,
      logGroupName: this.logGroupName,
      validateFunctionName: this.validateFunctionName,
      authorizeFunctionName: this.authorizeFunctionName,
      definitionJson: this.definitionJson,
      policyJson: this.policyJson,
    });
  }
}
