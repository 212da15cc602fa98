import { INTEGRATION_NAMES, parseIntegrationArn } from "./integrations";
import { intrinsicProblems, parseIntrinsic } from "./intrinsics";
import type { JsonValue, StateMachineDefinition } from "./types";
import { allStates } from "./walk";

function dynamicFields(value: JsonValue | undefined, at: string): { field: string; expression: string }[] {
  if (value === null || value === undefined || typeof value !== "object") return [];
  if (Array.isArray(value)) {
    return (value as readonly JsonValue[]).flatMap((item, index) => dynamicFields(item, `${at}[${index}]`));
  }
  return Object.entries(value as Record<string, JsonValue>).flatMap(([key, child]) =>
    key.endsWith(".$") && typeof child === "string"
      ? [{ field: `${at}.${key}`, expression: child }]
      : dynamicFields(child, `${at}.${key}`),
  );
}

function expressionProblems(expression: string): string[] {
  if (expression.startsWith("$")) return [];
  if (!expression.startsWith("States.")) return ["is neither a path nor an intrinsic function"];
  try {
    return intrinsicProblems(parseIntrinsic(expression));
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}

/**
 * What asl-validator does not check and AWS would refuse or fail on at run time: Task resources outside the
 * integrations this project knows, and malformed, unknown or mis-nested intrinsic functions.
 */
export function lintDefinition(definition: StateMachineDefinition): string[] {
  const problems: string[] = [];
  for (const { name, state } of allStates(definition)) {
    if (state.Type === "Task" && parseIntegrationArn(state.Resource) === undefined) {
      problems.push(
        `Task state \`${name}\` uses resource \`${state.Resource}\`; allowed: arn:<partition>:states::: followed by ${INTEGRATION_NAMES.join(", ")}.`,
      );
    }
    const templates = {
      Parameters: "Parameters" in state ? state.Parameters : undefined,
      ResultSelector: "ResultSelector" in state ? state.ResultSelector : undefined,
    };
    for (const [templateName, template] of Object.entries(templates)) {
      for (const { field, expression } of dynamicFields(template, templateName)) {
        for (const problem of expressionProblems(expression)) {
          problems.push(`State \`${name}\` field \`${field}\`: ${problem}.`);
        }
      }
    }
  }
  return problems;
}
