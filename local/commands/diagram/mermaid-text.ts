/**
 * Mermaid's lexer gives meaning to quotes, brackets, braces, parentheses and `|`, and renders labels as HTML;
 * inside a quoted label each such character is written as an entity code (`#34;`), which Mermaid decodes.
 * @see https://mermaid.js.org/syntax/flowchart.html#entity-codes-to-escape-characters
 */
const SPECIAL = /["#&<>[\]{}()|`;]/g;

/** Label text that Mermaid shows as written; line breaks become spaces (callers join lines with `<br/>`). */
export function escapeLabel(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").replace(SPECIAL, (char) => `#${char.charCodeAt(0)};`);
}

/** A quoted label of escaped lines. */
export function label(lines: readonly string[]): string {
  return `"${lines.map(escapeLabel).join("<br/>")}"`;
}

/**
 * Words that end or start a statement in a flowchart: a node with such an id breaks the diagram (lower-case
 * `end` notably).
 * @see https://mermaid.js.org/syntax/flowchart.html
 */
const KEYWORDS = new Set([
  "end",
  "graph",
  "flowchart",
  "subgraph",
  "direction",
  "style",
  "classdef",
  "class",
  "click",
  "linkstyle",
  "call",
  "href",
  "default",
]);

/**
 * Node ids from state names: letters, digits and `_` only; never a keyword; never starting with a digit, nor
 * with `o` or `x`, which right after a link read as a circle or cross arrowhead; unique.
 */
export class NodeIds {
  private readonly used = new Set<string>();
  private readonly byName = new Map<string, string>();

  /** Claims ids that state names must not take, such as the start and end markers'. */
  constructor(reserved: readonly string[] = []) {
    for (const id of reserved) this.used.add(id);
  }

  idOf(name: string): string {
    const known = this.byName.get(name);
    if (known !== undefined) return known;
    const base = name.replace(/[^A-Za-z0-9_]/g, "_");
    const safe = /^[A-Za-z]/.test(base) && !/^[ox]/.test(base) && !KEYWORDS.has(base.toLowerCase());
    const candidate = safe ? base : `state_${base}`;
    let id = candidate;
    for (let suffix = 2; this.used.has(id); suffix++) id = `${candidate}_${suffix}`;
    this.used.add(id);
    this.byName.set(name, id);
    return id;
  }
}
