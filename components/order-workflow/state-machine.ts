import * as aws from "../aws";
import * as pulumi from "@pulumi/pulumi";
import { type StateMachineDefinition, toPartition } from "../asl";
import { LoggedStateMachine } from "../logged-state-machine";
import { buildOrderDefinition } from "../order-definition";
import type { OrderWorkflowSettings } from "./args";
import type { DataStores } from "./data-stores";
import { capturesFailedExecutions } from "./failure-capture";
import { AUTHORIZE_TIMEOUT_SECONDS, VALIDATE_TIMEOUT_SECONDS, type WorkflowFunctions } from "./functions";

/**
 * The logged state machine that runs the order definition; its execution role is derived from the definition,
 * on the ARNs of the stores and functions it calls.
 */
export function createStateMachine(
  parent: pulumi.Resource,
  name: string,
  settings: OrderWorkflowSettings,
  stores: DataStores,
  functions: WorkflowFunctions,
): LoggedStateMachine {
  return new LoggedStateMachine(
    `${name}-state-machine`,
    {
      definition: orderDefinition(parent, settings, stores, functions),
      type: settings.workflowType,
      resourceArns: resourceArnsByName(stores),
      ...(stores.keyArn === undefined ? {} : { kmsKeyArn: stores.keyArn }),
      logLevel: settings.logLevel,
      includeExecutionData: settings.includeExecutionData,
      logRetentionDays: settings.logRetentionDays,
      tracingEnabled: settings.tracingEnabled,
      tags: settings.tags,
    },
    { parent },
  );
}

/** The definition, once the resources it calls have ARNs, names and URLs. */
function orderDefinition(
  parent: pulumi.Resource,
  settings: OrderWorkflowSettings,
  { table, topic, failureQueue }: DataStores,
  { validate, authorize }: WorkflowFunctions,
): pulumi.Output<StateMachineDefinition> {
  const partition = aws.getPartitionOutput({}, { parent }).partition;
  return pulumi
    .all([partition, validate.functionArn, authorize.functionArn, table.name, topic.arn, failureQueue.url])
    .apply(
      ([partitionName, validateFunctionArn, authorizeFunctionArn, tableName, topicArn, failureQueueUrl]) =>
        buildOrderDefinition({
          partition: toPartition(partitionName),
          validateFunctionArn,
          authorizeFunctionArn,
          tableName,
          topicArn,
          failureQueueUrl,
          failedExecutionsCaptured: capturesFailedExecutions(settings),
          workflowType: settings.workflowType,
          validateTimeoutSeconds: VALIDATE_TIMEOUT_SECONDS,
          authorizeTimeoutSeconds: AUTHORIZE_TIMEOUT_SECONDS,
        }),
    );
}

/** The definition names the table and the queue by name and URL; the execution role needs their ARNs. */
function resourceArnsByName({ table, failureQueue }: DataStores): pulumi.Output<Record<string, string>> {
  return pulumi
    .all([table.name, table.arn, failureQueue.url, failureQueue.arn])
    .apply(([tableName, tableArn, queueUrl, queueArn]) => ({
      [tableName]: tableArn,
      [queueUrl]: queueArn,
    }));
}
