import * as aws from "../aws";
import type * as pulumi from "@pulumi/pulumi";
import { eventRuleNameOf } from "../event-trigger";
import { failureCaptureRuleNameOf } from "../execution-failure-capture";
import { WorkflowKey } from "../workflow-key";
import type { OrderWorkflowSettings } from "./args";
import { capturesFailedExecutions, failureCaptureNameOf } from "./failure-capture";
import { triggerNameOf } from "./operations";

const SECONDS_PER_DAY = 86_400;

/** Powertools' DynamoDB persistence layer defaults: `keyAttr` and `expiryAttr`. */
const IDEMPOTENCY_KEY_ATTRIBUTE = "id";
const IDEMPOTENCY_EXPIRY_ATTRIBUTE = "expiration";

/**
 * The AWS-managed keys of SNS and SQS: their key policies let the account's principals use them through the
 * service, so no IAM or key policy is needed. @see https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key
 */
const AWS_MANAGED_KEYS = { sns: "alias/aws/sns", sqs: "alias/aws/sqs" } as const;

/** Where the workflow keeps its data, and the key that encrypts it. */
export interface DataStores {
  /** The customer-managed key's ARN, or undefined with AWS-managed keys. */
  readonly keyArn: pulumi.Output<string> | undefined;
  readonly table: aws.dynamodb.Table;
  /** Where the authorize function's Powertools Idempotency keeps one record per authorized payment. */
  readonly idempotencyTable: aws.dynamodb.Table;
  readonly topic: aws.sns.Topic;
  readonly failureQueue: aws.sqs.Queue;
}

/** The key, then the Orders and idempotency tables, the order-events topic and the failure queue it encrypts. */
export function createDataStores(
  parent: pulumi.Resource,
  name: string,
  settings: OrderWorkflowSettings,
): DataStores {
  const keyArn = createKey(parent, name, settings)?.keyArn;
  return {
    keyArn,
    table: createTable(parent, `${name}-orders`, ORDERS_LAYOUT, settings, keyArn),
    idempotencyTable: createTable(parent, `${name}-idempotency`, IDEMPOTENCY_LAYOUT, settings, keyArn),
    topic: createOrderEventsTopic(parent, name, settings, keyArn),
    failureQueue: createFailureQueue(parent, name, settings, keyArn),
  };
}

function createKey(
  parent: pulumi.Resource,
  name: string,
  settings: OrderWorkflowSettings,
): WorkflowKey | undefined {
  if (settings.kmsKey !== "customer-managed") return undefined;
  return new WorkflowKey(
    `${name}-key`,
    {
      logGroupPatterns: [`/aws/lambda/${name}-*`, `/aws/vendedlogs/states/${name}-*`],
      // The state machine is encrypted with the key and logs at any level but OFF.
      stateMachineLogDelivery: settings.logLevel !== "OFF",
      cloudWatchAlarms: settings.alarmsEnabled,
      deadLetterRuleNames: settings.eventPattern === undefined ? [] : [eventRuleNameOf(triggerNameOf(name))],
      queueTargetRuleNames: capturesFailedExecutions(settings)
        ? [failureCaptureRuleNameOf(failureCaptureNameOf(name))]
        : [],
      tags: settings.tags,
    },
    { parent },
  );
}

/** Where a table's items are keyed, and which attribute, if any, holds the epoch second each expires at. */
interface TableLayout {
  readonly hashKey: string;
  readonly ttlAttribute?: string;
}

const ORDERS_LAYOUT: TableLayout = { hashKey: "orderId" };

/**
 * The table layout Powertools Idempotency's DynamoDB persistence layer expects by default: partition key `id`
 * (S), TTL on `expiration`, which deletes records after they expire. Encrypted, recoverable and protected like
 * the Orders table: its records are transient, but while one lives it is what stops a replayed order from being
 * charged again, so losing the table would reopen that window.
 * @see https://docs.aws.amazon.com/powertools/typescript/latest/features/idempotency/#dynamodb-table
 */
const IDEMPOTENCY_LAYOUT: TableLayout = {
  hashKey: IDEMPOTENCY_KEY_ATTRIBUTE,
  ttlAttribute: IDEMPOTENCY_EXPIRY_ATTRIBUTE,
};

/** An on-demand table keyed by one string attribute, encrypted, recoverable and protected as the stack says. */
function createTable(
  parent: pulumi.Resource,
  tableName: string,
  layout: TableLayout,
  settings: OrderWorkflowSettings,
  keyArn: pulumi.Output<string> | undefined,
): aws.dynamodb.Table {
  return new aws.dynamodb.Table(
    tableName,
    {
      name: tableName,
      billingMode: "PAY_PER_REQUEST",
      hashKey: layout.hashKey,
      attributes: [{ name: layout.hashKey, type: "S" }],
      ...(layout.ttlAttribute === undefined
        ? {}
        : { ttl: { attributeName: layout.ttlAttribute, enabled: true } }),
      ...protectedTableArgs(settings, keyArn),
    },
    { parent, protect: settings.deletionProtection },
  );
}

/** What both tables share: encryption (with the workflow's key when it has one), point-in-time recovery, deletion protection. */
function protectedTableArgs(
  settings: OrderWorkflowSettings,
  keyArn: pulumi.Output<string> | undefined,
): Pick<
  aws.dynamodb.TableArgs,
  "serverSideEncryption" | "pointInTimeRecovery" | "deletionProtectionEnabled" | "tags"
> {
  return {
    serverSideEncryption: { enabled: true, ...(keyArn === undefined ? {} : { kmsKeyArn: keyArn }) },
    pointInTimeRecovery: { enabled: settings.pointInTimeRecovery },
    deletionProtectionEnabled: settings.deletionProtection,
    tags: settings.tags,
  };
}

function createOrderEventsTopic(
  parent: pulumi.Resource,
  name: string,
  settings: OrderWorkflowSettings,
  keyArn: pulumi.Output<string> | undefined,
): aws.sns.Topic {
  return new aws.sns.Topic(
    `${name}-order-events`,
    { name: `${name}-order-events`, kmsMasterKeyId: keyArn ?? AWS_MANAGED_KEYS.sns, tags: settings.tags },
    { parent },
  );
}

function createFailureQueue(
  parent: pulumi.Resource,
  name: string,
  settings: OrderWorkflowSettings,
  keyArn: pulumi.Output<string> | undefined,
): aws.sqs.Queue {
  return new aws.sqs.Queue(
    `${name}-failures`,
    {
      name: `${name}-failures`,
      messageRetentionSeconds: settings.failureQueueRetentionDays * SECONDS_PER_DAY,
      kmsMasterKeyId: keyArn ?? AWS_MANAGED_KEYS.sqs,
      tags: settings.tags,
    },
    { parent },
  );
}
