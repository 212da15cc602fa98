export type {
  DeployedFunction,
  DeployedQueue,
  DeployedTable,
  DeployedTableAttribute,
  DeployedTopic,
  Deployment,
} from "../model/deployment";
export type { ExecutionAssociation } from "./execution-association";
export type { ExecutionReport, ExecutionStatus, LambdaLog } from "./execution-report";
export type { HistoryEvent, HistoryEventType } from "./history";
export type { PublishedMessage, SnsMessageAttribute } from "./integrations/sns-publish";
export type { QueuedMessage, SqsMessageAttribute } from "./integrations/sqs-send-message";
export { assertSupportedNode } from "./node-version";
export { SimulatorDefectError } from "./simulator-defect-error";
export {
  LocalSimulator,
  type InjectedFault,
  type RunOptions,
  type SimulatorOptions,
  type TaskCall,
} from "./simulator";
export type { Integration } from "./task-plan";
