import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { toPartition } from "./asl";
import { buildKeyPolicy } from "./key-policy";
import { assertBoolean, assertTags } from "./validation";

export interface WorkflowKeyArgs {
  /** Log group names, `*` allowed, that CloudWatch Logs may encrypt with the key. */
  readonly logGroupPatterns: readonly string[];
  /** Whether CloudWatch alarms publish to a topic encrypted with the key. @default false */
  readonly cloudWatchAlarms?: boolean;
  /** Whether EventBridge sends undeliverable events to a queue encrypted with the key. @default false */
  readonly eventBridge?: boolean;
  /** Tags for the key. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * KMS waits this many days before it deletes a scheduled key, the longest it allows, so a key deleted by
 * mistake can be recovered.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html
 */
const DELETION_WINDOW_DAYS = 30;

/**
 * A customer-managed KMS key, rotated yearly, for a workflow's table, topics, queue, state machine and logs,
 * with an alias `alias/<name>`.
 */
export class WorkflowKey extends pulumi.ComponentResource {
  public readonly keyArn: pulumi.Output<string>;
  public readonly aliasName: pulumi.Output<string>;

  constructor(name: string, args: WorkflowKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("order-workflow:kms:WorkflowKey", name, {}, opts);
    const settings = { cloudWatchAlarms: false, eventBridge: false, tags: {}, ...args };
    if (settings.logGroupPatterns.length === 0) {
      throw new Error("`logGroupPatterns` is empty; name at least one log group the key encrypts.");
    }
    assertBoolean("cloudWatchAlarms", settings.cloudWatchAlarms);
    assertBoolean("eventBridge", settings.eventBridge);
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
              cloudWatchAlarms: settings.cloudWatchAlarms,
              eventBridge: settings.eventBridge,
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
