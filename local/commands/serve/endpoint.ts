import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

import type { LocalSimulator } from "../../engine/simulator";
import type { Integration } from "../../engine/task-plan";
import type { Deployment } from "../../model/deployment";
import { AwsError } from "./aws-error";
import { RequestFields } from "./request-fields";
import { SQS_OPERATIONS, SqsApi, type SqsOperation } from "./sqs";
import { STEP_FUNCTIONS_OPERATIONS, StepFunctionsApi, type StepFunctionsOperation } from "./step-functions";

/** Loopback only: the endpoint checks no credentials, so nothing off this machine may reach it. */
export const LOOPBACK = "127.0.0.1";

/** The target prefixes of the AWS JSON protocols the endpoint routes, by service. */
const STEP_FUNCTIONS_PREFIX = "AWSStepFunctions";
const SQS_PREFIX = "AmazonSQS";
const DYNAMODB_PREFIX = "DynamoDB_20120810";

/** DynamoDB's 400 KB item limit times its 25-item batch writes, with room: more is refused unread. */
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

export interface EndpointOptions {
  readonly deployment: Deployment;
  /** The version the live alias runs (the stack output `stateMachineVersionArn`): the deployment's definition. */
  readonly versionArn: string;
  readonly simulator: LocalSimulator;
  readonly taskIntegrations: ReadonlyMap<string, Integration>;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Told of each execution a simulator defect ended; default: nothing. */
  readonly onDefect?: (executionArn: string, error: unknown) => void;
}

/**
 * One AWS-compatible endpoint on the loopback address for a running deployment: the AWS JSON protocols, routed
 * by their X-Amz-Target header to Step Functions (over the simulator), SQS (the deployment's queues) and
 * DynamoDB (passed to the simulator's dynalite). Anything else is refused as AWS refuses an unknown operation.
 */
export class LocalEndpoint {
  /** Every X-Amz-Target received, in order, answered or not. */
  readonly targets: string[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly stepFunctions: StepFunctionsApi,
    readonly sqs: SqsApi,
    private readonly dynamoDbUrl: string,
  ) {}

  static async start(options: EndpointOptions): Promise<LocalEndpoint> {
    const { deployment, simulator } = options;
    const stepFunctions = new StepFunctionsApi({
      deployment,
      arns: {
        stateMachineArn: deployment.stateMachineArn,
        liveAliasArn: deployment.liveAliasArn,
        versionArn: options.versionArn,
      },
      taskIntegrations: options.taskIntegrations,
      start: (input, executionName, association) =>
        simulator.start(input, { ...(executionName === undefined ? {} : { executionName }), association }),
      redrive: {
        redrive: (executionName) => simulator.redrive(executionName),
        redriveStatus: (executionName, now) => simulator.redriveStatus(executionName, now),
      },
      ...(options.onDefect === undefined ? {} : { onDefect: options.onDefect }),
    });
    let url = "";
    const sqs = new SqsApi(
      deployment.queues,
      () => simulator.queuedMessages(),
      () => url,
    );
    const dynamoDbUrl = await simulator.dynamoDbEndpoint();

    // The server answers once the endpoint exists, which needs the port the server got.
    const ready: { endpoint?: LocalEndpoint } = {};
    const server = createServer((request, response) => {
      if (ready.endpoint === undefined) response.destroy();
      else void ready.endpoint.answer(request, response);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, LOOPBACK, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const address = server.address();
    if (typeof address !== "object" || address === null) {
      server.close();
      throw new Error(`The endpoint listens on ${address ?? "no address"}, not on a TCP port`);
    }
    url = `http://${LOOPBACK}:${address.port}`;
    const endpoint = new LocalEndpoint(server, url, stepFunctions, sqs, dynamoDbUrl);
    ready.endpoint = endpoint;
    return endpoint;
  }

  /** Stops listening, stops the executions still running and waits for them to end. */
  async close(): Promise<void> {
    this.stepFunctions.stopAll();
    await this.stepFunctions.settled();
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => {
        if (error) reject(error);
        else resolve();
      });
    });
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const target = request.headers["x-amz-target"];
    const targetText = Array.isArray(target) ? target.join(",") : (target ?? "");
    this.targets.push(targetText);
    try {
      const body = await readBody(request);
      const [prefix, operation = ""] = targetText.split(".", 2);
      if (request.method !== "POST" || targetText === "") throw unknownOperation(targetText, request.method);
      if (prefix === DYNAMODB_PREFIX) {
        await this.passToDynamoDb(request, body, response);
        return;
      }
      const result = await this.dispatch(prefix ?? "", operation, targetText, body);
      send(response, 200, requestId, JSON.stringify(result), protocolOf(request));
    } catch (error) {
      const failure =
        error instanceof AwsError
          ? error
          : new AwsError(
              "InternalFailure",
              `The local endpoint failed: ${error instanceof Error ? error.message : String(error)}`,
              500,
            );
      send(
        response,
        failure.status,
        requestId,
        JSON.stringify({ __type: failure.code, message: failure.message }),
        protocolOf(request),
        failure.code,
      );
    }
  }

  private async dispatch(prefix: string, operation: string, target: string, body: string): Promise<object> {
    if (prefix === STEP_FUNCTIONS_PREFIX && isOneOf(operation, STEP_FUNCTIONS_OPERATIONS)) {
      return this.stepFunctions.handle(operation as StepFunctionsOperation, RequestFields.parse(body));
    }
    if (prefix === SQS_PREFIX && isOneOf(operation, SQS_OPERATIONS)) {
      return this.sqs.handle(
        operation as SqsOperation,
        RequestFields.parse(body, (message) => new AwsError("InvalidParameterValue", message)),
      );
    }
    throw unknownOperation(target, "POST");
  }

  private async passToDynamoDb(
    request: IncomingMessage,
    body: string,
    response: ServerResponse,
  ): Promise<void> {
    const headers: Record<string, string> = {};
    for (const name of [
      "content-type",
      "x-amz-target",
      "authorization",
      "x-amz-date",
      "x-amz-security-token",
    ]) {
      const value = request.headers[name];
      if (typeof value === "string") headers[name] = value;
    }
    const answer = await fetch(this.dynamoDbUrl, { method: "POST", headers, body });
    const text = await answer.text();
    const relayed: Record<string, string> = {};
    for (const name of ["content-type", "x-amzn-requestid", "x-amz-crc32", "x-amzn-errortype"]) {
      const value = answer.headers.get(name);
      if (value !== null) relayed[name] = value;
    }
    response.writeHead(answer.status, { ...relayed, "content-length": Buffer.byteLength(text) });
    response.end(text);
  }
}

function isOneOf(operation: string, operations: readonly string[]): boolean {
  return operations.includes(operation);
}

function unknownOperation(target: string, method: string | undefined): AwsError {
  const supported = [
    ...STEP_FUNCTIONS_OPERATIONS.map((operation) => `${STEP_FUNCTIONS_PREFIX}.${operation}`),
    ...SQS_OPERATIONS.map((operation) => `${SQS_PREFIX}.${operation}`),
    `${DYNAMODB_PREFIX}.*`,
  ];
  const what =
    method !== "POST"
      ? `a ${method ?? "request"} request (the AWS JSON protocols POST)`
      : target === ""
        ? "a request without an X-Amz-Target header"
        : `the operation ${target}`;
  return new AwsError(
    "UnknownOperationException",
    `The local endpoint does not implement ${what}; it answers ${supported.join(", ")}`,
  );
}

function protocolOf(request: IncomingMessage): string {
  const type = request.headers["content-type"];
  return typeof type === "string" && type.startsWith("application/x-amz-json-1.1")
    ? "application/x-amz-json-1.1"
    : "application/x-amz-json-1.0";
}

function send(
  response: ServerResponse,
  status: number,
  requestId: string,
  body: string,
  contentType: string,
  errorType?: string,
): void {
  response.writeHead(status, {
    "content-type": contentType,
    "content-length": Buffer.byteLength(body),
    "x-amzn-requestid": requestId,
    ...(errorType === undefined ? {} : { "x-amzn-errortype": errorType }),
  });
  response.end(body);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_REQUEST_BYTES) {
      throw new AwsError(
        "RequestEntityTooLarge",
        `The request is larger than the ${MAX_REQUEST_BYTES} bytes the local endpoint reads`,
        413,
      );
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
