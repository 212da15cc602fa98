import { LOG_LEVELS, type LogLevel } from "../../../components/validation";
import { gatewayOf } from "../shared/gateway";
import { isRecord } from "../../model/json";
import type { Synthesis } from "../../capture/synth";
import { WORKFLOW_TYPES, type WorkflowType } from "./cost";

/** What the cost model needs of the stack's own settings, read from what it would deploy. */
export interface StackProfile {
  readonly logLevel: LogLevel;
  readonly includeExecutionData: boolean;
  /** The authorize function's configured gateway latency: billed on AWS, skipped locally. */
  readonly gatewayLatencyMs: number;
  readonly roleArn: string;
  /** The type the stack deploys; the bench costs both. */
  readonly workflowType: WorkflowType;
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
  // The provider's default when `type` is left out.
  const workflowType = stateMachine?.inputs.type ?? "STANDARD";
  if (!isWorkflowType(workflowType)) {
    throw new Error(
      `The state machine's type is ${JSON.stringify(workflowType)}; expected one of ${WORKFLOW_TYPES.join(", ")}`,
    );
  }
  return {
    logLevel: level,
    includeExecutionData: logging.includeExecutionData === true,
    gatewayLatencyMs: Number(gatewayOf(synthesis.deployment).latencyMs),
    roleArn: typeof roleArn === "string" ? roleArn : "",
    workflowType,
  };
}

function isWorkflowType(value: unknown): value is WorkflowType {
  return (WORKFLOW_TYPES as readonly unknown[]).includes(value);
}

function isLogLevel(value: unknown): value is LogLevel {
  return (LOG_LEVELS as readonly unknown[]).includes(value);
}
