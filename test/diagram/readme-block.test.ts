import { replaceDiagramBlock } from "../../local/commands/diagram/readme-block";

const START = "<!-- workflow-diagram:start -->";
const END = "<!-- workflow-diagram:end -->";

test("replaces only the lines between the markers, with the diagram in a mermaid fence", () => {
  const readme = ["# Title", "", START, "", "```mermaid", "old", "```", "", END, "", "## After", ""].join(
    "\n",
  );
  expect(replaceDiagramBlock(readme, "flowchart TD\n  a --> b\n")).toBe(
    [
      "# Title",
      "",
      START,
      "",
      "```mermaid",
      "flowchart TD",
      "  a --> b",
      "```",
      "",
      END,
      "",
      "## After",
      "",
    ].join("\n"),
  );
});

test.each([
  ["the markers are missing", "# Title\n", "found 0 start and 0 end marker lines."],
  ["the end marker is missing", `${START}\n`, "found 1 start and 0 end marker lines."],
  ["a marker is given twice", `${START}\n${END}\n${START}\n`, "found 2 start and 1 end marker lines."],
  ["the end marker comes first", `${END}\n${START}\n`, "found 1 start and 1 end marker lines, end first."],
])("fails when %s", (_case, readme, found) => {
  expect(() => replaceDiagramBlock(readme, "flowchart TD\n", "README.md")).toThrow(
    `README.md must hold one line \`${START}\` followed by one line \`${END}\`; ${found}`,
  );
});
