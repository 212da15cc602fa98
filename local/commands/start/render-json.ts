import type { Integration } from "../../engine/task-plan";
import { toAwsHistory } from "../shared/execution-history";
import { outcomeOf, type ExecutionResult } from "./execution-result";
import { plainItem } from "./plain-values";

export interface JsonRunContext {
  readonly stack: string;
  readonly seed: number;
  readonly region: string;
  readonly taskIntegrations: ReadonlyMap<string, Integration>;
}

/** One execution as `--json` writes it: its status, outcome, record, messages and history. */
export function jsonExecution(result: ExecutionResult, context: JsonRunContext): Record<string, unknown> {
  const { report, planned } = result;
  return {
    name: report.executionName,
    executionArn: report.executionArn,
    input: planned.input,
    status: report.status,
    ...(report.status === "SUCCEEDED" ? { output: report.output ?? null } : {}),
    ...(report.error === undefined ? {} : { error: report.error }),
    ...(report.cause === undefined ? {} : { cause: report.cause }),
    outcome: outcomeOf(result),
    item: result.items[0] === undefined ? null : plainItem(result.items[0]),
    notifications: result.notifications.map((notification) => ({
      topicArn: notification.topicArn,
      subject: notification.subject ?? null,
      message: notification.message,
      messageAttributes: notification.messageAttributes ?? {},
    })),
    failureQueue: result.queued.map((message) => ({
      queueUrl: message.queueUrl,
      body: message.body,
      messageAttributes: message.messageAttributes ?? {},
    })),
    history: toAwsHistory(report.events, context.taskIntegrations, context.region),
  };
}

/** The run as one JSON document: what `--json` writes to stdout, and nothing else goes there. */
export function renderJson(results: readonly ExecutionResult[], context: JsonRunContext): string {
  const executions = results.map((result) => jsonExecution(result, context));
  return `${JSON.stringify({ stack: context.stack, seed: context.seed, executions }, null, 2)}\n`;
}
