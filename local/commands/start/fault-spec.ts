import { SERVICE_ERRORS } from "../../engine/aws-errors";
import type { InjectedFault, TaskCall } from "../../engine/simulator";
import type { Integration } from "../../engine/task-plan";
import { quoted, UsageError } from "./usage-error";

/** `--fault <service>:<code>:<count>`: fail the first `count` calls of the run to that service with `code`. */
export interface FaultSpec {
  readonly text: string;
  /** As in the integration's ARN: "lambda", "dynamodb", "sns". */
  readonly service: string;
  /** The service's API error code, e.g. "TooManyRequestsException", "InternalServerError". */
  readonly code: string;
  readonly count: number;
}

export const FAULT_SPEC_RULE =
  "<integration>:<API error code>:<count>, e.g. lambda:TooManyRequestsException:2, " +
  "dynamodb:InternalServerError:3, sns:InternalError:1";

/** "lambda:invoke" → "lambda": the name a `--fault` uses for an integration. */
export function serviceOf(integration: Integration): string {
  return integration.slice(0, integration.indexOf(":"));
}

/** The integration a `--fault` service name stands for: each service has one here. */
function integrationOfService(service: string): Integration | undefined {
  return (Object.keys(SERVICE_ERRORS) as Integration[]).find(
    (integration) => serviceOf(integration) === service,
  );
}

/** The services a `--fault` may name: those the state machine's Task states call, in the order given. */
export function faultableServices(integrations: Iterable<Integration>): string[] {
  return [...new Set([...integrations].map(serviceOf))].filter(
    (service) => integrationOfService(service) !== undefined,
  );
}

/** `services`: from faultableServices, so a fault always names a service the run can hit. */
export function parseFaultSpec(text: string, services: readonly string[]): FaultSpec {
  const parts = text.split(":");
  const [service = "", code = "", countText = ""] = parts;
  if (parts.length !== 3) {
    throw new UsageError(`--fault ${quoted(text)} has ${parts.length} part(s), not 3`, FAULT_SPEC_RULE);
  }
  const integration = integrationOfService(service);
  if (!services.includes(service) || integration === undefined) {
    throw new UsageError(
      `--fault ${quoted(text)} names the integration ${quoted(service)}, which this state machine does not call`,
      `one of ${services.join(", ")}`,
    );
  }
  const codes = SERVICE_ERRORS[integration].errors.map((error) => error.code);
  if (!codes.includes(code)) {
    throw new UsageError(
      `--fault ${quoted(text)} names ${quoted(code)}, which is not an error code of ${integration}`,
      `one of its API's error codes, as its API reference spells them: ${codes.join(", ")}`,
    );
  }
  const count = Number(countText);
  if (!/^\d+$/.test(countText) || count < 1 || !Number.isSafeInteger(count)) {
    throw new UsageError(
      `--fault ${quoted(text)} has the count ${quoted(countText)}`,
      "a whole number of calls, 1 or more",
    );
  }
  return { text, service, code, count };
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
    return { code: spec.code, message: `injected by --fault ${spec.text} (call ${used} of ${spec.count})` };
  }
}
