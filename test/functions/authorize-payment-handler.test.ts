import {
  AUTH_FAILURE_RATE_ENV,
  AUTH_LATENCY_MS_ENV,
  AUTH_LATENCY_MS_MAX,
  handler,
} from "../../functions/authorize-payment/handler";
import { PaymentDeclinedError } from "../../functions/authorize-payment/errors";
import { ConfigurationError } from "../../functions/shared/errors";
import { rejectionOf } from "./thrown";

const REQUEST = { order: { orderId: "o-1001", amount: 49.99 } };
const savedEnv = process.env;
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
    ...vars,
  };
}

afterEach(() => {
  process.env = savedEnv;
});

describe("authorize-payment handler", () => {
  it("exports the environment variable names and latency bound", () => {
    expect([AUTH_FAILURE_RATE_ENV, AUTH_LATENCY_MS_ENV, AUTH_LATENCY_MS_MAX]).toEqual([
      "AUTH_FAILURE_RATE",
      "AUTH_LATENCY_MS",
      5000,
    ]);
  });

  it("authorizes with a generated UUID when the failure rate is 0", async () => {
    setEnv({ AUTH_FAILURE_RATE: "0", AUTH_LATENCY_MS: "0" });
    await expect(handler(REQUEST)).resolves.toEqual({
      authorized: true,
      authorizationId: AUTHORIZATION_ID,
      orderId: "o-1001",
    });
  });

  it("fails when the failure rate is 1, with PaymentDeclinedError", async () => {
    setEnv({ AUTH_FAILURE_RATE: "1", AUTH_LATENCY_MS: "0" });
    await expect(rejectionOf(handler(REQUEST))).resolves.toEqual({
      type: PaymentDeclinedError,
      name: "PaymentDeclinedError",
      message: "Payment declined for order o-1001",
    });
  });

  it("waits the configured latency with a real timer", async () => {
    setEnv({ AUTH_FAILURE_RATE: "0", AUTH_LATENCY_MS: "60" });
    const started = performance.now();
    await handler(REQUEST);
    // Node timers may fire up to a millisecond early, so allow that much.
    expect(performance.now() - started).toBeGreaterThanOrEqual(59);
  });

  it("reads the environment at each invocation, not at import", async () => {
    setEnv({ AUTH_FAILURE_RATE: "0", AUTH_LATENCY_MS: "0" });
    await expect(handler(REQUEST)).resolves.toMatchObject({ authorized: true });
    setEnv({ AUTH_FAILURE_RATE: "1", AUTH_LATENCY_MS: "0" });
    await expect(rejectionOf(handler(REQUEST))).resolves.toMatchObject({ name: "PaymentDeclinedError" });
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
  ])("%s", async (_name, vars, message) => {
    setEnv(vars);
    await expect(rejectionOf(handler(REQUEST))).resolves.toEqual({
      type: ConfigurationError,
      name: "ConfigurationError",
      message,
    });
  });
});
