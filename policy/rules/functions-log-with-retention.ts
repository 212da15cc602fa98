import * as lambda from "@pulumi/aws/lambda";
import type { StackValidationPolicy } from "@pulumi/policy";
import { describe } from "../lib/describe";
import { logGroupsByName, retentionProblem } from "../lib/log-groups";
import { field, type Props } from "../lib/props";

/**
 * The log group a function writes to: `loggingConfig.logGroup`, else Lambda's default `/aws/lambda/<name>`.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-loggroups.html
 */
function logGroupNameOf(props: Props): string | undefined {
  const configured = field(props, "loggingConfig", "logGroup");
  if (typeof configured === "string" && configured !== "") return configured;
  return typeof props.name === "string" && props.name !== "" ? `/aws/lambda/${props.name}` : undefined;
}

/**
 * Lambda creates a missing log group on first invocation, with no retention: logs kept forever, outside the stack.
 * Creating it in the stack, with a retention, is the only way to bound it.
 */
export const functionsLogWithRetention: StackValidationPolicy = {
  name: "functions-log-with-retention",
  description:
    "Every Lambda function's log group (loggingConfig.logGroup, else /aws/lambda/<name>) is created in the same stack with retentionInDays > 0.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const functions = args.resources.filter((resource) => resource.isType(lambda.Function));
    if (functions.length === 0) args.notApplicable("The stack has no Lambda function.");
    const logGroups = logGroupsByName(args.resources);
    for (const fn of functions) {
      const props: Props = fn.props;
      const label = `Lambda function ${describe(typeof props.name === "string" ? props.name : fn.name)}`;
      const groupName = logGroupNameOf(props);
      if (groupName === undefined) {
        reportViolation(
          `${label} has neither a name nor loggingConfig.logGroup, so its log group cannot be known; allowed: a name, or loggingConfig.logGroup naming a log group of this stack.`,
          fn.urn,
        );
        continue;
      }
      const group = logGroups.get(groupName);
      if (group === undefined) {
        reportViolation(
          `${label} logs to ${describe(groupName)}, which is not a log group of this stack; allowed: a log group created in this stack with retentionInDays, named by loggingConfig.logGroup or /aws/lambda/<name>.`,
          fn.urn,
        );
        continue;
      }
      const problem = retentionProblem(group);
      if (problem !== undefined) reportViolation(`${label} logs to ${problem}.`, fn.urn);
    }
  },
};
