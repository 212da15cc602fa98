import { LAMBDA_TRANSIENT_RETRIER, parseIntegrationArn, type Retrier } from "../../../components/asl";

/** How AWS writes each service's name; a service not listed is shown as its ARN spells it. */
const SERVICE_NAMES: Readonly<Record<string, string>> = {
  lambda: "Lambda",
  dynamodb: "DynamoDB",
  sns: "SNS",
  sqs: "SQS",
  states: "Step Functions",
  events: "EventBridge",
  ecs: "ECS",
  batch: "Batch",
  glue: "Glue",
  athena: "Athena",
  "aws-sdk": "AWS SDK",
};

const capitalize = (api: string) => api.charAt(0).toUpperCase() + api.slice(1);

/**
 * What a Task calls, as the Step Functions console names it: "Lambda Invoke", "DynamoDB PutItem". Optimized
 * integrations come from the project's integration table; other resources are named as well as their ARN allows.
 */
export function integrationLabel(resource: string): string {
  const known = parseIntegrationArn(resource);
  const [service = "", api = ""] = known?.integration.split(":") ?? [];
  if (known !== undefined) return `${SERVICE_NAMES[service] ?? service} ${capitalize(api)}`;

  const integration = /^arn:[a-z-]+:states:::(.+?)(\.sync(?::2)?|\.waitForTaskToken)?$/.exec(resource);
  if (integration?.[1] !== undefined) {
    const parts = integration[1].split(":");
    const name = parts.slice(0, -1).map((part) => SERVICE_NAMES[part] ?? part);
    return [...name, capitalize(parts.at(-1) ?? "")].join(" ") + (integration[2] ?? "");
  }
  const fn = /^arn:[a-z-]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(resource);
  if (fn?.[1] !== undefined) return `Lambda function ${fn[1]}`;
  const activity = /^arn:[a-z-]+:states:[^:]*:[^:]*:activity:(.+)$/.exec(resource);
  if (activity?.[1] !== undefined) return `Activity ${activity[1]}`;
  return resource;
}

/**
 * The project's shared retriers that list their errors, by those errors, so a diagram names them instead of
 * listing ten; a retrier on a wildcard (`States.TaskFailed`) is shown as it is.
 */
const NAMED_RETRIERS: readonly (readonly [Retrier, string])[] = [
  [LAMBDA_TRANSIENT_RETRIER, "Lambda transient"],
];

const sameErrors = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((error, index) => error === [...b].sort()[index]);

/** ASL's default when a retrier sets no MaxAttempts. @see https://states-language.net/spec.html#retrying-after-error */
const DEFAULT_MAX_ATTEMPTS = 3;

/**
 * `retries: Lambda transient ×3, PaymentDeclinedError ×3`, or `undefined` for a state that never retries. A
 * retrier with `MaxAttempts: 0` retries nothing (it keeps its errors from the retriers after it), so it is left out.
 */
export function retriesLabel(retriers: readonly Retrier[] | undefined): string | undefined {
  const retrying = (retriers ?? []).filter((retrier) => retrier.MaxAttempts !== 0);
  if (retrying.length === 0) return undefined;
  const parts = retrying.map((retrier) => {
    const named = NAMED_RETRIERS.find(([known]) => sameErrors(known.ErrorEquals, retrier.ErrorEquals));
    return `${named?.[1] ?? retrier.ErrorEquals.join(" / ")} ×${retrier.MaxAttempts ?? DEFAULT_MAX_ATTEMPTS}`;
  });
  return `retries: ${parts.join(", ")}`;
}
