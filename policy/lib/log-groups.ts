import * as cloudwatch from "@pulumi/aws/cloudwatch";
import type { PolicyResource } from "@pulumi/policy";
import { describe } from "./describe";

/** A log group the stack creates, by the name CloudWatch Logs knows it by. */
export interface StackLogGroup {
  readonly name: string;
  readonly retentionInDays: unknown;
}

/** The stack's log groups by name; one without a name of its own yet (auto-named in preview) cannot be matched. */
export function logGroupsByName(resources: readonly PolicyResource[]): ReadonlyMap<string, StackLogGroup> {
  const groups = new Map<string, StackLogGroup>();
  for (const resource of resources.filter((candidate) => candidate.isType(cloudwatch.LogGroup))) {
    const props: Readonly<Record<string, unknown>> = resource.props;
    if (typeof props.name === "string") {
      groups.set(props.name, { name: props.name, retentionInDays: props.retentionInDays });
    }
  }
  return groups;
}

/**
 * Why a log group does not keep its logs for a bounded time, or `undefined` when it does. A retention of 0 or
 * none keeps logs forever, at a cost that only grows.
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */
export function retentionProblem(group: StackLogGroup): string | undefined {
  const days = group.retentionInDays;
  if (typeof days === "number" && Number.isInteger(days) && days > 0) return undefined;
  return `log group ${describe(group.name)}, whose retentionInDays is ${describe(days)}; allowed: a whole number of days greater than 0 (0 or none keeps logs forever)`;
}

/** `arn:<partition>:logs:<region>:<account>:log-group:<name>` with the `:*` Step Functions requires, or without. */
const LOG_GROUP_ARN = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:([^:]+)(?::\*)?$/;

/** The log group name in a log group ARN, or `undefined` when the value is not one. */
export function logGroupNameOfArn(arn: unknown): string | undefined {
  return typeof arn === "string" ? LOG_GROUP_ARN.exec(arn)?.[1] : undefined;
}
