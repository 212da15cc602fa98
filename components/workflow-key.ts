import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { toPartition } from "./asl";
import { buildKeyPolicy } from "./key-policy";
import { assertBoolean, assertTags, describeValue } from "./validation";

export interface WorkflowKeyArgs {
  /** Log group names, `*` allowed, that CloudWatch Logs may encrypt with the key. */
  readonly logGroupPatterns: readonly string[];
  /**
   * Whether a state machine encrypted with the key logs to CloudWatch Logs: log delivery must then decrypt with
   * it. @default false
   */
  readonly stateMachineLogDelivery?: boolean;
  /** Whether CloudWatch alarms publish to a topic encrypted with the key. @default false */
  readonly cloudWatchAlarms?: boolean;
  /**
   * Names of the rules, on the default event bus, that send events they could not deliver to a queue encrypted
   * with the key. Names, not ARNs: the rules are created after the key, from resources it encrypts. @default []
   */
  readonly deadLetterRuleNames?: readonly string[];
  /**
   * Names of the rules, on the default event bus, whose target is a queue encrypted with the key. Names, as for
   * `deadLetterRuleNames`. @default []
   */
  readonly queueTargetRuleNames?: readonly string[];
  /** Tags for the key. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * KMS waits this many days before it deletes a scheduled key, the longest it allows, so a key deleted by
 * mistake can be recovered.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html
 */
const DELETION_WINDOW_DAYS = 30;

/** @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html */
const EVENT_RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;

export function assertRuleNames(field: string, value: readonly unknown[]): void {
  value.forEach((name, index) => {
    if (typeof name !== "string" || !EVENT_RULE_NAME.test(name)) {
      throw new Error(
        `\`${field}[${index}]\` must be an EventBridge rule name (1 to 64 letters, digits, '.', '-' or '_'), not an ARN. Received: ${describeValue(name)}.`,
      );
    }
  });
}

/**
 * A customer-managed KMS key, rotated yearly, for a workflow's table, topics, queue, state machine and logs,
 * with an alias `alias/<name>`.
 */
export class WorkflowKey extends pulumi.ComponentResource {
  public readonly keyArn: pulumi.Output<string>;
  public readonly aliasName: pulumi.Output<string>;

  constructor(name: string, args: WorkflowKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("order-workflow:kms:WorkflowKey", name, {}, opts);
    const settings = {
      stateMachineLogDelivery: false,
      cloudWatchAlarms: false,
      deadLetterRuleNames: [],
      queueTargetRuleNames: [],
      tags: {},
      ...args,
    };
    if (settings.logGroupPatterns.length === 0) {
      throw new Error("`logGroupPatterns` is empty; name at least one log group the key encrypts.");
    }
    assertBoolean("stateMachineLogDelivery", settings.stateMachineLogDelivery);
    assertBoolean("cloudWatchAlarms", settings.cloudWatchAlarms);
    assertRuleNames("deadLetterRuleNames", settings.deadLetterRuleNames);
    assertRuleNames("queueTargetRuleNames", settings.queueTargetRuleNames);
    assertTags("tags", settings.tags);

    const partition = aws.getPartitionOutput({}, { parent: this }).partition;
    const region = aws.getRegionOutput({}, { parent: this }).region;
    const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const key = new aws.kms.Key(
      name,
      {
        description: `Encrypts an order workflow's table, topics, queue, state machine and logs (alias/${name})`,
        enableKeyRotation: true,
        deletionWindowInDays: DELETION_WINDOW_DAYS,
        policy: pulumi.all([partition, region, account]).apply(([partitionName, regionName, accountId]) =>
          JSON.stringify(
            buildKeyPolicy({
              partition: toPartition(partitionName),
              region: regionName,
              accountId,
              logGroupPatterns: settings.logGroupPatterns,
              stateMachineLogDelivery: settings.stateMachineLogDelivery,
              cloudWatchAlarms: settings.cloudWatchAlarms,
              deadLetterRuleNames: settings.deadLetterRuleNames,
              queueTargetRuleNames: settings.queueTargetRuleNames,
            }),
          ),
        ),
        tags: settings.tags,
      },
      { parent: this },
    );
    const alias = new aws.kms.Alias(
      `${name}-alias`,
      { name: `alias/${name}`, targetKeyId: key.keyId },
      { parent: this },
    );

    this.keyArn = key.arn;
    this.aliasName = alias.name;
    this.registerOutputs({ keyArn: this.keyArn, aliasName: this.aliasName });
  }
}
