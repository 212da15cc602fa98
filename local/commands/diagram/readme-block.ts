/** The README's generated region: the only part of README.md that `npm run diagram` writes. */
export const START_MARKER = "<!-- workflow-diagram:start -->";
export const END_MARKER = "<!-- workflow-diagram:end -->";

function lineIndexes(lines: readonly string[], marker: string): number[] {
  return lines.flatMap((line, index) => (line.trim() === marker ? [index] : []));
}

/** The README with the lines between the markers replaced by the diagram in a ```mermaid block. */
export function replaceDiagramBlock(readme: string, mermaid: string, file = "README.md"): string {
  const lines = readme.split("\n");
  const starts = lineIndexes(lines, START_MARKER);
  const ends = lineIndexes(lines, END_MARKER);
  const [start] = starts;
  const [end] = ends;
  if (start === undefined || end === undefined || starts.length > 1 || ends.length > 1 || end < start) {
    throw new Error(
      `${file} must hold one line \`${START_MARKER}\` followed by one line \`${END_MARKER}\`; found ${starts.length} start and ${ends.length} end marker lines${start !== undefined && end !== undefined && end < start ? ", end first" : ""}.`,
    );
  }
  // Blank lines around the fence, as Prettier (which checks README.md) sets an HTML comment apart.
  const block = ["", "```mermaid", ...mermaid.replace(/\n$/, "").split("\n"), "```", ""];
  return [...lines.slice(0, start + 1), ...block, ...lines.slice(end)].join("\n");
}
