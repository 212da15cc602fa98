#!/usr/bin/env node
// `tsc -p tsconfig.json` and `eslint .` on one TypeScript program. Run apart, each parsed the same 2,000 files
// (23 MB, mostly @pulumi/aws declarations) and type-checked the project from scratch: ESLint's project service
// builds its own program. Here the program is built once, its diagnostics are reported as tsc reports them, and
// typescript-eslint is handed that program, so its type-aware rules read types the checker has already computed.
//
//   node scripts/static-checks.mjs [typecheck] [lint] [--timings]
//
// With no phase named, both run, typecheck first: the checker lists a union's members in the order it first met
// them, so checking first keeps tsc's messages as tsc's (ESLint's may then order a union differently from a run
// under the project service: 2 of 5,490 messages with typescript-eslint's `all` rules). Lint runs even after type
// errors, so one run reports both. Exit status: tsc's (1 or 2) on type errors, else ESLint's (1 on an error, 2 when
// it crashes), else 0. `--timings` ends the output with one line for scripts/test.mjs:
//   static-checks: {"typecheck":{"seconds":5.1,"status":0},"lint":{"seconds":7.9,"status":0}}
import { createRequire } from "node:module";
import path from "node:path";
import { ESLint } from "eslint";

// require, not import: importing this 9 MB CommonJS file makes Node first scan it for ES module syntax (~50 ms).
const ts = createRequire(import.meta.url)("typescript");

const ROOT = path.resolve(import.meta.dirname, "..");
const PHASES = ["typecheck", "lint"];

/** The diagnostics host tsc formats with: paths relative to the current directory. */
const formatHost = {
  getCurrentDirectory: () => ts.sys.getCurrentDirectory(),
  getNewLine: () => ts.sys.newLine,
  getCanonicalFileName: ts.sys.useCaseSensitiveFileNames ? (name) => name : (name) => name.toLowerCase(),
};

/** tsc's closing "Found N errors…" (and its table of files), which it prints in pretty mode only. */
function errorSummary(diagnostics) {
  const errors = diagnostics.filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
  if (errors.length === 0) return "";
  const firstLine = new Map();
  for (const { file, start } of diagnostics) {
    if (file !== undefined && !firstLine.has(file.fileName)) {
      firstLine.set(file.fileName, file.getLineAndCharacterOfPosition(start).line + 1);
    }
  }
  const where = (fileName) =>
    `${path.relative(formatHost.getCurrentDirectory(), fileName).split(path.sep).join("/")}` +
    `\x1b[90m:${firstLine.get(fileName)}\x1b[0m`;
  const inFiles = errors.filter((error) => error.file !== undefined).map((error) => error.file.fileName);
  const distinct = [...new Set(inFiles)];
  const nl = formatHost.getNewLine();
  let message;
  if (errors.length === 1) {
    message = inFiles.length === 1 ? `Found 1 error in ${where(inFiles[0])}` : "Found 1 error.";
  } else if (distinct.length === 0) message = `Found ${errors.length} errors.`;
  else if (distinct.length === 1) {
    message = `Found ${errors.length} errors in the same file, starting at: ${where(distinct[0])}`;
  } else message = `Found ${errors.length} errors in ${distinct.length} files.`;
  let table = "";
  if (distinct.length > 1) {
    const counts = distinct.map((fileName) => inFiles.filter((name) => name === fileName).length);
    const width = Math.max("Errors".length, ...counts.map((count) => String(count).length));
    table = `Errors  Files${nl}`;
    distinct.forEach((fileName, i) => {
      table += `${String(counts[i]).padStart(width)}  ${where(fileName)}${nl}`;
    });
  }
  return `${nl}${message}${nl}${nl}${table}`;
}

/**
 * The program `tsc -p tsconfig.json` builds. tsc parses only the JSDoc that type errors need (ParseForTypeErrors),
 * typescript-eslint's project service all of it; of the lint rules only no-deprecated reads JSDoc, and only its
 * @deprecated tags, so for lint a file whose text holds no "@deprecated" is still parsed as tsc parses it. That was
 * 25 of 41 MB, about 0.6 s of CPU, when the program still read every service of @pulumi/aws (components/aws.ts).
 */
function buildProgram({ forLint }) {
  let fatal;
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        fatal = diagnostic;
      },
    },
  );
  if (config === undefined) {
    process.stderr.write(ts.formatDiagnostics([fatal], formatHost));
    process.exit(1);
  }
  const host = ts.createCompilerHost(config.options);
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  if (forLint) {
    // createCompilerHost's own getSourceFile, but choosing the JSDoc parsing per file.
    host.getSourceFile = (fileName, languageVersionOrOptions, onError) => {
      let text;
      try {
        text = host.readFile(fileName);
      } catch (error) {
        onError?.(error.message);
        text = "";
      }
      if (text === undefined) return undefined;
      const jsDocParsingMode = text.includes("@deprecated")
        ? ts.JSDocParsingMode.ParseAll
        : ts.JSDocParsingMode.ParseForTypeErrors;
      const options =
        typeof languageVersionOrOptions === "object"
          ? { ...languageVersionOrOptions, jsDocParsingMode }
          : { languageVersion: languageVersionOrOptions, jsDocParsingMode };
      return ts.createSourceFile(fileName, text, options);
    };
  }
  return ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    projectReferences: config.projectReferences,
    host,
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(config),
  });
}

/** What tsc's emitFilesAndReportErrors reports, formatted as tsc formats it; returns tsc's exit status. */
function typecheck(program) {
  // With noEmit (tsconfig.json), emit writes nothing and adds no diagnostics; without it, it writes what tsc would.
  const emitResult = program.emit();
  const diagnostics = ts.sortAndDeduplicateDiagnostics([
    ...ts.getPreEmitDiagnostics(program),
    ...emitResult.diagnostics,
  ]);
  const pretty = program.getCompilerOptions().pretty ?? ts.sys.writeOutputIsTTY?.() === true;
  for (const diagnostic of diagnostics) {
    ts.sys.write(
      pretty
        ? ts.formatDiagnosticsWithColorAndContext([diagnostic], formatHost) + formatHost.getNewLine()
        : ts.formatDiagnostic(diagnostic, formatHost),
    );
  }
  if (pretty) ts.sys.write(errorSummary(diagnostics));
  if (diagnostics.length === 0) return 0;
  return emitResult.emitSkipped ? 1 : 2;
}

/** `eslint .` (same config, same files), printed by its default formatter; returns its exit status. */
async function lint(program) {
  const eslint = new ESLint({
    cwd: ROOT,
    // A .ts file outside the program fails here as it did under the project service: a parsing error naming it.
    overrideConfig: {
      files: ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"],
      languageOptions: { parserOptions: { projectService: false, programs: [program] } },
    },
  });
  const results = await eslint.lintFiles(["."]);
  const formatter = await eslint.loadFormatter("stylish");
  const output = await formatter.format(results, {
    cwd: ROOT,
    rulesMeta: eslint.getRulesMetaForResults(results),
  });
  // As the CLI prints it: console.info, which adds a newline.
  if (output !== "") console.info(output);
  return results.some((result) => result.errorCount > 0 || result.fatalErrorCount > 0) ? 1 : 0;
}

async function main(args) {
  const unknown = args.filter((arg) => arg !== "--timings" && !PHASES.includes(arg));
  if (unknown.length > 0) {
    console.error(
      `static-checks: unknown argument ${unknown.join(" ")}; allowed: typecheck, lint, --timings.`,
    );
    return 2;
  }
  const named = PHASES.filter((phase) => args.includes(phase));
  const phases = named.length > 0 ? named : PHASES;
  process.chdir(ROOT);
  const report = {};
  let begin = performance.now();
  const program = buildProgram({ forLint: phases.includes("lint") });
  if (phases.includes("typecheck")) {
    const status = typecheck(program);
    report.typecheck = { seconds: (performance.now() - begin) / 1000, status };
    begin = performance.now();
  }
  if (phases.includes("lint")) {
    let status;
    try {
      status = await lint(program);
    } catch (error) {
      // The CLI's answer to a broken config or a crashing rule (exit 2), without losing the typecheck's report.
      console.error(
        `\nOops! Something went wrong! :(\n\nESLint: ${ESLint.version}\n\n${error.stack ?? error}`,
      );
      status = 2;
    }
    report.lint = { seconds: (performance.now() - begin) / 1000, status };
  }
  if (args.includes("--timings")) {
    for (const phase of Object.values(report)) phase.seconds = Number(phase.seconds.toFixed(2));
    console.log(`static-checks: ${JSON.stringify(report)}`);
  }
  return Object.values(report).find((phase) => phase.status !== 0)?.status ?? 0;
}

process.exitCode = await main(process.argv.slice(2));
