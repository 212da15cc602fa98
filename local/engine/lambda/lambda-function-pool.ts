import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { Worker } from "node:worker_threads";

import type { DeployedFunction } from "../../model/deployment";
import type { JsonValue } from "../../model/json";
import { unpackArchive } from "./lambda-archive";
import { lambdaWorkerCode } from "./lambda-worker-code";
import type {
  InvokeRequest,
  InvokeResponse,
  LambdaErrorPayload,
  LambdaWorkerSetup,
} from "./lambda-worker-protocol";

export interface LambdaInvocation {
  readonly requestId: string;
  readonly outcome:
    | { readonly kind: "returned"; readonly payload: JsonValue }
    | { readonly kind: "failed"; readonly error: LambdaErrorPayload };
  readonly logs: readonly string[];
}

/**
 * The random seed of the invocations started inside `withInvocationSeed`. Carried by async context because
 * the seed belongs to one Task call of the simulator, while the integration code between the two only passes
 * the payload.
 */
const invocationSeed = new AsyncLocalStorage<number>();

/** Runs `call` so that the Lambda invocations it starts use `seed` (see InvokeRequest.randomSeed). */
export function withInvocationSeed<T>(seed: number, call: () => T): T {
  return invocationSeed.run(seed, call);
}

/** Variables Lambda sets itself and refuses in a function's configuration. */
const RESERVED_ENVIRONMENT_VARIABLES: readonly string[] = [
  "_HANDLER",
  "_X_AMZN_TRACE_ID",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_FUNCTION_NAME",
  "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
  "AWS_LAMBDA_FUNCTION_VERSION",
  "AWS_LAMBDA_INITIALIZATION_TYPE",
  "AWS_LAMBDA_LOG_GROUP_NAME",
  "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_ACCESS_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_LAMBDA_RUNTIME_API",
  "LAMBDA_TASK_ROOT",
  "LAMBDA_RUNTIME_DIR",
];

/** The local stand-ins of the AWS services a function's own SDK calls reach. */
export interface LocalEndpoints {
  /** The local DynamoDB, e.g. "http://127.0.0.1:4567". */
  readonly dynamoDb: string;
}

/**
 * Credentials for the local services, which accept any: Lambda sets a role's temporary credentials in these
 * variables, and the SDK's default provider reads them from there first.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
const LOCAL_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: "local",
  AWS_SECRET_ACCESS_KEY: "local",
  AWS_SESSION_TOKEN: "local",
} as const;

/**
 * The execution environments of one function: worker threads that each run one invocation at a time, so
 * concurrent invocations (Parallel, Map) get environments of their own, as Lambda scales out. As on Lambda, an
 * environment starts when an invocation needs it, not when the function is created: a run that never reaches a
 * function (an order refused earlier, a test of the simulator's own checks) starts no thread for it, where one
 * started ahead cost about 25 ms of CPU each (58 of the 158 the jest suite started went unused).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html#cold-start-latency
 */
export class LambdaFunctionPool {
  private readonly workers = new Set<Worker>();
  private readonly idle: Worker[] = [];

  private constructor(
    readonly fn: DeployedFunction,
    private readonly taskRoot: string,
    private readonly environment: Readonly<Record<string, string>>,
  ) {}

  static async start(
    fn: DeployedFunction,
    region: string,
    endpoints: LocalEndpoints,
  ): Promise<LambdaFunctionPool> {
    const reserved = Object.keys(fn.environment).filter((name) =>
      RESERVED_ENVIRONMENT_VARIABLES.includes(name),
    );
    if (reserved.length > 0) {
      throw new Error(
        `Function \`${fn.name}\` sets the reserved environment variables ${reserved.join(", ")}; ` +
          `Lambda sets these itself and refuses them: ${RESERVED_ENVIRONMENT_VARIABLES.join(", ")}`,
      );
    }
    const taskRoot = await unpackArchive(fn);
    const pool = new LambdaFunctionPool(fn, taskRoot, {
      ...fn.environment,
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySizeMb),
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      ...LOCAL_CREDENTIALS,
      // Simulator only, never in the deployed environment: the SDK's service-specific endpoint variable sends
      // the function's DynamoDB calls to the local DynamoDB, so what it writes there are real items.
      // https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
      AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamoDb,
    });
    return pool;
  }

  /**
   * Runs the handler once. A function error, a timeout or a runtime exit is an outcome, as Lambda reports it;
   * the promise rejects only when the worker machinery itself breaks.
   */
  invoke(payload: JsonValue): Promise<LambdaInvocation> {
    const worker = this.idle.pop() ?? this.spawn();
    const requestId = randomUUID();
    const timeoutMs = this.fn.timeoutSeconds * 1000;
    const randomSeed = invocationSeed.getStore();
    const request: InvokeRequest = {
      requestId,
      payloadJson: JSON.stringify(payload),
      deadline: Date.now() + timeoutMs,
      ...(randomSeed === undefined ? {} : { randomSeed }),
    };

    return new Promise((resolve, reject) => {
      const settle = (): void => {
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
      };
      const onMessage = (response: InvokeResponse): void => {
        if (response.requestId !== requestId) return;
        settle();
        resolve(this.answered(worker, response));
      };
      const onError = (error: Error): void => {
        settle();
        reject(
          new Error(`The worker running function \`${this.fn.name}\` crashed: ${error.message}`, {
            cause: error,
          }),
        );
      };
      const onExit = (exitCode: number): void => {
        settle();
        resolve(failedInvocation(requestId, runtimeExitError(requestId, exitCode)));
      };
      const timer = setTimeout(() => {
        settle();
        // The environment is frozen mid-invocation on Lambda too; a fresh one serves the next invocation.
        void this.retire(worker);
        resolve(failedInvocation(requestId, timedOutError(requestId, this.fn.timeoutSeconds)));
      }, timeoutMs);

      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", onExit);
      worker.postMessage(request);
    });
  }

  /** How many execution environments are running: started by invocations, ended by a timeout, exit or close. */
  get environmentCount(): number {
    return this.workers.size;
  }

  async close(): Promise<void> {
    await Promise.all([...this.workers].map((worker) => this.retire(worker)));
  }

  /** The invocation the worker answered; the worker serves again unless its failure was fatal to it. */
  private answered(worker: Worker, response: InvokeResponse): LambdaInvocation {
    const { requestId, logs } = response;
    if (response.outcome === "returned") {
      this.idle.push(worker);
      return {
        requestId,
        outcome: { kind: "returned", payload: JSON.parse(response.payloadJson) as JsonValue },
        logs,
      };
    }
    if (response.fatal) void this.retire(worker);
    else this.idle.push(worker);
    return { requestId, outcome: { kind: "failed", error: response.error }, logs };
  }

  private spawn(): Worker {
    const setup: LambdaWorkerSetup = {
      taskRoot: this.taskRoot,
      compileCacheDir: path.join(path.dirname(this.taskRoot), "compile-cache"),
      handler: this.fn.handler,
      functionName: this.fn.name,
      functionArn: this.fn.arn,
      memorySizeMb: this.fn.memorySizeMb,
    };
    const worker = new Worker(lambdaWorkerCode(), {
      eval: true,
      env: this.environment,
      workerData: setup,
      name: `lambda:${this.fn.name}`,
    });
    this.workers.add(worker);
    // Without a listener an error of an idle worker would crash the simulator; an invocation reports its own.
    worker.on("error", () => undefined);
    worker.on("exit", () => {
      this.workers.delete(worker);
      const index = this.idle.indexOf(worker);
      if (index >= 0) this.idle.splice(index, 1);
    });
    return worker;
  }

  private async retire(worker: Worker): Promise<void> {
    this.workers.delete(worker);
    await worker.terminate();
  }
}

/** A failure the worker did not answer with itself, so none of its log lines came back. */
function failedInvocation(requestId: string, error: LambdaErrorPayload): LambdaInvocation {
  return { requestId, outcome: { kind: "failed", error }, logs: [] };
}

function runtimeExitError(requestId: string, exitCode: number): LambdaErrorPayload {
  return {
    errorType: "Runtime.ExitError",
    errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: exit status ${exitCode}`,
  };
}

function timedOutError(requestId: string, timeoutSeconds: number): LambdaErrorPayload {
  return {
    errorType: "Sandbox.Timedout",
    errorMessage: `${new Date().toISOString()} ${requestId} Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
  };
}
