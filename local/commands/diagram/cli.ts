import * as fs from "node:fs";
import * as path from "node:path";
import type { StateMachineDefinition } from "../../../components/asl";
import { synthesize } from "../../capture/synth";
import { type Io } from "../synth-report/cli";
import { parseFlags, UsageError } from "../synth-report/flags";
import { renderMermaid } from "./mermaid";
import { replaceDiagramBlock } from "./readme-block";

/**
 * The stack whose definition the README shows. prod's differs in one way: with its failed executions captured,
 * its Persist and Notify states have no Catch into SendToFailureQueue, and it has no failure-queue states.
 */
export const DIAGRAM_STACK = "dev";
export const MERMAID_FILE = "docs/workflow.mmd";
export const README_FILE = "README.md";
export const FIX_HINT = "run `npm run diagram`";

/** Each generated file, relative to the project, with the text it must hold for this diagram. */
export function diagramFiles(projectDir: string, mermaid: string): Readonly<Record<string, string>> {
  const readme = fs.readFileSync(path.join(projectDir, README_FILE), "utf8");
  return { [MERMAID_FILE]: mermaid, [README_FILE]: replaceDiagramBlock(readme, mermaid, README_FILE) };
}

/** The generated files whose text differs from what the definition gives, as messages that say how to fix them. */
export function staleDiagramFiles(projectDir: string, mermaid: string): string[] {
  return Object.entries(diagramFiles(projectDir, mermaid))
    .filter(([file, text]) => {
      const current = path.join(projectDir, file);
      return !fs.existsSync(current) || fs.readFileSync(current, "utf8") !== text;
    })
    .map(([file]) => `${file} does not show the ${DIAGRAM_STACK} definition's diagram: ${FIX_HINT}.`);
}

export async function currentDiagram(): Promise<string> {
  const synthesis = await synthesize(DIAGRAM_STACK);
  return renderMermaid(JSON.parse(synthesis.deployment.definition) as StateMachineDefinition);
}

/** `npm run diagram [-- --check]`; resolves to the exit code. */
export async function runDiagram(argv: readonly string[], io: Io, projectDir: string): Promise<number> {
  let check: boolean;
  try {
    check = parseFlags(argv, { check: null }).check === true;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`diagram: ${error.message}\n`);
    return 2;
  }
  const mermaid = await currentDiagram();
  if (check) {
    const stale = staleDiagramFiles(projectDir, mermaid);
    for (const message of stale) io.stderr(`diagram: ${message}\n`);
    return stale.length === 0 ? 0 : 1;
  }
  for (const [file, text] of Object.entries(diagramFiles(projectDir, mermaid))) {
    const target = path.join(projectDir, file);
    if (fs.existsSync(target) && fs.readFileSync(target, "utf8") === text) {
      io.stdout(`${file} is up to date\n`);
      continue;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    io.stdout(`wrote ${file}\n`);
  }
  return 0;
}
