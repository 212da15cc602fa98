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
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire, enableCompileCache, SourceMap } from "node:module";
import path from "node:path";

const PROJECT_DIR = path.resolve(import.meta.dirname, "../..");
const COMMANDS_DIR = path.join(PROJECT_DIR, "local/commands");
export const CACHE_DIR = path.join(PROJECT_DIR, "node_modules/.cache/order-workflow");
export const COMPILE_CACHE_DIR = path.join(CACHE_DIR, "compile-cache");
/** Read by esbuild besides the bundled sources (or, for this file, saying how it bundles): a change rebuilds. */
const BUILD_INPUTS = [
  path.relative(PROJECT_DIR, import.meta.filename),
  "tsconfig.json",
  "package.json",
  "node_modules/esbuild/package.json",
];
/** How far back from the build's start an input's mtime counts as "changed while esbuild read it". */
const MTIME_SLACK_MS = 1000;

/** An error of the launcher itself, saying what it was doing. */
class LaunchError extends Error {}

/** @param {unknown} error */
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}

/**
 * `action()`, with a failure reported as a LaunchError that says what failed.
 * @template T
 * @param {string} what
 * @param {() => T} action
 * @returns {T}
 */
function step(what, action) {
  try {
    return action();
  } catch (error) {
    throw new LaunchError(`could not ${what}: ${messageOf(error)}`);
  }
}

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
  return readdirSync(COMMANDS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(COMMANDS_DIR, entry.name, "main.ts")))
    .map((entry) => entry.name);
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
 * The mtime and size of each file the bundle was built from and of each folder above a source, by path from the
 * project; undefined if one is gone. A folder's mtime changes when an entry is added to it or removed, which is
 * how a new file that an import would now resolve to (`x.ts` beside `x/index.ts`), or a new package.json or
 * tsconfig.json, shows.
 * @param {readonly string[]} sources
 * @returns {Record<string, [number, number]> | undefined}
 */
function stamps(sources) {
  const folders = new Set(["."]);
  for (const source of sources) {
    for (let dir = path.dirname(source); dir !== "." && !folders.has(dir); dir = path.dirname(dir)) {
      folders.add(dir);
    }
  }
  /** @type {Record<string, [number, number]>} */
  const result = {};
  for (const file of [...sources, ...BUILD_INPUTS, ...folders]) {
    const stat = statSync(path.resolve(PROJECT_DIR, file), { throwIfNoEntry: false });
    if (stat === undefined) return undefined;
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

/**
 * Writes through a temporary file, so that a launcher running at the same time reads all or nothing of it.
 * @param {string} file
 * @param {string | Uint8Array} contents
 */
function writeAtomically(file, contents) {
  step(`write ${path.relative(PROJECT_DIR, file)}`, () => {
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, contents);
    renameSync(temporary, file);
  });
}

/**
 * Bundles local/commands/<command>/main.ts into {@link bundlePath}, unless it is already built from the current
 * sources. Returns the bundle's path.
 * @param {string} command
 */
export async function build(command) {
  const entry = entryOf(command);
  const outfile = bundlePath(command);
  const relativeEntry = path.relative(PROJECT_DIR, entry);
  const fresh = step(`check whether the bundle of ${relativeEntry} is up to date`, () => isFresh(command));
  if (fresh) return outfile;
  const started = Date.now();
  const { build: esbuild } = await import("esbuild").catch((/** @type {unknown} */ error) => {
    throw new LaunchError(`could not load esbuild to bundle ${relativeEntry}: ${messageOf(error)}`);
  });
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
    throw new LaunchError(`could not bundle ${relativeEntry}: ${messageOf(error)}`);
  });
  step(`create ${path.relative(PROJECT_DIR, CACHE_DIR)}`, () => mkdirSync(CACHE_DIR, { recursive: true }));
  // No manifest but the one of this build; the map before the bundle that names it.
  step(`remove ${path.relative(PROJECT_DIR, manifestPath(command))}`, () =>
    rmSync(manifestPath(command), { force: true }),
  );
  const outputs = result.outputFiles;
  for (const output of [
    ...outputs.filter((file) => file.path.endsWith(".map")),
    ...outputs.filter((file) => !file.path.endsWith(".map")),
  ]) {
    writeAtomically(output.path, output.contents);
  }
  const inputs = stamps(Object.keys(result.metafile.inputs));
  // A file saved (or removed) while esbuild read it may be in the bundle as it was before: leave no manifest,
  // so that the next launch builds again.
  const settled =
    inputs !== undefined && Object.values(inputs).every(([mtimeMs]) => mtimeMs < started - MTIME_SLACK_MS);
  if (settled) writeAtomically(manifestPath(command), JSON.stringify(inputs));
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
    // The command reports its own errors; this one came before its main() could catch it.
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    throw new LaunchError(`local/commands/${command}/main.ts failed while loading: ${text}`);
  }
}

/** @param {readonly string[]} argv */
async function main(argv) {
  const [first, ...rest] = argv;
  if (first === undefined) throw new LaunchError(`name a command: ${commandNames().join(", ")}`);
  if (first === "--build") {
    if (rest.length === 0) throw new LaunchError(`name the commands to bundle: ${commandNames().join(", ")}`);
    for (const command of rest) await build(command);
    return;
  }
  await launch(first, rest);
}

// import.meta.main is Node 24.2 on; the package.json scripts run the node@24 devDependency, but `engines` allows 24.0.
const invoked =
  import.meta.main ??
  (process.argv[1] !== undefined && realpathSync(process.argv[1]) === import.meta.filename);
if (invoked) {
  main(process.argv.slice(2)).catch((/** @type {unknown} */ error) => {
    const text =
      error instanceof LaunchError
        ? error.message
        : `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : messageOf(error)}`;
    process.stderr.write(`launch: ${text}\n`);
    process.exitCode = 1;
  });
}
