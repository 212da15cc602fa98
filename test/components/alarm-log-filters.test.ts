import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { bundleHandler } from "../../components/bundle";
import { expectedErrorPattern, FAILED_INVOCATION_PATTERN } from "../../components/workflow-alarms";
import { PAYMENT_DECLINED_ERROR } from "../../functions/authorize-payment/errors";
import { IDEMPOTENCY_TABLE_NAME_ENV } from "../../functions/authorize-payment/handler";
import { LocalDynamoDb } from "../../local/engine/dynamodb/local-dynamodb";

/*
 * The authorize function's faults are its failed invocations less its declines, both counted by metric filters on
 * its JSON log. These tests run the bundled handler as deployed, its idempotency records on a local DynamoDB table,
 * write what the Node.js runtime would log for each failure, and evaluate the filter patterns on those records and
 * on the platform's: every decline must count in both metrics, every other failure in the failures only.
 */

const REGION = "us-east-1";
const IDEMPOTENCY_TABLE = {
  name: "alarm-filters-idempotency",
  arn: `arn:aws:dynamodb:${REGION}:123456789012:table/alarm-filters-idempotency`,
  hashKey: "id",
  attributes: [{ name: "id", type: "S" }],
} as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The subset of CloudWatch Logs' JSON filter pattern syntax the patterns use: `$.a.b = "text"` (with `*` for any
 * text at the start or end), `&&` binding tighter than `||`, and parentheses. A selector that names no field
 * matches nothing.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 */
function matches(pattern: string, event: Json): boolean {
  const tokens = pattern.match(/\$(?:\.[A-Za-z0-9_]+)+|"(?:[^"\\]|\\.)*"|&&|\|\||!=|=|[(){}]/g) ?? [];
  let at = 0;
  const next = (): string => tokens[at++] ?? "";
  const peek = (): string => tokens[at] ?? "";
  const field = (selector: string): Json | undefined =>
    selector
      .slice(2)
      .split(".")
      .reduce<Json | undefined>(
        (value, key) =>
          typeof value === "object" && value !== null && !Array.isArray(value) ? value[key] : undefined,
        event,
      );
  const term = (): boolean => {
    if (peek() === "(") {
      next();
      const value = or();
      if (next() !== ")") throw new Error(`Unbalanced parentheses in ${pattern}`);
      return value;
    }
    const value = field(next());
    const operator = next();
    const expected = JSON.parse(next()) as string;
    if (typeof value !== "string") return false;
    const wildcard = new RegExp(
      `^${expected
        .split("*")
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*")}$`,
    );
    return operator === "=" ? wildcard.test(value) : !wildcard.test(value);
  };
  const and = (): boolean => {
    let value = term();
    while (peek() === "&&") {
      next();
      value = term() && value;
    }
    return value;
  };
  const or = (): boolean => {
    let value = and();
    while (peek() === "||") {
      next();
      value = and() || value;
    }
    return value;
  };
  if (next() !== "{") throw new Error(`Not a JSON pattern: ${pattern}`);
  const result = or();
  if (next() !== "}" || at !== tokens.length) throw new Error(`Unparsed text in ${pattern}`);
  return result;
}

/**
 * What the bundled authorize handler throws for each input and environment, as the runtime logs it in the JSON
 * format: an ERROR record whose message is the error, `errorType` from its constructor, then its own properties.
 * The handler runs in a child process with the variables Lambda and the deployment set (`env` on top), its SDK
 * pointed at `dynamoDbEndpoint`, and a context as Lambda passes it (Powertools reads the remaining time).
 * @see https://github.com/aws/aws-lambda-nodejs-runtime-interface-client/blob/main/src/logging/formatter.ts
 */
async function runtimeErrorRecords(
  dynamoDbEndpoint: string,
  cases: Readonly<Record<string, { readonly event: Json; readonly env: Record<string, string> }>>,
): Promise<Record<string, Json>> {
  const bundle = bundleHandler("functions/authorize-payment/handler.ts");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "authorize-records-"));
  try {
    for (const [file, text] of Object.entries(bundle.files)) fs.writeFileSync(path.join(dir, file), text);
    fs.writeFileSync(
      path.join(dir, "records.mjs"),
      `import { writeFileSync } from "node:fs";
import { handler } from "./index.mjs";
const cases = ${JSON.stringify(cases)};
const records = {};
for (const [name, { event, env }] of Object.entries(cases)) {
  Object.assign(process.env, env);
  const context = {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    awsRequestId: name,
    getRemainingTimeInMillis: () => 10000,
  };
  try {
    await handler(event, context);
    records[name] = "succeeded";
  } catch (error) {
    const message = Object.assign(
      { errorType: error?.constructor?.name ?? "UnknownError", errorMessage: error.message, stackTrace: [] },
      error,
    );
    records[name] = { timestamp: "2026-01-01T00:00:00.000Z", level: "ERROR", requestId: name, message };
  }
}
// A file, not stdout: the handler logs each gateway call there.
writeFileSync(${JSON.stringify(path.join(dir, "records.json"))}, JSON.stringify(records));
`,
    );
    // Asynchronous: the local DynamoDB answers from this process while the handler runs.
    await promisify(execFile)(process.execPath, [path.join(dir, "records.mjs")], {
      encoding: "utf8",
      env: {
        PATH: process.env.PATH ?? "",
        AWS_REGION: REGION,
        AWS_LAMBDA_FUNCTION_NAME: "test-authorize-payment",
        AWS_ACCESS_KEY_ID: "local",
        AWS_SECRET_ACCESS_KEY: "local",
        AWS_SESSION_TOKEN: "local",
        AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint,
        [IDEMPOTENCY_TABLE_NAME_ENV]: IDEMPOTENCY_TABLE.name,
      },
    });
    return JSON.parse(fs.readFileSync(path.join(dir, "records.json"), "utf8")) as Record<string, Json>;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const platformReport = (status: string, errorType?: string): Json => ({
  time: "2026-01-01T00:00:00.000Z",
  type: "platform.report",
  record: {
    requestId: "r",
    metrics: { durationMs: 10000, billedDurationMs: 10000, memorySizeMB: 128, maxMemoryUsedMB: 128 },
    status,
    ...(errorType === undefined ? {} : { errorType }),
  },
});

const ORDER = { order: { orderId: "o-1", amount: 10, currency: "USD" } };
let records: Record<string, Json>;

beforeAll(async () => {
  const database = await LocalDynamoDb.start([IDEMPOTENCY_TABLE], REGION);
  try {
    records = {
      ...(await runtimeErrorRecords(database.endpoint, {
        declined: { event: ORDER, env: { AUTH_FAILURE_RATE: "1", AUTH_LATENCY_MS: "0" } },
        invalidRequest: { event: { order: "o-1" }, env: { AUTH_FAILURE_RATE: "0", AUTH_LATENCY_MS: "0" } },
        badConfiguration: { event: ORDER, env: { AUTH_FAILURE_RATE: "often", AUTH_LATENCY_MS: "0" } },
        idempotencyTableMissing: {
          event: { order: { ...ORDER.order, orderId: "o-2" } },
          env: {
            AUTH_FAILURE_RATE: "0",
            AUTH_LATENCY_MS: "0",
            [IDEMPOTENCY_TABLE_NAME_ENV]: "no-such-table",
          },
        },
      })),
      timedOut: platformReport("timeout"),
      outOfMemory: platformReport("error", "Runtime.OutOfMemory"),
      runtimeExited: platformReport("error", "Runtime.ExitError"),
      succeeded: platformReport("success"),
      infoLine: { timestamp: "2026-01-01T00:00:00.000Z", level: "INFO", requestId: "r", message: "started" },
    };
  } finally {
    await database.close();
  }
});

describe("the authorize function's log metric filters", () => {
  test("the runtime's record of a decline carries the error's name, not its minified class name", () => {
    expect(records.declined).toMatchObject({
      level: "ERROR",
      message: { name: PAYMENT_DECLINED_ERROR, errorMessage: "Payment declined for order o-1" },
    });
    expect(records.declined).not.toMatchObject({ message: { errorType: PAYMENT_DECLINED_ERROR } });
  });

  test("a missing idempotency table fails the invocation with Powertools' named error", () => {
    expect(records.idempotencyTableMissing).toMatchObject({
      level: "ERROR",
      message: { name: "IdempotencyPersistenceLayerError" },
    });
  });

  test("every failed invocation counts as a failure, and only a decline also counts as a decline", () => {
    const declines = expectedErrorPattern(PAYMENT_DECLINED_ERROR);
    const counted = Object.fromEntries(
      Object.entries(records).map(([name, record]) => [
        name,
        { failure: matches(FAILED_INVOCATION_PATTERN, record), decline: matches(declines, record) },
      ]),
    );
    expect(counted).toEqual({
      declined: { failure: true, decline: true },
      invalidRequest: { failure: true, decline: false },
      badConfiguration: { failure: true, decline: false },
      idempotencyTableMissing: { failure: true, decline: false },
      timedOut: { failure: true, decline: false },
      outOfMemory: { failure: true, decline: false },
      runtimeExited: { failure: true, decline: false },
      succeeded: { failure: false, decline: false },
      infoLine: { failure: false, decline: false },
    });
  });
});
