import { LOG_LEVELS, type LogLevel } from "../../components/validation";
import { AUTH_FAILURE_RATE_ENV, AUTH_LATENCY_MS_ENV } from "../../functions/authorize-payment/config";
import type { Deployment } from "../deployment";
import { isRecord } from "../json";
import type { Synthesis } from "../synth";

/** What the cost model needs of the stack's own settings, read from what it would deploy. */
export interface StackProfile {
  readonly logLevel: LogLevel;
  readonly includeExecutionData: boolean;
  /** The authorize function's configured gateway latency: billed on AWS, skipped locally. */
  readonly gatewayLatencyMs: number;
  readonly roleArn: string;
}

export function stackProfileOf(synthesis: Synthesis): StackProfile {
  const stateMachine = synthesis.resources.find(
    (resource) => resource.type === "aws:sfn/stateMachine:StateMachine",
  );
  const logging = isRecord(stateMachine?.inputs.loggingConfiguration)
    ? stateMachine.inputs.loggingConfiguration
    : {};
  const level = logging.level ?? "OFF";
  if (!(LOG_LEVELS as readonly unknown[]).includes(level)) {
    throw new Error(
      `The state machine's log level is ${JSON.stringify(level)}; expected one of ${LOG_LEVELS.join(", ")}`,
    );
  }
  const roleArn = stateMachine?.inputs.roleArn;
  const latency = Number(authorizeFunction(synthesis.deployment).environment[AUTH_LATENCY_MS_ENV]);
  return {
    logLevel: level as LogLevel,
    includeExecutionData: logging.includeExecutionData === true,
    gatewayLatencyMs: Number.isFinite(latency) ? latency : 0,
    roleArn: typeof roleArn === "string" ? roleArn : "",
  };
}

/**
 * The deployment with the simulated gateway made deterministic: it never declines at random and answers at
 * once, so declines come only from injected faults and each order's outcome is known before it runs.
 */
export function withQuietGateway(deployment: Deployment): Deployment {
  const authorize = authorizeFunction(deployment);
  return {
    ...deployment,
    functions: deployment.functions.map((fn) =>
      fn === authorize
        ? {
            ...fn,
            environment: { ...fn.environment, [AUTH_FAILURE_RATE_ENV]: "0", [AUTH_LATENCY_MS_ENV]: "0" },
          }
        : fn,
    ),
  };
}

function authorizeFunction(deployment: Deployment): Deployment["functions"][number] {
  const fn = deployment.functions.find((candidate) => AUTH_FAILURE_RATE_ENV in candidate.environment);
  if (fn === undefined) throw new Error(`No deployed function sets ${AUTH_FAILURE_RATE_ENV}`);
  return fn;
}
