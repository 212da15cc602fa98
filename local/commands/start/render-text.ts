import type { HistoryEvent } from "../../engine/history";
import type { PublishedMessage } from "../../engine/integrations/sns-publish";
import type { QueuedMessage } from "../../engine/integrations/sqs-send-message";
import { outcomeOf, type ExecutionResult } from "./execution-result";
import { plainValue } from "./plain-values";
import type { Style } from "./style";

const LABEL_WIDTH = 10;

function labelled(label: string, lines: readonly string[]): string[] {
  return lines.map((line, index) => `  ${(index === 0 ? label : "").padEnd(LABEL_WIDTH)}${line}`);
}

function valueText(value: unknown): string {
  const plain = plainValue(value);
  return typeof plain === "string" ? plain : JSON.stringify(plain);
}

/** One line per state entered; retries and catches under the state they concern. */
export function pathLines(events: readonly HistoryEvent[], style: Style): string[] {
  const entered = events.filter((event) => event.type === "StateEntered");
  const width = Math.max(0, ...entered.map((event) => (event.stateName ?? "").length));
  const lines: string[] = [];
  let stateLine: { state: string; marks: number } | undefined;
  const mark = (text: string): void => {
    if (stateLine === undefined) return;
    const prefix = stateLine.marks === 0 ? stateLine.state.padEnd(width + 2) : " ".repeat(width + 2);
    if (stateLine.marks === 0) lines.pop();
    lines.push(prefix + text);
    stateLine.marks += 1;
  };
  for (const [index, event] of events.entries()) {
    if (event.type === "StateEntered") {
      stateLine = { state: event.stateName ?? "", marks: 0 };
      lines.push(stateLine.state);
    } else if (event.type === "StateFailed") {
      const next = events[index + 1];
      const error = event.error ?? "";
      if (next?.type === "StateRetried") mark(style.warn(`retry ${next.retryAttempt ?? 0} after ${error}`));
      else if (next?.type === "StateCaught") mark(style.warn(`caught ${error}`));
      else mark(style.bad(`failed with ${error}`));
    }
  }
  return lines;
}

function itemLines(items: readonly Record<string, unknown>[]): string[] {
  if (items.length === 0) return ["none recorded by this execution"];
  return items.flatMap((item, index) => {
    const width = Math.max(...Object.keys(item).map((key) => key.length));
    const lines = Object.entries(item).map(([key, value]) => `${key.padEnd(width + 2)}${valueText(value)}`);
    return index === 0 ? lines : ["", ...lines];
  });
}

function notificationLines(notifications: readonly PublishedMessage[]): string[] {
  if (notifications.length === 0) return ["none"];
  return notifications.flatMap((notification) => {
    const attributes = Object.entries(notification.messageAttributes ?? {}).map(
      ([name, attribute]) =>
        `${name}=${attribute.StringValue ?? attribute.BinaryValue ?? ""} (${attribute.DataType})`,
    );
    return [
      `subject     ${notification.subject ?? "(none)"}`,
      `message     ${notification.message}`,
      `attributes  ${attributes.join(", ") || "(none)"}`,
    ];
  });
}

function queuedLines(queued: readonly QueuedMessage[]): string[] {
  return queued.flatMap((message) => [
    `queue       ${message.queueUrl}`,
    ...(message.ruleName === undefined
      ? [`error       ${message.messageAttributes?.error?.StringValue ?? "(none)"}`]
      : [`sent by     rule ${message.ruleName}`]),
    `body        ${message.body}`,
  ]);
}

function statusLines(result: ExecutionResult, style: Style): string[] {
  const { report } = result;
  const outcome = outcomeOf(result);
  const paint =
    report.status !== "SUCCEEDED" ? style.bad : outcome === "AUTHORIZED" ? style.good : style.warn;
  const lines = [paint(report.status === "SUCCEEDED" ? `SUCCEEDED, order ${outcome}` : report.status)];
  if (report.error !== undefined) lines.push(`error  ${report.error}`);
  if (report.cause !== undefined) lines.push(`cause  ${report.cause}`);
  const expected = result.planned.scenario?.expect;
  if (expected !== undefined && expected !== outcome)
    lines.push(style.bad(`the scenario expects ${expected}`));
  return lines;
}

export function renderExecution(result: ExecutionResult, position: string, style: Style): string {
  const { planned, report } = result;
  return [
    style.bold(`── ${position} ${planned.name} `.padEnd(78, "─")),
    ...(planned.scenario === undefined ? [] : labelled("about", [planned.scenario.about])),
    ...labelled("input", [JSON.stringify(planned.input)]),
    ...labelled("path", pathLines(report.events, style)),
    ...labelled("status", statusLines(result, style)),
    ...labelled("item", itemLines(result.items)),
    ...labelled("notified", notificationLines(result.notifications)),
    ...(result.queued.length === 0 ? [] : labelled("queued", queuedLines(result.queued))),
    "",
  ].join("\n");
}

/** One line per outcome, in the order outcomes first occur: how many, and which executions. */
export function renderSummary(results: readonly ExecutionResult[], style: Style): string {
  const byOutcome = new Map<string, string[]>();
  for (const result of results) {
    const outcome = outcomeOf(result);
    byOutcome.set(outcome, [...(byOutcome.get(outcome) ?? []), result.planned.name]);
  }
  const width = Math.max(...[...byOutcome.keys()].map((outcome) => outcome.length));
  const count = String(results.length).length;
  return [
    style.bold(`${results.length} execution${results.length === 1 ? "" : "s"}`),
    ...[...byOutcome].map(
      ([outcome, names]) =>
        `  ${outcome.padEnd(width)}  ${String(names.length).padStart(count)}  ${names.join(", ")}`,
    ),
    "",
  ].join("\n");
}
