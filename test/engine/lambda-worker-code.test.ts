import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";

import {
  buildLambdaWorker,
  lambdaWorkerCacheFile,
  lambdaWorkerCode,
  WORKER_INPUTS,
} from "../../local/engine/lambda/lambda-worker-code";

test("the cache key covers every project file the worker bundle reads", () => {
  const { inputs } = buildLambdaWorker();
  expect(inputs.filter((input) => !input.startsWith("node_modules/")).sort()).toEqual(
    [...WORKER_INPUTS].sort(),
  );
});

test("a process bundles the worker once, keeps it on disk, and a later process reads it from there", () => {
  const file = lambdaWorkerCacheFile();
  rmSync(file, { force: true });
  const code = lambdaWorkerCode();
  expect(code).toBe(buildLambdaWorker().code);
  expect(existsSync(file)).toBe(true);
  expect(readFileSync(file, "utf8")).toBe(code);

  // A fresh copy of the module has no bundle in memory, as a new process would: it reads the file.
  const marked = `${code}\n// read from the cache`;
  writeFileSync(file, marked);
  jest.isolateModules(() => {
    const fresh = jest.requireActual<typeof import("../../local/engine/lambda/lambda-worker-code")>(
      "../../local/engine/lambda/lambda-worker-code",
    );
    expect(fresh.lambdaWorkerCode()).toBe(marked);
  });
  rmSync(file, { force: true });
});
