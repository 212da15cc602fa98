import type { InjectedFault, TaskCall } from "../../engine/simulator";
import type { Integration } from "../../engine/task-plan";
import { quoted, UsageError } from "./usage-error";

/** `--fault <service>:<error>:<count>`: fail the first `count` calls of the run to that service. */
export interface FaultSpec {
  readonly text: string;
  /** As in the integration's ARN: "lambda", "dynamodb", "sns". */
  readonly service: string;
  /** As Step Functions names it, e.g. "Lambda.TooManyRequestsException". */
  readonly error: string;
  readonly count: number;
}

export const FAULT_SPEC_RULE =
  "<integration>:<error>:<count>, e.g. lambda:TooManyRequestsException:2, " +
  "dynamodb:ProvisionedThroughputExceededException:3, sns:ThrottledException:1";

/**
 * How Step Functions prefixes the errors of each service's optimized integration.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */
const ERROR_PREFIXES: Readonly<Record<string, string>> = {
  lambda: "Lambda",
  dynamodb: "DynamoDB",
  sns: "SNS",
  sqs: "SQS",
};

/** An SDK exception class name, which Step Functions appends to the service prefix. */
const EXCEPTION_NAME = /^[A-Z][A-Za-z0-9]*$/;

/** "lambda:invoke" → "lambda": the name a `--fault` uses for an integration. */
export function serviceOf(integration: Integration): string {
  return integration.slice(0, integration.indexOf(":"));
}

/** The services a `--fault` may name: those the state machine's Task states call, in the order given. */
export function faultableServices(integrations: Iterable<Integration>): string[] {
  return [...new Set([...integrations].map(serviceOf))].filter((service) => service in ERROR_PREFIXES);
}

/** `services`: from faultableServices, so a fault always names a service the run can hit. */
export function parseFaultSpec(text: string, services: readonly string[]): FaultSpec {
  const parts = text.split(":");
  const [service = "", exception = "", countText = ""] = parts;
  const allowedServices = services.join(", ");
  if (parts.length !== 3) {
    throw new UsageError(`--fault ${quoted(text)} has ${parts.length} part(s), not 3`, FAULT_SPEC_RULE);
  }
  const prefix = ERROR_PREFIXES[service];
  if (!services.includes(service) || prefix === undefined) {
    throw new UsageError(
      `--fault ${quoted(text)} names the integration ${quoted(service)}, which this state machine does not call`,
      `one of ${allowedServices}`,
    );
  }
  if (!EXCEPTION_NAME.test(exception)) {
    throw new UsageError(
      `--fault ${quoted(text)} names the error ${quoted(exception)}`,
      `an exception name without the service prefix, such as TooManyRequestsException (it becomes ${prefix}.TooManyRequestsException)`,
    );
  }
  const count = Number(countText);
  if (!/^\d+$/.test(countText) || count < 1 || !Number.isSafeInteger(count)) {
    throw new UsageError(
      `--fault ${quoted(text)} has the count ${quoted(countText)}`,
      "a whole number of calls, 1 or more",
    );
  }
  return { text, service, error: `${prefix}.${exception}`, count };
}

/**
 * Spends the `--fault` budgets on the run's calls in the order they are made, across executions; specs for
 * one service are spent one after the other, in the order given.
 */
export class FaultBudget {
  private readonly used: number[];

  constructor(private readonly specs: readonly FaultSpec[]) {
    this.used = specs.map(() => 0);
  }

  take(call: TaskCall): InjectedFault | undefined {
    const index = this.specs.findIndex(
      (spec, at) => spec.service === serviceOf(call.integration) && (this.used[at] ?? 0) < spec.count,
    );
    const spec = this.specs[index];
    if (spec === undefined) return undefined;
    const used = (this.used[index] ?? 0) + 1;
    this.used[index] = used;
    return { error: spec.error, cause: `injected by --fault ${spec.text} (call ${used} of ${spec.count})` };
  }
}
