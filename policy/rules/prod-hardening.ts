import * as dynamodb from "@pulumi/aws/dynamodb";
import * as sfn from "@pulumi/aws/sfn";
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";
import { describe } from "../lib/describe";
import {
  decideEnvironment,
  ENVIRONMENT_CONFIG_SCHEMA,
  type EnvironmentConfig,
  type EnvironmentDecision,
} from "../lib/environment";
import { resourceName } from "../lib/props";

const NAME = "prod-hardening";

function prodOrSkip(args: ResourceValidationArgs, tags: unknown): EnvironmentDecision {
  const environment = decideEnvironment(args.getConfig<EnvironmentConfig>(), NAME, tags);
  return environment.prod ? environment : args.notApplicable(environment.reason);
}

function checkStateMachine(
  machine: Unwrap<sfn.StateMachineArgs>,
  args: ResourceValidationArgs,
  reportViolation: ReportViolation,
): void {
  const environment = prodOrSkip(args, machine.tags);
  const label = `State machine ${describe(resourceName(machine, args.name))} is prod (${environment.reason})`;
  const includeExecutionData = machine.loggingConfiguration?.includeExecutionData;
  if (includeExecutionData !== false) {
    reportViolation(
      `${label} with loggingConfiguration.includeExecutionData ${describe(includeExecutionData)}; allowed: false (execution data holds customer orders).`,
    );
  }
  const tracing = machine.tracingConfiguration?.enabled;
  if (tracing !== true) {
    reportViolation(`${label} with tracingConfiguration.enabled ${describe(tracing)}; allowed: true.`);
  }
}

function checkTable(
  table: Unwrap<dynamodb.TableArgs>,
  args: ResourceValidationArgs,
  reportViolation: ReportViolation,
): void {
  const environment = prodOrSkip(args, table.tags);
  const label = `DynamoDB table ${describe(resourceName(table, args.name))} is prod (${environment.reason})`;
  if (table.deletionProtectionEnabled !== true) {
    reportViolation(
      `${label} with deletionProtectionEnabled ${describe(table.deletionProtectionEnabled)}; allowed: true.`,
    );
  }
  const pointInTimeRecovery = table.pointInTimeRecovery?.enabled;
  if (pointInTimeRecovery !== true) {
    reportViolation(
      `${label} with pointInTimeRecovery.enabled ${describe(pointInTimeRecovery)}; allowed: true.`,
    );
  }
}

/**
 * In prod, execution logs must not copy customer orders (state input and output), traces must exist to follow
 * an order across services, and the Orders table must survive both a stray `pulumi destroy` and a bad write.
 */
export const prodHardening: ResourceValidationPolicy = {
  name: NAME,
  description:
    "In prod, state machines log without execution data and trace with X-Ray; DynamoDB tables have deletion protection and point-in-time recovery.",
  enforcementLevel: "mandatory",
  configSchema: ENVIRONMENT_CONFIG_SCHEMA,
  validateResource: (args, reportViolation) => {
    const machine = args.asType(sfn.StateMachine);
    const table = args.asType(dynamodb.Table);
    if (machine !== undefined) {
      checkStateMachine(machine, args, reportViolation);
    } else if (table !== undefined) {
      checkTable(table, args, reportViolation);
    } else {
      args.notApplicable("The policy applies to state machines and DynamoDB tables.");
    }
  },
};
