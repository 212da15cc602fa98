import { INTEGRATIONS, type IntegrationName, parseIntegrationArn } from "./integrations";
import type { JsonObject, StateMachineDefinition } from "./types";
import { taskStates } from "./walk";

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Action: readonly string[];
  readonly Resource: string | readonly string[];
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

export interface ExecutionPolicyOptions {
  /** ARNs of the resources the definition names by name or URL (DynamoDB tables, SQS queues), keyed by that name. */
  readonly resourceArns: Readonly<Record<string, string>>;
  /** Whether the state machine delivers logs to CloudWatch Logs. */
  readonly logging: boolean;
  /** Whether the state machine sends traces to X-Ray. */
  readonly tracing: boolean;
  /** Customer-managed keys that encrypt the state machine's data or the resources it writes to. @default [] */
  readonly kmsKeyArns?: readonly string[];
}

/**
 * Encrypting data for a customer-managed key, and reading it back, takes a data key from KMS; Step Functions
 * (its own execution data), SNS and SQS ask KMS as the caller.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/encryption-at-rest.html
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
 */
function kmsStatement(keyArns: readonly string[]): PolicyStatement {
  return {
    Sid: "KmsDataKeys",
    Effect: "Allow",
    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
    Resource: [...keyArns].sort(),
  };
}

/**
 * Log delivery is configured through account-level CloudWatch Logs APIs that take no resource ARN, so AWS
 * requires `"Resource": "*"` for them.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy
 */
const LOG_DELIVERY_STATEMENT: PolicyStatement = {
  Sid: "CloudWatchLogsDelivery",
  Effect: "Allow",
  Action: [
    "logs:CreateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:DescribeLogGroups",
    "logs:DescribeResourcePolicies",
    "logs:GetLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:UpdateLogDelivery",
  ],
  Resource: "*",
};

/**
 * X-Ray's trace APIs have no resource-level permissions, so AWS requires `"Resource": "*"`.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/xray-iam.html
 */
const XRAY_STATEMENT: PolicyStatement = {
  Sid: "XRayTracing",
  Effect: "Allow",
  Action: [
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
    "xray:PutTelemetryRecords",
    "xray:PutTraceSegments",
  ],
  Resource: "*",
};

function statementId(integration: IntegrationName): string {
  return integration
    .split(":")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

function resourceArnOf(
  stateName: string,
  integration: IntegrationName,
  parameters: JsonObject | undefined,
  options: ExecutionPolicyOptions,
): string {
  const { resourceParameter, namedBy } = INTEGRATIONS[integration];
  if (parameters !== undefined && `${resourceParameter}.$` in parameters) {
    throw new Error(
      `Task state \`${stateName}\` takes \`${resourceParameter}\` from a path, so its IAM resource cannot be derived; name the resource in \`${resourceParameter}\` directly.`,
    );
  }
  const value = parameters?.[resourceParameter];
  if (typeof value !== "string" || value === "") {
    throw new Error(
      `Task state \`${stateName}\` has no \`Parameters.${resourceParameter}\`; ${integration} needs one.`,
    );
  }
  if (namedBy === "arn") return value;
  const arn = options.resourceArns[value];
  if (arn === undefined) {
    const known = Object.keys(options.resourceArns);
    throw new Error(
      `Task state \`${stateName}\` names \`${value}\` in \`${resourceParameter}\`, which has no ARN in \`resourceArns\`; known: ${known.length > 0 ? known.join(", ") : "none"}.`,
    );
  }
  return arn;
}

/**
 * The execution role's policy as the union, over the definition's Task states, of what each integration needs,
 * granted on the exact ARNs the states name. Wildcard resources only where AWS requires them.
 */
export function deriveExecutionPolicy(
  definition: StateMachineDefinition,
  options: ExecutionPolicyOptions,
): PolicyDocument {
  const resourcesByIntegration = new Map<IntegrationName, Set<string>>();
  for (const { name, state } of taskStates(definition)) {
    const parsed = parseIntegrationArn(state.Resource);
    if (parsed === undefined) {
      throw new Error(
        `Task state \`${name}\` uses resource \`${state.Resource}\`, which the integration table does not know; known: ${Object.keys(INTEGRATIONS).join(", ")}.`,
      );
    }
    const arn = resourceArnOf(name, parsed.integration, state.Parameters, options);
    const resources = resourcesByIntegration.get(parsed.integration) ?? new Set<string>();
    resources.add(arn);
    resourcesByIntegration.set(parsed.integration, resources);
  }
  const taskStatements = [...resourcesByIntegration.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([integration, resources]): PolicyStatement => {
      return {
        Sid: statementId(integration),
        Effect: "Allow",
        Action: INTEGRATIONS[integration].actions,
        Resource: [...resources].sort(),
      };
    });
  return {
    Version: "2012-10-17",
    Statement: [
      ...taskStatements,
      ...((options.kmsKeyArns ?? []).length > 0 ? [kmsStatement(options.kmsKeyArns ?? [])] : []),
      ...(options.logging ? [LOG_DELIVERY_STATEMENT] : []),
      ...(options.tracing ? [XRAY_STATEMENT] : []),
    ],
  };
}
