// jest's transform for TypeScript: esbuild's transpile-only transform, which needs no TypeScript program (type
// checking is `npm run typecheck`; tsconfig.json's isolatedModules keeps the two in agreement). It leaves jest.mock
// where it is written, below the imports (see jest.config.js). It also turns the ES modules of the one ESM-only
// package the commands use (commander) into CommonJS.
const { createHash } = require("node:crypto");
const { readFileSync } = require("node:fs");
const { transformSync, version } = require("esbuild");

/** This file's own text is part of every cache key, so a change to the options above invalidates the cache. */
const SELF = readFileSync(__filename, "utf8");

module.exports = {
  process(sourceText, sourcePath) {
    const { code, map } = transformSync(sourceText, {
      loader: sourcePath.endsWith(".ts") ? "ts" : "js",
      format: "cjs",
      target: "node24",
      sourcemap: true,
      sourcesContent: false,
      sourcefile: sourcePath,
      // As tsc does for CommonJS: import() becomes require(), which jest's module registry serves.
      supported: { "dynamic-import": false },
    });
    return { code, map };
  },
  getCacheKey(sourceText, sourcePath, { configString }) {
    return createHash("sha256")
      .update(SELF)
      .update(version)
      .update("\0")
      .update(sourcePath)
      .update("\0")
      .update(sourceText)
      .update("\0")
      .update(configString)
      .digest("hex");
  },
};
