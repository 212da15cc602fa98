import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";

import {
  paymentIdempotencyKey,
  type AuthorizePaymentDeps,
  type GatewayCall,
} from "../../functions/authorize-payment/authorize-payment";
import { PaymentDeclinedError } from "../../functions/authorize-payment/errors";
import {
  IDEMPOTENCY_EVENT_KEY_JMESPATH,
  IDEMPOTENCY_EXPIRES_AFTER_SECONDS,
  idempotentAuthorization,
  type IdempotentAuthorization,
} from "../../functions/authorize-payment/idempotency";
import type { PaymentRequest } from "../../functions/authorize-payment/payment-request";
import { LocalDynamoDb } from "../../local/engine/dynamodb/local-dynamodb";
import { lambdaContext } from "./lambda-context";
import { rejectionOf } from "./thrown";

const TABLE = {
  name: "test-idempotency",
  arn: "arn:aws:dynamodb:us-east-1:123456789012:table/test-idempotency",
  hashKey: "id",
  attributes: [{ name: "id", type: "S" }],
} as const;
const FUNCTION_NAME = "test-authorize-payment";
const REMAINING_MS = 10_000;
const ORDER = { orderId: "o-1001", amount: 49.99, currency: "USD" };

let database: LocalDynamoDb;
const savedFunctionName = process.env.AWS_LAMBDA_FUNCTION_NAME;

beforeAll(async () => {
  database = await LocalDynamoDb.start([TABLE], "us-east-1");
});

afterAll(async () => {
  await database.close();
  process.env.AWS_LAMBDA_FUNCTION_NAME = savedFunctionName;
});

/** A fresh idempotent authorizer on the local table, and the gateway calls it makes, one per call. */
function authorizer(): { readonly authorize: IdempotentAuthorization; readonly calls: GatewayCall[] } {
  // Powertools prefixes its keys with the function's name, read when the persistence layer is made.
  process.env.AWS_LAMBDA_FUNCTION_NAME = FUNCTION_NAME;
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: TABLE.name,
    awsSdkV3Client: database.client,
  });
  return { authorize: idempotentAuthorization(persistenceStore), calls: [] };
}

/** A gateway that declines when the next of `randoms` is below 0.5, recording each call in `calls`. */
function gateway(calls: GatewayCall[], randoms: number[] = [0.9]): AuthorizePaymentDeps {
  let next = 0;
  let ids = 0;
  return {
    failureRate: 0.5,
    latencyMs: 0,
    random: () => randoms[Math.min(next++, randoms.length - 1)] ?? 0.9,
    sleep: () => Promise.resolve(),
    newId: () => `id-${++ids}`,
    onGatewayCall: (call) => calls.push(call),
  };
}

function request(order: Partial<PaymentRequest["order"]> = {}): PaymentRequest {
  return { order: { ...ORDER, ...order } };
}

async function recordsOf(orderId: string): Promise<Record<string, unknown>[]> {
  const items = await database.items(TABLE.name);
  return items.filter((item) => {
    const data = item.data;
    return typeof data === "object" && data !== null && Reflect.get(data, "orderId") === orderId;
  });
}

async function allRecords(): Promise<Record<string, unknown>[]> {
  return database.items(TABLE.name);
}

test("the key selects the order id, amount and currency", () => {
  expect([IDEMPOTENCY_EVENT_KEY_JMESPATH, IDEMPOTENCY_EXPIRES_AFTER_SECONDS]).toEqual([
    "order.[orderId, amount, currency]",
    1_209_600,
  ]);
});

test("a repeated authorization returns the first without calling the gateway again", async () => {
  const { authorize, calls } = authorizer();
  const deps = gateway(calls);
  const started = Math.round(Date.now() / 1000);

  const first = await authorize(request(), lambdaContext(REMAINING_MS, FUNCTION_NAME), deps);
  const second = await authorize(request(), lambdaContext(REMAINING_MS, FUNCTION_NAME), deps);

  expect(first).toEqual({
    authorized: true,
    authorizationId: "auth-id-1",
    orderId: "o-1001",
    idempotencyKey: paymentIdempotencyKey(ORDER),
  });
  expect(second).toEqual(first);
  expect(calls.map((call) => call.outcome)).toEqual(["authorized"]);
  const [record, ...others] = await recordsOf("o-1001");
  expect(others).toEqual([]);
  expect(record).toEqual({
    id: expect.stringMatching(new RegExp(`^${FUNCTION_NAME}#[A-Za-z0-9+/]{22}==$`)) as unknown,
    status: "COMPLETED",
    data: first,
    expiration: expect.any(Number) as unknown,
    in_progress_expiration: expect.any(Number) as unknown,
  });
  const expiration = Number(record?.expiration);
  expect(expiration - started).toBeGreaterThanOrEqual(IDEMPOTENCY_EXPIRES_AFTER_SECONDS);
  expect(expiration - started).toBeLessThanOrEqual(IDEMPOTENCY_EXPIRES_AFTER_SECONDS + 5);
});

test("the in-progress record expires when the invocation would time out", async () => {
  const { authorize, calls } = authorizer();
  const before = Date.now();
  await authorize(
    request({ orderId: "o-timed" }),
    lambdaContext(REMAINING_MS, FUNCTION_NAME),
    gateway(calls),
  );
  const [record] = await recordsOf("o-timed");
  const inProgressExpiry = Number(record?.in_progress_expiration);
  expect(inProgressExpiry).toBeGreaterThanOrEqual(before + REMAINING_MS - 1_000);
  expect(inProgressExpiry).toBeLessThanOrEqual(Date.now() + REMAINING_MS);
});

test("a decline is not remembered: the next attempt calls the gateway again", async () => {
  const { authorize, calls } = authorizer();
  const deps = gateway(calls, [0.1, 0.9]);
  const context = lambdaContext(REMAINING_MS, FUNCTION_NAME);

  await expect(rejectionOf(authorize(request({ orderId: "o-declined" }), context, deps))).resolves.toEqual({
    type: PaymentDeclinedError,
    name: "PaymentDeclinedError",
    message: "Payment declined for order o-declined",
  });
  const recordsAfterDecline = (await allRecords()).length;
  const retried = await authorize(request({ orderId: "o-declined" }), context, deps);

  expect(calls.map((call) => [call.orderId, call.outcome])).toEqual([
    ["o-declined", "declined"],
    ["o-declined", "authorized"],
  ]);
  expect(retried.authorizationId).toBe("auth-id-1");
  expect((await allRecords()).length).toBe(recordsAfterDecline + 1);
  expect((await recordsOf("o-declined")).map((record) => record.status)).toEqual(["COMPLETED"]);
});

test.each<[string, Partial<PaymentRequest["order"]>]>([
  ["amount", { amount: 50 }],
  ["currency", { currency: "EUR" }],
])("a different %s is a new authorization", async (_field, change) => {
  const { authorize, calls } = authorizer();
  const deps = gateway(calls);
  const context = lambdaContext(REMAINING_MS, FUNCTION_NAME);
  const orderId = `o-changed-${_field}`;

  const first = await authorize(request({ orderId }), context, deps);
  const changed = await authorize(request({ orderId, ...change }), context, deps);

  expect(calls.map((call) => call.idempotencyKey)).toEqual([
    paymentIdempotencyKey({ ...ORDER, orderId }),
    paymentIdempotencyKey({ ...ORDER, orderId, ...change }),
  ]);
  expect([first.authorizationId, changed.authorizationId]).toEqual(["auth-id-1", "auth-id-2"]);
  expect((await recordsOf(orderId)).length).toBe(2);
});
