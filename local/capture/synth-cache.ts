import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { cacheDir } from "../model/cache-dir";
import { isRecord } from "../model/json";
import { projectDir } from "../model/project-dir";
import { writeWholeFile } from "../model/whole-file";
import type { CapturedResource } from "./pulumi-mocks";
import type { Synthesis } from "./synth";

/**
 * What a synthesis depends on, relative to the project: the program, the function sources it bundles, the
 * capture itself, the stack files, and the locked and patched packages (the AWS SDK is bundled into the
 * functions). A change to any of these files, or to the list of files under these folders, changes the key.
 */
export const SYNTHESIS_INPUTS: readonly string[] = [
  "components",
  "functions",
  "stacks",
  "local/capture",
  "local/model",
  "patches",
  "index.ts",
  "package-lock.json",
  "tsconfig.json",
  "Pulumi.yaml",
];

/** Bumped when the cached file's shape changes, so an older file is never read as the new shape. */
const CACHE_FORMAT = 2;
const STACK_FILE = /^Pulumi\.[^.]+\.yaml$/;
/** An archive in a cached resource's inputs: its files' texts, in place of Pulumi's AssetArchive. */
export const ARCHIVE_KEY = "@archive";

function inputFiles(root: string): string[] {
  const files: string[] = readdirSync(root)
    .filter((name) => STACK_FILE.test(name))
    .sort();
  const add = (relative: string): void => {
    const absolute = path.join(root, relative);
    if (!existsSync(absolute)) return;
    if (!statSync(absolute).isDirectory()) {
      files.push(relative);
      return;
    }
    for (const name of readdirSync(absolute).sort()) add(path.join(relative, name));
  };
  for (const input of SYNTHESIS_INPUTS) add(input);
  return files;
}

/** The key of a stack's synthesis: the stack, its overrides, and every input file's path and contents. */
export function synthesisKey(
  stack: string,
  overrides: Readonly<Record<string, string>>,
  root: string = projectDir(),
): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify({ format: CACHE_FORMAT, stack, overrides: Object.entries(overrides).sort() }));
  for (const file of inputFiles(root)) {
    hash.update(`\0${file}\0`);
    hash.update(readFileSync(path.join(root, file)));
  }
  return hash.digest("hex").slice(0, 32);
}

function isPulumiMarked(value: Record<string, unknown>, marker: string): boolean {
  return value[marker] === true;
}

/** Pulumi's AssetArchive of StringAssets, as `{ "@archive": { file: text } }`; everything else as is. */
async function plain(value: unknown, where: string): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map((item, index) => plain(item, `${where}[${index}]`)));
  if (!isRecord(value)) return value;
  if (isPulumiMarked(value, "__pulumiArchive")) {
    const assets: unknown = await value.assets;
    if (!isRecord(assets)) throw new Error(`${where}: only an AssetArchive can be cached.`);
    const files: Record<string, string> = {};
    for (const [file, asset] of Object.entries(assets)) {
      const text: unknown = isRecord(asset) ? await asset.text : undefined;
      if (typeof text !== "string") throw new Error(`${where}/${file}: only a StringAsset can be cached.`);
      files[file] = text;
    }
    return { [ARCHIVE_KEY]: files };
  }
  if (isPulumiMarked(value, "__pulumiAsset")) throw new Error(`${where}: an Asset outside an archive.`);
  const entries = await Promise.all(
    Object.entries(value).map(async ([key, item]) => [key, await plain(item, `${where}.${key}`)] as const),
  );
  return Object.fromEntries(entries);
}

async function plainSynthesis(synthesis: Synthesis): Promise<Synthesis> {
  const resources = await Promise.all(
    synthesis.resources.map(async (resource): Promise<CapturedResource> => ({
      type: resource.type,
      name: resource.name,
      inputs: (await plain(resource.inputs, `${resource.name} inputs`)) as Record<string, unknown>,
      state: (await plain(resource.state, `${resource.name} state`)) as Record<string, unknown>,
    })),
  );
  return { ...synthesis, resources };
}

/**
 * A text at least this long is written once per cached file, on its first line, and stands as
 * `{ "@text": index }` wherever it recurs: a function's archive is in its resource's inputs, its state and the
 * deployment, three copies of 2 MB for the payment function. Each read then parses 2.3 MB, not 6.8.
 */
const SHARED_TEXT_LENGTH = 4096;
const TEXT_KEY = "@text";

function cacheFileText(synthesis: Synthesis): string {
  const texts: string[] = [];
  const indexes = new Map<string, number>();
  const body = JSON.stringify(synthesis, (_key, value: unknown) => {
    if (typeof value !== "string" || value.length < SHARED_TEXT_LENGTH) return value;
    let index = indexes.get(value);
    if (index === undefined) {
      index = texts.push(value) - 1;
      indexes.set(value, index);
    }
    return { [TEXT_KEY]: index };
  });
  return `${JSON.stringify(texts)}\n${body}`;
}

function fromCacheFile(text: string, file: string): Synthesis {
  const newline = text.indexOf("\n");
  const texts = JSON.parse(text.slice(0, newline)) as unknown;
  if (!Array.isArray(texts)) throw new Error(`${file}: the first line is not the list of shared texts.`);
  return JSON.parse(text.slice(newline + 1), (_key, value: unknown) => {
    if (!isRecord(value) || !(TEXT_KEY in value)) return value;
    const index = value[TEXT_KEY];
    const shared: unknown = typeof index === "number" ? texts[index] : undefined;
    if (typeof shared !== "string") throw new Error(`${file}: no shared text ${JSON.stringify(index)}.`);
    return shared;
  }) as Synthesis;
}

/** Syntheses this process is computing, so that two callers asking at once compute one. */
const inFlight = new Map<string, Promise<Synthesis>>();

/** Where cached syntheses live: inside the clone's node_modules, beside the command launcher's bundles. */
export function synthesisCacheDir(root: string = projectDir()): string {
  return cacheDir("synth", root);
}

/**
 * {@link synthesize}, reused from disk while nothing it depends on ({@link SYNTHESIS_INPUTS}) has changed: the
 * local commands and the tests synthesize the same two stacks many times, and each synthesis loads the Pulumi
 * SDK and bundles both functions. Resources' archives come back as `{ "@archive": { file: text } }` whether
 * the result was cached or fresh; a check on Pulumi's asset classes themselves calls `synthesize`.
 */
export async function cachedSynthesis(
  stack: string,
  overrides: Readonly<Record<string, string>> = {},
  dir: string = synthesisCacheDir(),
): Promise<Synthesis> {
  const root = projectDir();
  const prefix = `${stack}-${createHash("sha256")
    .update(JSON.stringify(Object.entries(overrides).sort()))
    .digest("hex")
    .slice(0, 8)}-`;
  const file = path.join(dir, `${prefix}${synthesisKey(stack, overrides, root)}.json`);
  if (existsSync(file)) return fromCacheFile(readFileSync(file, "utf8"), file);
  const running = inFlight.get(file);
  if (running !== undefined) {
    // A copy of its own from the file, as a hit would give it, so that neither caller sees the other's edits.
    await running;
    return fromCacheFile(readFileSync(file, "utf8"), file);
  }
  const pending = synthesizeInto(file, prefix, stack, overrides);
  inFlight.set(file, pending);
  try {
    return await pending;
  } finally {
    inFlight.delete(file);
  }
}

async function synthesizeInto(
  file: string,
  prefix: string,
  stack: string,
  overrides: Readonly<Record<string, string>>,
): Promise<Synthesis> {
  // Loaded only on a miss: the Pulumi SDK is most of a synthesis's cost, and a hit needs none of it.
  const { synthesize } = await import("./synth");
  const text = cacheFileText(await plainSynthesis(await synthesize(stack, overrides)));
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  for (const stale of readdirSync(dir).filter((name) => name.startsWith(prefix))) {
    rmSync(path.join(dir, stale), { force: true });
  }
  writeWholeFile(file, text);
  // Read back from the text written, so that a fresh result has exactly the shape a cached one has.
  return fromCacheFile(text, file);
}
