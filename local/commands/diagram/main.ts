import { PROJECT_DIR } from "../../model/project-dir";
import { runDiagram } from "./cli";

runDiagram(
  process.argv.slice(2),
  { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) },
  PROJECT_DIR,
).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`diagram: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
