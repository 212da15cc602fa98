import * as path from "node:path";
import { type BuildOptions, buildSync } from "esbuild";
import { cachedBuild } from "./bundle-cache";

/** A handler compiled into the files of a Lambda archive. */
export interface HandlerBundle {
  /** Archive path to file text: the ESM module and its source map. */
  readonly files: Readonly<Record<string, string>>;
  /** Lambda's `handler` setting for the module. */
  readonly handler: string;
  /** Bytes of code in the module, source map excluded. */
  readonly codeBytes: number;
}

const MODULE_FILE = "index.mjs";

/**
 * Compiles one handler and everything it imports into a single minified ES module for Lambda's nodejs24.x
 * runtime, so the archive carries no node_modules. Builds in memory and synchronously, so a program under
 * Pulumi mocks captures exactly the bytes `pulumi up` would upload.
 *
 * The AWS SDK is bundled too, not left to the one the runtime includes: the archive then runs the SDK version
 * package.json pins, on AWS and in the local simulator alike (whose worker has no runtime SDK to resolve), and a
 * runtime update cannot change it underneath. @see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-package.html
 */
export function bundleHandler(entry: string): HandlerBundle {
  const outdir = path.resolve("bundle");
  const options = {
    entryPoints: { index: path.resolve(entry) },
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    write: false,
    platform: "node",
    // The packages' ES module builds first (esbuild's default for node is CommonJS first): the AWS SDK and
    // Powertools ship both, and only the ES modules tree-shake, which keeps a third of the SDK out of the archive.
    mainFields: ["module", "main"],
    target: "node24",
    format: "esm",
    minify: true,
    sourcemap: "linked",
    // Stack traces need only the map's mappings and source names. The sources' text would double the archive
    // (1.1 of its 2.1 MB for authorize-payment) and Node reads the map whole when the module loads with
    // --enable-source-maps: about 25 ms more per cold start, measured on the simulator's Lambda worker.
    // https://esbuild.github.io/api/#sources-content
    sourcesContent: false,
    sourceRoot: "",
    legalComments: "none",
    logLevel: "silent",
    metafile: true,
  } satisfies BuildOptions;
  const files = cachedBuild({
    settings: options,
    build: () => {
      const result = buildSync(options);
      const output = Object.fromEntries(
        result.outputFiles.map((file) => [path.relative(outdir, file.path), file.text]),
      );
      return { output, inputs: Object.keys(result.metafile.inputs) };
    },
  });
  const code = files[MODULE_FILE];
  if (code === undefined) {
    throw new Error(
      `Bundling \`${entry}\` produced no ${MODULE_FILE}; produced: ${Object.keys(files).join(", ")}.`,
    );
  }
  return { files, handler: "index.handler", codeBytes: Buffer.byteLength(code) };
}
