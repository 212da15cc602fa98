import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";

import {
  awsErrorOf,
  raisedErrorNames,
  SERVICE_ERRORS,
  serviceFailure,
  stepFunctionsErrorOf,
} from "../../local/engine/aws-errors";
import { PROJECT_DIR } from "../../local/model/project-dir";
import { NOTE_END, NOTE_START, renderErrorTables } from "./error-note";

/** The AWS SDK for JavaScript's own list of an API call's errors: the `@throws` of its command. */
function sdkThrows(client: string, command: string): string[] {
  const file = path.join(
    path.dirname(require.resolve(`${client}/package.json`)),
    "dist-types/commands",
    `${command}.d.ts`,
  );
  const codes = [...readFileSync(file, "utf8").matchAll(/@throws \{@link (\w+)\}/g)].map(
    (match) => match[1] ?? "",
  );
  // The last is the client's base exception, which stands for every code the SDK does not model.
  return codes.filter((code) => !code.endsWith("ServiceException") || code === "ServiceException");
}

/** The SDK's model of an error: whether it is the client's or the server's fault, and its HTTP status if modeled. */
async function sdkModel(client: string, code: string): Promise<{ fault: unknown; httpStatus: unknown }> {
  const module = (await import(client)) as Record<string, unknown>;
  const ErrorClass = module[code] as new (options: { message: string; $metadata: object }) => {
    $fault: unknown;
  };
  // The SDK's schema of the error: [kind, namespace, name, traits, …], traits holding `httpError` when modeled.
  const schema = module[`${code}$`] as readonly unknown[] | undefined;
  const traits = schema?.[3] as { httpError?: unknown } | undefined;
  return { fault: new ErrorClass({ message: "m", $metadata: {} }).$fault, httpStatus: traits?.httpError };
}

describe.each([
  ["dynamodb:putItem", "@aws-sdk/client-dynamodb", "PutItemCommand"],
  ["lambda:invoke", "@aws-sdk/client-lambda", "InvokeCommand"],
] as const)("%s", (integration, client, command) => {
  const throws = sdkThrows(client, command);

  test(`lists every error ${command} of the installed AWS SDK throws`, () => {
    expect(throws.length).toBeGreaterThan(5);
    expect(throws.filter((code) => awsErrorOf(integration, code)?.origin !== "service")).toEqual([]);
  });

  test("gives each the HTTP status the SDK's model does, a 5xx for a server fault", async () => {
    const models = await Promise.all(
      throws.map(async (code) => ({ code, ...(await sdkModel(client, code)) })),
    );
    const mismatches = models.flatMap(({ code, fault, httpStatus }) => {
      const status = awsErrorOf(integration, code)?.httpStatus ?? 0;
      const serverFault = status >= 500;
      const agrees =
        (httpStatus === undefined || httpStatus === status) && serverFault === (fault === "server");
      return agrees ? [] : [{ code, table: status, sdk: { fault, httpStatus } }];
    });
    expect(mismatches).toEqual([]);
  });
});

describe.each(Object.values(SERVICE_ERRORS))("$integration's table", (table) => {
  const prefix = table.unmodeled.slice(0, table.unmodeled.indexOf("."));

  test("lists each code once, each with a source and a name under the service's prefix", () => {
    const codes = table.errors.map((error) => error.code);
    expect(codes.filter((code, index) => codes.indexOf(code) !== index)).toEqual([]);
    expect(table.errors.filter((error) => error.sources.some((url) => !url.startsWith("https://")))).toEqual(
      [],
    );
    expect(table.errors.filter((error) => !error.stepFunctionsError.startsWith(`${prefix}.`))).toEqual([]);
  });

  test("has a status for every service error and none for a client failure", () => {
    expect(
      table.errors.filter((error) => (error.origin === "service") !== (error.httpStatus !== undefined)),
    ).toEqual([]);
  });

  test("names a code it does not list as the SDK's base exception", () => {
    expect(stepFunctionsErrorOf(table.integration, "SomethingNew")).toBe(table.unmodeled);
    expect(raisedErrorNames(table.integration)).toContain(table.unmodeled);
  });
});

test("a service's answer fails the Task with the table's name and the AWS SDK for Java's Cause", () => {
  const failure = serviceFailure("dynamodb:putItem", {
    code: "InternalServerError",
    message: "Internal server error",
    requestId: "r-1",
  });
  expect([failure.name, failure.message]).toEqual([
    "DynamoDB.InternalServerErrorException",
    "Internal server error (Service: AmazonDynamoDBv2; Status Code: 500; Error Code: InternalServerError; " +
      "Request ID: r-1; Proxy: null)",
  ]);
});

test("a code no table lists fails the Task as the base exception, with the status the service answered", () => {
  const failure = serviceFailure("sqs:sendMessage", {
    code: "SomethingNew",
    message: "new",
    httpStatus: 409,
    requestId: "r-2",
  });
  expect([failure.name, failure.message]).toEqual([
    "SQS.AmazonSQSException",
    "new (Service: AmazonSQS; Status Code: 409; Error Code: SomethingNew; Request ID: r-2; Proxy: null)",
  ]);
});

test("a client failure's Cause is its message alone, as the SDK client reports it", () => {
  const failure = serviceFailure("lambda:invoke", {
    code: "ClientExecutionTimeoutException",
    message: "Client execution did not complete before the specified timeout configuration.",
    requestId: "r-3",
  });
  expect([failure.name, failure.message]).toEqual([
    "Lambda.ClientExecutionTimeoutException",
    "Client execution did not complete before the specified timeout configuration.",
  ]);
});

const NOTE = path.join(PROJECT_DIR, "local/engine/aws-errors/README.md");

/**
 * The note's tables are the code's tables. `WRITE_ERROR_NOTE=1 npx jest test/engine/aws-errors.test.ts` rewrites
 * them after a change to the tables.
 */
test("local/engine/aws-errors/README.md shows the tables as the code has them", () => {
  const note = readFileSync(NOTE, "utf8");
  const start = note.indexOf(NOTE_START);
  const end = note.indexOf(NOTE_END);
  expect([start >= 0, end > start]).toEqual([true, true]);
  const unformatted = `${note.slice(0, start + NOTE_START.length)}\n\n${renderErrorTables()}\n${note.slice(end)}`;
  // The CLI, as `npm run format` runs it: prettier's API loads its plugins in a way jest cannot.
  const expected = execFileSync(
    process.execPath,
    [require.resolve("prettier/bin/prettier.cjs"), "--stdin-filepath", NOTE],
    {
      input: unformatted,
      encoding: "utf8",
    },
  );
  if (process.env.WRITE_ERROR_NOTE === "1") writeFileSync(NOTE, expected);
  expect(note).toBe(expected);
});
