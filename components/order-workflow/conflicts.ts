import type { WorkflowType } from "../logged-state-machine";
import type { LogLevel } from "../validation";
import type { KmsKeyChoice } from "./args";

/**
 * Args that are each valid but cannot go together, with why; `field` names an arg as the caller knows it.
 */
export function conflictingArgs(
  args: {
    readonly workflowType: WorkflowType;
    readonly logLevel: LogLevel;
    readonly alarmsEnabled: boolean;
    readonly kmsKey: KmsKeyChoice;
    readonly eventPattern?: unknown;
  },
  field: (arg: string) => string = (arg) => arg,
): string[] {
  const conflicts: string[] = [];
  if (args.workflowType === "EXPRESS" && args.logLevel === "OFF") {
    conflicts.push(
      `\`${field("workflowType")}\` EXPRESS needs \`${field("logLevel")}\` ALL, ERROR or FATAL; received OFF. ` +
        "Express workflows keep no execution history, so their logs are the only record of what an execution did.",
    );
  }
  if (args.alarmsEnabled && args.kmsKey !== "customer-managed") {
    conflicts.push(
      `\`${field("alarmsEnabled")}\` needs \`${field("kmsKey")}\` customer-managed; received ${args.kmsKey}. ` +
        "CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed SNS key, whose key policy " +
        "cannot be changed to allow them.",
    );
  }
  if (args.eventPattern !== undefined && args.kmsKey !== "customer-managed") {
    conflicts.push(
      `\`${field("eventPattern")}\` needs \`${field("kmsKey")}\` customer-managed; received ${args.kmsKey}. ` +
        "EventBridge can only leave undeliverable events in a queue encrypted with a key whose policy allows it, " +
        "and the policy of the AWS-managed SQS key cannot be changed.",
    );
  }
  return conflicts;
}
