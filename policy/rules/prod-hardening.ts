import * as aws from "@pulumi/aws";
import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { describe } from "../lib/describe";
import { decideEnvironment, ENVIRONMENT_CONFIG_SCHEMA, type EnvironmentConfig } from "../lib/environment";
import { resourceName } from "../lib/props";

const NAME = "prod-hardening";

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
  validateResource: [
    validateResourceOfType(aws.sfn.StateMachine, (machine, args, reportViolation) => {
      const environment = decideEnvironment(args.getConfig<EnvironmentConfig>(), NAME, machine.tags);
      if (!environment.prod) args.notApplicable(environment.reason);
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
    }),
    validateResourceOfType(aws.dynamodb.Table, (table, args, reportViolation) => {
      const environment = decideEnvironment(args.getConfig<EnvironmentConfig>(), NAME, table.tags);
      if (!environment.prod) args.notApplicable(environment.reason);
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
    }),
  ],
};
