// @ts-check
// Runs one of the commands under local/commands, as the package.json scripts do:
//
//   node local/commands/launch.mjs <command> [args…]   bundle local/commands/<command>/main.ts if needed, then run it
//   node local/commands/launch.mjs --build <command>…  only bundle
//
// The bundle is one CommonJS file in node_modules/.cache/order-workflow (packages stay external and load from
// node_modules), with a source map so that stack traces name the .ts files. It is rebuilt when one of its inputs
// changed since the last build, which a stat of each is enough to tell. Node's compile cache keeps the compiled
// code of the bundle and of the packages it loads across runs. Plain JavaScript, so that node starts it without
// a TypeScript loader; keep it small.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire, enableCompileCache, SourceMap } from "node:module";
import path from "node:path";

const PROJECT_DIR = path.resolve(import.meta.dirname, "../..");
const COMMANDS_DIR = path.join(PROJECT_DIR, "local/commands");
export const CACHE_DIR = path.join(PROJECT_DIR, "node_modules/.cache/order-workflow");
export const COMPILE_CACHE_DIR = path.join(CACHE_DIR, "compile-cache");
/** Read by esbuild besides the bundled sources, so a change to them rebuilds too. */
const BUILD_INPUTS = [
  import.meta.filename,
  "tsconfig.json",
  "package.json",
  "node_modules/esbuild/package.json",
];
/** How far back from the build's start an input's mtime counts as "changed while esbuild read it". */
const MTIME_SLACK_MS = 1000;

/** An error of the launcher itself, with what it was doing. */
class LaunchError extends Error {}

/** @param {string} command */
function entryOf(command) {
  const entry = path.join(COMMANDS_DIR, command, "main.ts");
  if (!/^[a-z][a-z-]*$/.test(command) || !existsSync(entry)) {
    throw new LaunchError(
      `no command ${JSON.stringify(command)}: local/commands/<command>/main.ts exists for ${commandNames().join(", ")}`,
    );
  }
  return entry;
}

function commandNames() {
  return ["bench", "bundle-report", "diagram", "start", "synth-report"].filter((name) =>
    existsSync(path.join(COMMANDS_DIR, name, "main.ts")),
  );
}

/** @param {string} command */
export function bundlePath(command) {
  return path.join(CACHE_DIR, `${command}.cjs`);
}

/** @param {string} command */
function manifestPath(command) {
  return path.join(CACHE_DIR, `${command}.inputs.json`);
}

/**
 * Each file and folder the bundle was built from, by path from the project, with its mtime and size. A folder's
 * mtime changes when a file is added to it, which could change what an import resolves to.
 * @param {readonly string[]} files
 * @returns {Record<string, [number, number]>}
 */
function stamps(files) {
  const dirs = new Set(files.map((file) => path.dirname(file)));
  /** @type {Record<string, [number, number]>} */
  const result = {};
  for (const file of [...files, ...dirs]) {
    const stat = statSync(path.resolve(PROJECT_DIR, file));
    result[file] = [stat.mtimeMs, stat.isDirectory() ? 0 : stat.size];
  }
  return result;
}

/** @param {string} command */
function isFresh(command) {
  if (!existsSync(bundlePath(command)) || !existsSync(manifestPath(command))) return false;
  /** @type {Record<string, [number, number]>} */
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(manifestPath(command), "utf8"));
  } catch {
    return false;
  }
  return Object.entries(recorded).every(([file, [mtimeMs, size]]) => {
    const stat = statSync(path.resolve(PROJECT_DIR, file), { throwIfNoEntry: false });
    return stat !== undefined && stat.mtimeMs === mtimeMs && (stat.isDirectory() ? 0 : stat.size) === size;
  });
}

/** Writes through a temporary file, so that a launcher running at the same time reads all or nothing of it. */
/** @param {string} file @param {string | Uint8Array} contents */
function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

/**
 * Bundles local/commands/<command>/main.ts into {@link bundlePath}, unless it is already built from the current
 * sources. Returns the bundle's path.
 * @param {string} command
 */
export async function build(command) {
  const entry = entryOf(command);
  const outfile = bundlePath(command);
  if (isFresh(command)) return outfile;
  const started = Date.now();
  const { build: esbuild } = await import("esbuild");
  const relativeEntry = path.relative(PROJECT_DIR, entry);
  const result = await esbuild({
    absWorkingDir: PROJECT_DIR,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    target: "node24",
    format: "cjs",
    packages: "external",
    sourcemap: true,
    // Stack traces need lines, not text: the sources are on disk.
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: "silent",
  }).catch((/** @type {unknown} */ error) => {
    throw new LaunchError(
      `could not bundle ${relativeEntry}: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  mkdirSync(CACHE_DIR, { recursive: true });
  // The map before the bundle that names it.
  const outputs = result.outputFiles;
  for (const output of [
    ...outputs.filter((file) => file.path.endsWith(".map")),
    ...outputs.filter((file) => !file.path.endsWith(".map")),
  ]) {
    writeAtomically(output.path, output.contents);
  }
  const inputs = stamps([...Object.keys(result.metafile.inputs), ...BUILD_INPUTS]);
  // A file saved while esbuild read it may be in the bundle as it was before: leave no manifest, so the next
  // launch builds again.
  const changedDuringBuild = Object.values(inputs).some(([mtimeMs]) => mtimeMs >= started - MTIME_SLACK_MS);
  if (!changedDuringBuild) writeAtomically(manifestPath(command), JSON.stringify(inputs));
  return outfile;
}

/**
 * Has stack traces name the .ts lines of the bundle's frames. Node's own source-map support would, only if told
 * to include node_modules (the bundle is under it), and would then read the map of every package file loaded:
 * @pulumi/pulumi alone ships hundreds, a few hundred ms a run. This parses the bundle's map alone, the first time
 * a stack holds one of its frames.
 * @param {string} bundle
 */
function mapBundleFrames(bundle) {
  const format = Error.prepareStackTrace;
  if (typeof format !== "function") return;
  const location = new RegExp(`${bundle.replaceAll(/[\\^$.*+?()[\]{}|]/g, "\\$&")}:(\\d+):(\\d+)`, "g");
  /** @type {SourceMap | undefined} */
  let map;
  Error.prepareStackTrace = (error, frames) => {
    const text = format(error, frames);
    if (typeof text !== "string" || !text.includes(bundle)) return text;
    map ??= new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, "utf8")));
    const sourceMap = map;
    return text.replace(location, (frame, line, column) => {
      const origin = sourceMap.findOrigin(Number(line), Number(column));
      if (!("fileName" in origin)) return frame;
      const file = path.resolve(path.dirname(bundle), origin.fileName);
      return `${file}:${origin.lineNumber}:${origin.columnNumber}`;
    });
  };
}

/**
 * Builds the command if needed and runs it in this process, with `args` as its command line.
 * @param {string} command
 * @param {readonly string[]} args
 */
async function launch(command, args) {
  enableCompileCache(COMPILE_CACHE_DIR);
  const bundle = await build(command);
  mapBundleFrames(bundle);
  process.argv = [process.argv[0] ?? process.execPath, bundle, ...args];
  try {
    createRequire(import.meta.url)(bundle);
  } catch (error) {
    // The command's own errors are its to report; this is one thrown before its main() could catch it.
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    throw new LaunchError(`local/commands/${command}/main.ts failed while loading: ${text}`);
  }
}

/** @param {readonly string[]} argv */
async function main(argv) {
  const [first, ...rest] = argv;
  if (first === undefined) throw new LaunchError(`name a command: ${commandNames().join(", ")}`);
  if (first === "--build") {
    for (const command of rest) await build(command);
    return;
  }
  await launch(first, rest);
}

if (import.meta.main) {
  main(process.argv.slice(2)).catch((/** @type {unknown} */ error) => {
    const text =
      error instanceof LaunchError
        ? error.message
        : `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    process.stderr.write(`launch: ${text}\n`);
    process.exitCode = 1;
  });
}
