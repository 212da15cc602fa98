import { LOG_LEVELS, type LogLevel } from "../../../components/validation";
import { gatewayOf } from "../shared/gateway";
import { isRecord } from "../../model/json";
import type { Synthesis } from "../../capture/synth";

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
  if (!isLogLevel(level)) {
    throw new Error(
      `The state machine's log level is ${JSON.stringify(level)}; expected one of ${LOG_LEVELS.join(", ")}`,
    );
  }
  const roleArn = stateMachine?.inputs.roleArn;
  return {
    logLevel: level,
    includeExecutionData: logging.includeExecutionData === true,
    gatewayLatencyMs: Number(gatewayOf(synthesis.deployment).latencyMs),
    roleArn: typeof roleArn === "string" ? roleArn : "",
  };
}

function isLogLevel(value: unknown): value is LogLevel {
  return (LOG_LEVELS as readonly unknown[]).includes(value);
}
