import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { version as esbuildVersion } from "esbuild";

/** What a cached build gave: its output files' texts, by path relative to the output folder. */
export type BuildOutput = Readonly<Record<string, string>>;

/** A build to reuse while neither its settings nor any file it read has changed. */
export interface CachedBuild {
  /** Everything that shapes the build besides the files it reads: entry, options. */
  readonly settings: unknown;
  /** Builds for real; returns the outputs and every file the build read (esbuild's metafile inputs). */
  readonly build: () => { readonly output: BuildOutput; readonly inputs: readonly string[] };
  /** Default: `node_modules/.cache/order-workflow/bundles` under the working directory. */
  readonly cacheDir?: string;
}

interface CacheFile {
  readonly inputs: Readonly<Record<string, string>>;
  readonly output: BuildOutput;
}

/** Files that change how esbuild resolves and compiles without being among the inputs it reports. */
const RESOLUTION_FILES = ["package-lock.json", "tsconfig.json"];

function digest(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function fileDigest(file: string): string | undefined {
  return existsSync(file) ? digest(readFileSync(file)) : undefined;
}

function unchanged(entry: CacheFile): boolean {
  return Object.entries(entry.inputs).every(([file, hash]) => fileDigest(file) === hash);
}

/**
 * Runs a build, or gives the output of an earlier one from `node_modules/.cache/order-workflow/bundles` when its
 * settings, esbuild's version, the lock file and tsconfig, and the contents of every file that build read are
 * the same: the same inputs give the same bytes, and a synthesis bundles both functions each time it runs
 * (tests and local commands run it dozens of times). Paths are relative to the working directory, which Pulumi
 * sets to the project. The cache is best-effort: a folder that cannot be written only means building again.
 */
export function cachedBuild({
  settings,
  build,
  cacheDir = path.resolve("node_modules", ".cache", "order-workflow", "bundles"),
}: CachedBuild): BuildOutput {
  const key = digest(
    JSON.stringify({
      settings,
      esbuildVersion,
      resolution: RESOLUTION_FILES.map((file) => fileDigest(file)),
    }),
  );
  const file = path.join(cacheDir, `${key}.json`);
  if (existsSync(file)) {
    const entry = JSON.parse(readFileSync(file, "utf8")) as CacheFile;
    if (unchanged(entry)) return entry.output;
  }
  const { output, inputs } = build();
  const entry: CacheFile = {
    output,
    inputs: Object.fromEntries(inputs.map((input) => [input, fileDigest(input) ?? ""])),
  };
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    // Written whole, then renamed: a process reading the same key sees the old file or the new, never half.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, JSON.stringify(entry));
    renameSync(partial, file);
  } catch {
    // Best-effort, as above.
  }
  return output;
}
