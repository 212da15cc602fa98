import type { Catcher } from "../../../components/asl";
import type { DiagramDefinition, DiagramState } from "./asl-view";
import { renderChoiceRule } from "./choice-rule";
import { label, NodeIds } from "./mermaid-text";
import { integrationLabel, retriesLabel } from "./task-label";

const START_ID = "start_marker";
const END_ID = "end_marker";

interface Edge {
  readonly to: string;
  readonly text?: string;
  /** Catches are dashed; every other transition is solid. */
  readonly dashed?: boolean;
}

function describe(name: string, state: DiagramState): string {
  return `State \`${name}\` (${state.Type})`;
}

/** The node: its shape tells the state's type, its label the name and what it does. */
function node(name: string, state: DiagramState): string {
  switch (state.Type) {
    case "Task": {
      const retries = retriesLabel(state.Retry);
      return `[${label([name, integrationLabel(state.Resource), ...(retries === undefined ? [] : [retries])])}]`;
    }
    case "Choice":
      return `{${label([name])}}`;
    case "Pass":
      return `(${label([name, "Pass"])})`;
    case "Wait": {
      const until =
        state.Seconds !== undefined
          ? `${state.Seconds} s`
          : (state.SecondsPath ?? state.Timestamp ?? state.TimestampPath ?? "");
      return `{{${label([name, `Wait ${until}`.trim()])}}}`;
    }
    case "Succeed":
      return `([${label([name, "Succeed"])}])`;
    case "Fail":
      return `[[${label([name, `Fail: ${state.Error ?? "no error name"}`])}]]`;
    case "Parallel":
    case "Map":
      throw new Error(
        `${describe(name, state)}: the diagram does not render Parallel or Map states yet; only Task, Choice, Pass, Wait, Succeed and Fail.`,
      );
  }
}

function catchEdges(catchers: readonly Catcher[] | undefined): Edge[] {
  return (catchers ?? []).map((catcher) => ({
    to: catcher.Next,
    text: `catch: ${catcher.ErrorEquals.join(" / ")}`,
    dashed: true,
  }));
}

/** Where a state goes: `Next`, Choice rules then `Default`, Catches; `null` is the end of the execution. */
function edges(name: string, state: DiagramState): (Edge | { readonly to: null })[] {
  switch (state.Type) {
    case "Choice":
      return [
        ...state.Choices.map((rule) => ({
          to: rule.Next,
          text: renderChoiceRule(rule, describe(name, state)),
        })),
        ...(state.Default === undefined ? [] : [{ to: state.Default, text: "Default" }]),
      ];
    case "Succeed":
    case "Fail":
      return [{ to: null }];
    default: {
      const next =
        state.End === true ? { to: null } : state.Next !== undefined ? { to: state.Next } : undefined;
      if (next === undefined) throw new Error(`${describe(name, state)} has neither Next nor End.`);
      return [next, ...("Catch" in state ? catchEdges(state.Catch) : [])];
    }
  }
}

/** States in the order a reader follows them: breadth-first from StartAt, then any unreachable ones as written. */
function readingOrder(definition: DiagramDefinition): string[] {
  const order: string[] = [];
  const queue = [definition.StartAt];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const state = definition.States[name];
    if (order.includes(name) || state === undefined) continue;
    order.push(name);
    for (const edge of edges(name, state)) if (edge.to !== null) queue.push(edge.to);
  }
  return [...order, ...Object.keys(definition.States).filter((name) => !order.includes(name))];
}

/**
 * The definition as a Mermaid `flowchart TD`: one node per state (Task rectangles with their integration and
 * retries, Choice diamonds), solid edges for `Next` and Choice rules, dashed edges for Catches, and Start and
 * End markers. The same definition always gives the same text.
 */
export function renderMermaid(definition: DiagramDefinition): string {
  if (definition.States[definition.StartAt] === undefined) {
    throw new Error(`StartAt names \`${definition.StartAt}\`, which the definition does not have.`);
  }
  const ids = new NodeIds([START_ID, END_ID]);
  const order = readingOrder(definition);
  const nodes: string[] = [`${START_ID}(("Start"))`];
  const links: string[] = [`${START_ID} --> ${ids.idOf(definition.StartAt)}`];
  for (const name of order) {
    const state = definition.States[name];
    if (state === undefined) continue;
    nodes.push(`${ids.idOf(name)}${node(name, state)}`);
    for (const edge of edges(name, state)) {
      if (edge.to !== null && definition.States[edge.to] === undefined) {
        throw new Error(
          `${describe(name, state)} goes to \`${edge.to}\`, which the definition does not have.`,
        );
      }
      const target = edge.to === null ? END_ID : ids.idOf(edge.to);
      const arrow = "dashed" in edge && edge.dashed === true ? "-.->" : "-->";
      const text = "text" in edge && edge.text !== undefined ? `|${label([edge.text])}|` : "";
      links.push(`${ids.idOf(name)} ${arrow}${text} ${target}`);
    }
  }
  nodes.push(`${END_ID}(("End"))`);
  return ["flowchart TD", ...[...nodes, ...links].map((line) => `  ${line}`)].join("\n") + "\n";
}
