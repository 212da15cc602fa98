/**
 * The code of one Lambda execution environment. It runs in a worker thread whose process.env is exactly the
 * function's environment; the simulator bundles this file with esbuild and starts it with `eval`, because
 * jest's module system cannot load a worker file.
 */
import crypto from "node:crypto";
import { existsSync } from "node:fs";
import { enableCompileCache, syncBuiltinESMExports } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { format } from "node:util";
import { parentPort, workerData } from "node:worker_threads";

import type { Context } from "aws-lambda";
import { xoroshiro128plus, type RandomGenerator } from "pure-rand";

import type {
  InvokeRequest,
  InvokeResponse,
  LambdaErrorPayload,
  LambdaWorkerSetup,
} from "./lambda-worker-protocol";

type LocalLambdaContext = Pick<
  Context,
  | "functionName"
  | "functionVersion"
  | "invokedFunctionArn"
  | "memoryLimitInMB"
  | "awsRequestId"
  | "logGroupName"
  | "logStreamName"
  | "callbackWaitsForEmptyEventLoop"
  | "getRemainingTimeInMillis"
>;
type Handler = (event: unknown, context: LocalLambdaContext) => unknown;

/** An error of the runtime itself while loading the handler, reported under Lambda's own errorType. */
class LambdaInitError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

const setup = workerData as LambdaWorkerSetup;
const port = parentPort;
if (port === null) throw new Error("lambda-worker must run in a worker thread");

const platformRandom = { random: Math.random, randomUUID: crypto.randomUUID };

let current: { readonly requestId: string } | undefined;
let pendingLogs: string[] = [];
let loadedHandler: Handler | undefined;

const consoleLevels = {
  log: "INFO",
  info: "INFO",
  warn: "WARN",
  error: "ERROR",
  debug: "DEBUG",
  trace: "TRACE",
};
for (const [method, level] of Object.entries(consoleLevels)) {
  // Lambda's text log format; the lines go to the report instead of flooding the test output.
  Object.assign(console, {
    [method]: (...args: unknown[]) => {
      pendingLogs.push(
        `${new Date().toISOString()}\t${current?.requestId ?? "undefined"}\t${level}\t${format(...args)}`,
      );
    },
  });
}

port.on("message", (request: InvokeRequest) => {
  void invoke(request);
});

// As on Lambda, an error nobody awaits fails the running invocation and ends the runtime.
process.on("uncaughtException", (error) => {
  failFatally(toLambdaError(error));
});
process.on("unhandledRejection", (reason) => {
  failFatally({ errorType: "Runtime.UnhandledPromiseRejection", errorMessage: String(reason), trace: [] });
});

async function invoke(request: InvokeRequest): Promise<void> {
  current = { requestId: request.requestId };
  useRandomSource(request.randomSeed);
  try {
    loadedHandler ??= await loadHandler();
    const result = await loadedHandler(JSON.parse(request.payloadJson), lambdaContext(request));
    respond({ requestId: request.requestId, outcome: "returned", payloadJson: serialise(result), logs: [] });
  } catch (error) {
    respond({
      requestId: request.requestId,
      outcome: "threw",
      error: toLambdaError(error),
      fatal: false,
      logs: [],
    });
  }
}

/**
 * A local-only determinism aid (see InvokeRequest.randomSeed): seeded per invocation rather than per worker,
 * so the numbers an invocation draws do not depend on which worker serves it or what ran there before.
 */
function useRandomSource(seed: number | undefined): void {
  if (seed === undefined) {
    Object.assign(Math, { random: platformRandom.random });
    Object.assign(crypto, { randomUUID: platformRandom.randomUUID });
  } else {
    const generator = xoroshiro128plus(seed);
    Object.assign(Math, { random: () => uint32(generator) / 2 ** 32 });
    Object.assign(crypto, { randomUUID: () => seededUuid(generator) });
  }
  // An ES module handler's `import { randomUUID } from "node:crypto"` is a live binding that follows the
  // CommonJS exports only once they are synced.
  syncBuiltinESMExports();
}

function uint32(generator: RandomGenerator): number {
  return generator.unsafeNext() >>> 0;
}

/** A version 4 UUID (RFC 9562) whose random bits come from the generator. */
function seededUuid(generator: RandomGenerator): string {
  const bytes = Buffer.alloc(16);
  for (let offset = 0; offset < 16; offset += 4) bytes.writeUInt32BE(uint32(generator), offset);
  bytes.writeUInt8((bytes.readUInt8(6) & 0x0f) | 0x40, 6);
  bytes.writeUInt8((bytes.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function respond(response: InvokeResponse): void {
  if (current?.requestId !== response.requestId) return;
  current = undefined;
  port?.postMessage({ ...response, logs: pendingLogs });
  pendingLogs = [];
}

function failFatally(error: LambdaErrorPayload): void {
  if (current === undefined) process.exit(1);
  respond({ requestId: current.requestId, outcome: "threw", error, fatal: true, logs: [] });
}

// JSON.stringify gives undefined for a function or a symbol, though its type says string.
const stringify: (value: unknown) => string | undefined = JSON.stringify;

function serialise(result: unknown): string {
  try {
    return stringify(result === undefined ? null : result) ?? "null";
  } catch {
    // The Node.js runtime's own wording when a handler returns something JSON cannot represent.
    throw new Error("Unable to stringify response body");
  }
}

function lambdaContext(request: InvokeRequest): LocalLambdaContext {
  return {
    functionName: setup.functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: setup.functionArn,
    memoryLimitInMB: String(setup.memorySizeMb),
    awsRequestId: request.requestId,
    logGroupName: `/aws/lambda/${setup.functionName}`,
    logStreamName: `local/[$LATEST]${request.requestId.replaceAll("-", "")}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, request.deadline - Date.now()),
  };
}

async function loadHandler(): Promise<Handler> {
  // Like the runtime: "src/app.handlers.main" is module src/app, export path handlers.main.
  const separator = setup.handler.lastIndexOf("/") + 1;
  const directory = setup.handler.slice(0, separator);
  const [moduleName = "", ...exportPath] = setup.handler.slice(separator).split(".");
  const modulePath = path.resolve(setup.taskRoot, directory, moduleName);
  const file = [".js", ".mjs", ".cjs"]
    .map((extension) => modulePath + extension)
    .find((candidate) => existsSync(candidate));
  if (file === undefined) {
    throw new LambdaInitError("Runtime.ImportModuleError", `Error: Cannot find module '${moduleName}'`);
  }
  enableCompileCache(setup.compileCacheDir);
  let namespace: unknown;
  try {
    namespace = await import(pathToFileURL(file).href);
  } catch (error) {
    if (error instanceof SyntaxError)
      throw new LambdaInitError("Runtime.UserCodeSyntaxError", `SyntaxError: ${error.message}`);
    if (isModuleNotFound(error))
      throw new LambdaInitError("Runtime.ImportModuleError", `Error: ${error.message}`);
    throw error;
  }
  const handlerName = `${moduleName}.${exportPath.join(".")}`;
  // A CommonJS module's exports may only be reachable through the namespace's default export.
  const handler =
    propertyPath(namespace, exportPath) ?? propertyPath(propertyPath(namespace, ["default"]), exportPath);
  if (handler === undefined) {
    throw new LambdaInitError("Runtime.HandlerNotFound", `${handlerName} is undefined or not exported`);
  }
  if (typeof handler !== "function") {
    throw new LambdaInitError("Runtime.HandlerNotFound", `${handlerName} is not a function`);
  }
  return handler as Handler;
}

function propertyPath(value: unknown, keys: readonly string[]): unknown {
  let target = value;
  for (const key of keys) {
    if ((typeof target !== "object" && typeof target !== "function") || target === null) return undefined;
    target = (target as Record<string, unknown>)[key];
  }
  return target;
}

function isModuleNotFound(error: unknown): error is Error {
  return (
    error instanceof Error &&
    "code" in error &&
    (error.code === "ERR_MODULE_NOT_FOUND" || error.code === "MODULE_NOT_FOUND")
  );
}

/** The payload the Node.js runtime reports for a function error. */
function toLambdaError(error: unknown): LambdaErrorPayload {
  if (error instanceof LambdaInitError) {
    return {
      errorType: error.errorType,
      errorMessage: error.message,
      trace: [`${error.errorType}: ${error.message}`],
    };
  }
  if (error instanceof Error) {
    return { errorType: error.name, errorMessage: error.message, trace: (error.stack ?? "").split("\n") };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}
