import * as sfn from "@pulumi/aws/sfn";
import type { StackValidationPolicy } from "@pulumi/policy";
import { describe } from "../lib/describe";
import { logGroupNameOfArn, logGroupsByName, retentionProblem, type StackLogGroup } from "../lib/log-groups";
import { field, type Props, resourceName } from "../lib/props";

/** Levels that log something; `OFF` logs nothing. https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-log-level */
const LOGGING_LEVELS = ["ALL", "ERROR", "FATAL"] as const;

function loggingProblem(props: Props, logGroups: ReadonlyMap<string, StackLogGroup>): string | undefined {
  const level = field(props, "loggingConfiguration", "level");
  if (typeof level !== "string" || !(LOGGING_LEVELS as readonly string[]).includes(level)) {
    return `has loggingConfiguration.level ${describe(level)}; allowed: ${LOGGING_LEVELS.join(", ")}`;
  }
  const destination = field(props, "loggingConfiguration", "logDestination");
  const groupName = logGroupNameOfArn(destination);
  const group = groupName === undefined ? undefined : logGroups.get(groupName);
  if (group === undefined) {
    const known = [...logGroups.keys()];
    return `logs to ${describe(destination)}, which is not a log group of this stack; allowed: the ARN (with ":*") of one of its log groups: ${known.length > 0 ? known.join(", ") : "none"}`;
  }
  const retention = retentionProblem(group);
  return retention === undefined ? undefined : `logs to ${retention}`;
}

/**
 * Without logs a failed execution leaves nothing to investigate once its history expires, and a log group the
 * stack does not own has a retention nobody reviews.
 */
export const stateMachinesLogWithRetention: StackValidationPolicy = {
  name: "state-machines-log-with-retention",
  description:
    "Every state machine logs (loggingConfiguration.level not OFF) to a log group created in the same stack with retentionInDays > 0.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const machines = args.resources.filter((resource) => resource.isType(sfn.StateMachine));
    if (machines.length === 0) args.notApplicable("The stack has no state machine.");
    const logGroups = logGroupsByName(args.resources);
    for (const machine of machines) {
      const problem = loggingProblem(machine.props, logGroups);
      if (problem !== undefined) {
        reportViolation(
          `State machine ${describe(resourceName(machine.props, machine.name))} ${problem}.`,
          machine.urn,
        );
      }
    }
  },
};
