/**
 * Actions AWS only authorizes on `"Resource": "*"`, the one place a statement may use it. These are the lists
 * components/asl/execution-policy.ts grants a state machine (it does not export them; the pack stays
 * self-contained so it can be published on its own, and a test keeps both equal).
 */

/**
 * CloudWatch Logs delivery is configured through account-level APIs that take no resource ARN.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html
 */
export const LOG_DELIVERY_ACTIONS = [
  "logs:CreateLogDelivery",
  "logs:GetLogDelivery",
  "logs:UpdateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutResourcePolicy",
  "logs:DescribeResourcePolicies",
  "logs:DescribeLogGroups",
] as const;

/**
 * X-Ray's trace APIs have no resource-level permissions.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/xray-iam.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html
 */
export const XRAY_ACTIONS = [
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
] as const;

export const WILDCARD_RESOURCE_ACTIONS: readonly string[] = [...LOG_DELIVERY_ACTIONS, ...XRAY_ACTIONS];

// IAM matches action names case-insensitively.
const ALLOWED = new Set(WILDCARD_RESOURCE_ACTIONS.map((action) => action.toLowerCase()));

export function isWildcardResourceAction(action: string): boolean {
  return ALLOWED.has(action.toLowerCase());
}
