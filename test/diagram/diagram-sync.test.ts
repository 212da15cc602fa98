import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  currentDiagram,
  MERMAID_FILE,
  README_FILE,
  runDiagram,
  staleDiagramFiles,
} from "../../local/commands/diagram/cli";
import { PROJECT_DIR } from "../../local/model/project-dir";

let mermaid: string;

beforeAll(async () => {
  mermaid = await currentDiagram();
});

test("docs/workflow.mmd and the README's diagram show the current dev definition", () => {
  expect(staleDiagramFiles(PROJECT_DIR, mermaid)).toEqual([]);
  expect(fs.readFileSync(path.join(PROJECT_DIR, MERMAID_FILE), "utf8")).toBe(mermaid);
});

test("fails when a generated file no longer matches the definition, saying how to fix it", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "diagram-sync-"));
  try {
    fs.mkdirSync(path.join(dir, "docs"));
    fs.writeFileSync(path.join(dir, MERMAID_FILE), mermaid.replace("Lambda Invoke", "Lambda"));
    fs.copyFileSync(path.join(PROJECT_DIR, README_FILE), path.join(dir, README_FILE));
    expect(staleDiagramFiles(dir, mermaid)).toEqual([
      "docs/workflow.mmd does not show the dev definition's diagram: run `npm run diagram`.",
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.each([
  [["--chek"], "diagram: Unknown option --chek; options: --check.\n"],
  [["--check=yes"], 'diagram: Option --check takes no value; received "yes".\n'],
  [["dev"], 'diagram: Unexpected argument "dev"; options: --check.\n'],
])("fails when given %j: exit 2 and one line on stderr", async (argv, message) => {
  const stderr: string[] = [];
  const stdout: string[] = [];
  const code = await runDiagram(
    argv,
    { stdout: (text) => stdout.push(text), stderr: (text) => stderr.push(text) },
    PROJECT_DIR,
  );
  expect({ code, stderr, stdout }).toEqual({ code: 2, stderr: [message], stdout: [] });
});
