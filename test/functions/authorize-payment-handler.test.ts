import { paymentIdempotencyKey } from "../../functions/authorize-payment/authorize-payment";
import {
  AUTH_FAILURE_RATE_ENV,
  AUTH_LATENCY_MS_ENV,
  AUTH_LATENCY_MS_MAX,
  handler as authorizeHandler,
  IDEMPOTENCY_TABLE_NAME_ENV,
} from "../../functions/authorize-payment/handler";
import { InvalidPaymentRequestError, PaymentDeclinedError } from "../../functions/authorize-payment/errors";
import { ConfigurationError } from "../../functions/shared/errors";
import { LocalDynamoDb } from "../../local/engine/dynamodb/local-dynamodb";
import { lambdaContext } from "./lambda-context";
import { rejectionOf } from "./thrown";

const TABLE = "handler-idempotency";
const ORDER = { orderId: "o-1001", amount: 49.99, currency: "USD" };
const REQUEST = { order: ORDER };
const savedEnv = process.env;
let database: LocalDynamoDb;
let orders = 0;

beforeAll(async () => {
  database = await LocalDynamoDb.start(
    [
      {
        name: TABLE,
        arn: `arn:aws:dynamodb:us-east-1:123456789012:table/${TABLE}`,
        hashKey: "id",
        attributes: [{ name: "id", type: "S" }],
      },
    ],
    "us-east-1",
  );
});

afterAll(async () => {
  await database.close();
});

/** A request for an order no earlier test authorized, so the idempotency table does not answer for it. */
function freshRequest(): { order: typeof ORDER } {
  orders += 1;
  return { order: { ...ORDER, orderId: `o-handler-${orders}` } };
}

function handler(event: unknown): ReturnType<typeof authorizeHandler> {
  return authorizeHandler(event, lambdaContext(10_000));
}
// Typed unknown because Jest's asymmetric matchers are `any`.
const AUTHORIZATION_ID: unknown = expect.stringMatching(
  /^auth-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
);

// A fresh object per test, starting with both variables unset so a developer's shell cannot leak in.
function setEnv(vars: Record<string, string>): void {
  process.env = {
    ...savedEnv,
    [AUTH_FAILURE_RATE_ENV]: undefined,
    [AUTH_LATENCY_MS_ENV]: undefined,
    [IDEMPOTENCY_TABLE_NAME_ENV]: TABLE,
    // What the local simulator gives the worker; the deployed function gets its role's credentials instead.
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_DYNAMODB: database.endpoint,
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    ...vars,
  };
}

let gatewayLog: jest.SpiedFunction<typeof console.info>;

beforeEach(() => {
  gatewayLog = jest.spyOn(console, "info").mockImplementation(() => undefined);
});

afterEach(() => {
  process.env = savedEnv;
  gatewayLog.mockRestore();
});

describe("authorize-payment handler", () => {
  it("exports the environment variable names and latency bound", () => {
    expect([
      AUTH_FAILURE_RATE_ENV,
      AUTH_LATENCY_MS_ENV,
      AUTH_LATENCY_MS_MAX,
      IDEMPOTENCY_TABLE_NAME_ENV,
    ]).toEqual(["AUTH_FAILURE_RATE", "AUTH_LATENCY_MS", 5000, "IDEMPOTENCY_TABLE_NAME"]);
  });

  it("authorizes with a generated UUID when the failure rate is 0", async () => {
    setEnv({ AUTH_FAILURE_RATE: "0", AUTH_LATENCY_MS: "0" });
    await expect(handler(REQUEST)).resolves.toEqual({
      authorized: true,
      authorizationId: AUTHORIZATION_ID,
      orderId: "o-1001",
      idempotencyKey: paymentIdempotencyKey(ORDER),
    });
  });

  it("returns the first authorization again for the same order, from its record in the table", async () => {
    setEnv({ AUTH_FAILURE_RATE: "0", AUTH_LATENCY_MS: "0" });
    const request = freshRequest();
    const first = await handler(request);
    setEnv({ AUTH_FAILURE_RATE: "1", AUTH_LATENCY_MS: "0" });
    await expect(handler(request)).resolves.toEqual(first);
    // One structured line per gateway call: the second invocation made none.
    expect(gatewayLog.mock.calls.map(([line]) => JSON.parse(String(line)) as unknown)).toEqual([
      {
        message: "Payment gateway called",
        orderId: request.order.orderId,
        idempotencyKey: paymentIdempotencyKey(request.order),
        outcome: "authorized",
        authorizationId: first.authorizationId,
      },
    ]);
    const records = (await database.items(TABLE)).filter((item) => item.status === "COMPLETED");
    expect(records.map((item) => item.data)).toContainEqual(first);
  });

  it("fails when the request has no currency, before any record is written", async () => {
    setEnv({ AUTH_FAILURE_RATE: "0", AUTH_LATENCY_MS: "0" });
    const before = (await database.items(TABLE)).length;
    await expect(rejectionOf(handler({ order: { orderId: "o-1", amount: 1 } }))).resolves.toEqual({
      type: InvalidPaymentRequestError,
      name: "InvalidPaymentRequestError",
      message: "Invalid payment request: order.currency must be a non-empty string, but received nothing",
    });
    expect((await database.items(TABLE)).length).toBe(before);
  });

  it("fails when the failure rate is 1, with PaymentDeclinedError", async () => {
    setEnv({ AUTH_FAILURE_RATE: "1", AUTH_LATENCY_MS: "0" });
    await expect(rejectionOf(handler(freshRequest()))).resolves.toEqual({
      type: PaymentDeclinedError,
      name: "PaymentDeclinedError",
      message: `Payment declined for order o-handler-${orders}`,
    });
  });

  it("waits the configured latency with a real timer", async () => {
    setEnv({ AUTH_FAILURE_RATE: "0", AUTH_LATENCY_MS: "60" });
    const started = performance.now();
    await handler(freshRequest());
    // Node timers may fire up to a millisecond early, so allow that much.
    expect(performance.now() - started).toBeGreaterThanOrEqual(59);
  });

  it("reads the environment at each invocation, not at import", async () => {
    setEnv({ AUTH_FAILURE_RATE: "0", AUTH_LATENCY_MS: "0" });
    await expect(handler(freshRequest())).resolves.toMatchObject({ authorized: true });
    setEnv({ AUTH_FAILURE_RATE: "1", AUTH_LATENCY_MS: "0" });
    await expect(rejectionOf(handler(freshRequest()))).resolves.toMatchObject({
      name: "PaymentDeclinedError",
    });
  });

  test.each<[string, Record<string, string>, string]>([
    [
      "fails when AUTH_FAILURE_RATE is missing",
      { AUTH_LATENCY_MS: "0" },
      "Environment variable `AUTH_FAILURE_RATE` is not set; expected a number from 0 to 1.",
    ],
    [
      'fails when AUTH_FAILURE_RATE is "2"',
      { AUTH_FAILURE_RATE: "2", AUTH_LATENCY_MS: "0" },
      'Environment variable `AUTH_FAILURE_RATE` is "2"; expected a number from 0 to 1.',
    ],
    [
      "fails when AUTH_LATENCY_MS is missing",
      { AUTH_FAILURE_RATE: "0" },
      "Environment variable `AUTH_LATENCY_MS` is not set; expected a whole number from 0 to 5000.",
    ],
    [
      'fails when AUTH_LATENCY_MS is "5001"',
      { AUTH_FAILURE_RATE: "0", AUTH_LATENCY_MS: "5001" },
      'Environment variable `AUTH_LATENCY_MS` is "5001"; expected a whole number from 0 to 5000.',
    ],
    [
      "fails when IDEMPOTENCY_TABLE_NAME is empty",
      { AUTH_FAILURE_RATE: "0", AUTH_LATENCY_MS: "0", IDEMPOTENCY_TABLE_NAME: "" },
      "Environment variable `IDEMPOTENCY_TABLE_NAME` is not set; expected the idempotency table's name.",
    ],
  ])("%s", async (_name, vars, message) => {
    setEnv(vars);
    await expect(rejectionOf(handler(REQUEST))).resolves.toEqual({
      type: ConfigurationError,
      name: "ConfigurationError",
      message,
    });
  });
});
