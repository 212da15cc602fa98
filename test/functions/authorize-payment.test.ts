import {
  authorizePayment,
  GATEWAY_CALL_MESSAGE,
  paymentIdempotencyKey,
  type AuthorizePaymentDeps,
} from "../../functions/authorize-payment/authorize-payment";
import {
  INVALID_PAYMENT_REQUEST_ERROR,
  InvalidPaymentRequestError,
  PAYMENT_DECLINED_ERROR,
  PaymentDeclinedError,
} from "../../functions/authorize-payment/errors";
import { parsePaymentRequest, type PaymentRequest } from "../../functions/authorize-payment/payment-request";
import { rejectionOf, thrownBy } from "./thrown";

const REQUEST: PaymentRequest = { order: { orderId: "o-1001", amount: 49.99, currency: "USD" } };
// sha256 of ["o-1001",49.99,"USD"], computed independently: printf '["o-1001",49.99,"USD"]' | sha256sum
const KEY = "92d870da3276b69ccbd3178e3a3eddfc709adb46ea304b68d2a2cb976378a3e8";

interface Stubs {
  readonly deps: AuthorizePaymentDeps;
  readonly calls: string[];
}

function stubs(failureRate: number, randomValue: number, latencyMs = 250): Stubs {
  const calls: string[] = [];
  const deps: AuthorizePaymentDeps = {
    failureRate,
    latencyMs,
    random: () => {
      calls.push("random");
      return randomValue;
    },
    sleep: (ms) => {
      calls.push(`sleep ${ms}`);
      return Promise.resolve();
    },
    newId: () => {
      calls.push("newId");
      return "id-1";
    },
    onGatewayCall: (call) => {
      calls.push(`gateway ${call.outcome}`);
    },
  };
  return { deps, calls };
}

describe("error names", () => {
  it("match the constants the state machine's Retry/Catch use", () => {
    expect([PAYMENT_DECLINED_ERROR, INVALID_PAYMENT_REQUEST_ERROR]).toEqual([
      "PaymentDeclinedError",
      "InvalidPaymentRequestError",
    ]);
    expect(new PaymentDeclinedError("o-1").name).toBe("PaymentDeclinedError");
    expect(new InvalidPaymentRequestError("x").name).toBe("InvalidPaymentRequestError");
  });
});

describe("authorizePayment", () => {
  test.each<[string, number, number]>([
    ["rate 0 with the lowest random value", 0, 0],
    ["rate 0.25 with random exactly at the rate", 0.25, 0.25],
    ["rate 0.25 with random above the rate", 0.25, 0.9],
    ["rate 0.999 with random exactly at the rate", 0.999, 0.999],
  ])("authorizes at %s", async (_name, rate, randomValue) => {
    const { deps, calls } = stubs(rate, randomValue);
    await expect(authorizePayment(REQUEST, deps)).resolves.toEqual({
      authorized: true,
      authorizationId: "auth-id-1",
      orderId: "o-1001",
      idempotencyKey: KEY,
    });
    expect(calls).toEqual(["sleep 250", "random", "newId", "gateway authorized"]);
  });

  test.each<[string, number, number]>([
    ["rate 1 with the highest random value", 1, 0.9999999999999999],
    ["rate 1 with the lowest random value", 1, 0],
    ["rate 0.25 with random just below the rate", 0.25, 0.24999999999999997],
  ])("fails when the payment is declined at %s", async (_name, rate, randomValue) => {
    const { deps, calls } = stubs(rate, randomValue);
    await expect(rejectionOf(authorizePayment(REQUEST, deps))).resolves.toEqual({
      type: PaymentDeclinedError,
      name: "PaymentDeclinedError",
      message: "Payment declined for order o-1001",
    });
    expect(calls).toEqual(["sleep 250", "random", "gateway declined"]);
  });

  it("sleeps exactly the configured latency before deciding", async () => {
    const { deps, calls } = stubs(0, 0.5, 0);
    await authorizePayment(REQUEST, deps);
    expect(calls).toEqual(["sleep 0", "random", "newId", "gateway authorized"]);
  });

  it("decides only after the sleep has finished", async () => {
    const calls: string[] = [];
    let wake: () => void = () => undefined;
    const { deps } = stubs(0, 0.5);
    const pending = authorizePayment(REQUEST, {
      ...deps,
      sleep: () =>
        new Promise((resolve) => {
          wake = resolve;
        }),
      random: () => {
        calls.push("random");
        return 0.5;
      },
    });
    await Promise.resolve();
    expect(calls).toEqual([]);
    wake();
    await pending;
    expect(calls).toEqual(["random"]);
  });

  it("tells of each gateway call, with the order and its idempotency key", async () => {
    const seen: unknown[] = [];
    const { deps } = stubs(0, 0.5);
    await authorizePayment(REQUEST, { ...deps, onGatewayCall: (call) => seen.push(call) });
    await rejectionOf(
      authorizePayment(REQUEST, { ...deps, failureRate: 1, onGatewayCall: (call) => seen.push(call) }),
    );
    expect(seen).toEqual([
      {
        message: GATEWAY_CALL_MESSAGE,
        orderId: "o-1001",
        idempotencyKey: KEY,
        outcome: "authorized",
        authorizationId: "auth-id-1",
      },
      { message: GATEWAY_CALL_MESSAGE, orderId: "o-1001", idempotencyKey: KEY, outcome: "declined" },
    ]);
  });
});

describe("paymentIdempotencyKey", () => {
  const order = REQUEST.order;

  it("is the SHA-256 of the order id, amount and currency", () => {
    expect(paymentIdempotencyKey(order)).toBe(KEY);
  });

  test.each<[string, PaymentRequest["order"]]>([
    ["the amount differs", { ...order, amount: 50 }],
    ["the currency differs", { ...order, currency: "EUR" }],
    ["the order id differs", { ...order, orderId: "o-1002" }],
    // Comma-joined, this order would read "o-1001,49,99,USD", as would ("o-1001", 49, "99,USD"); JSON quotes each.
    ["the fields' boundaries move", { orderId: "o-1001,49", amount: 99, currency: "USD" }],
  ])("differs when %s", (_name, other) => {
    expect(paymentIdempotencyKey(other)).not.toBe(KEY);
  });
});

describe("parsePaymentRequest", () => {
  it("keeps exactly the order id, amount and currency", () => {
    expect(parsePaymentRequest({ order: { ...REQUEST.order, note: "x" }, extra: 1 })).toEqual(REQUEST);
  });

  test.each<[string, unknown, string]>([
    [
      "fails when the request is null",
      null,
      "Invalid payment request: request must be an object, but received null",
    ],
    [
      "fails when the request is an array",
      [REQUEST],
      "Invalid payment request: request must be an object, but received an array",
    ],
    [
      "fails when the order is missing",
      {},
      "Invalid payment request: order must be an object, but received nothing",
    ],
    [
      "fails when the order is a string",
      { order: "o-1001" },
      "Invalid payment request: order must be an object, but received a string",
    ],
    [
      "fails when orderId is missing",
      { order: { amount: 10, currency: "USD" } },
      "Invalid payment request: order.orderId must be a non-empty string, but received nothing",
    ],
    [
      "fails when orderId is empty",
      { order: { orderId: "", amount: 10, currency: "USD" } },
      'Invalid payment request: order.orderId must be a non-empty string, but received ""',
    ],
    [
      "fails when amount is a string",
      { order: { orderId: "o-1", amount: "10", currency: "USD" } },
      'Invalid payment request: order.amount must be a finite number, but received "10"',
    ],
    [
      "fails when amount is Infinity",
      { order: { orderId: "o-1", amount: Infinity, currency: "USD" } },
      "Invalid payment request: order.amount must be a finite number, but received Infinity (a number)",
    ],
    [
      "fails when currency is missing",
      { order: { orderId: "o-1", amount: 10 } },
      "Invalid payment request: order.currency must be a non-empty string, but received nothing",
    ],
    [
      "fails when currency is empty",
      { order: { orderId: "o-1", amount: 10, currency: "" } },
      'Invalid payment request: order.currency must be a non-empty string, but received ""',
    ],
    [
      "fails when every field is wrong, naming each",
      { order: { orderId: 42, amount: null, currency: 840 } },
      "Invalid payment request: order.orderId must be a non-empty string, but received 42 (a number); " +
        "order.amount must be a finite number, but received null; " +
        "order.currency must be a non-empty string, but received 840 (a number)",
    ],
  ])("%s", (_name, request, message) => {
    expect(thrownBy(() => parsePaymentRequest(request))).toEqual({
      type: InvalidPaymentRequestError,
      name: "InvalidPaymentRequestError",
      message,
    });
  });
});
