import { STATES } from "../../components/order-definition";
import type { InjectedFault, LocalSimulator, TaskCall } from "../../local/engine/simulator";
import { startDev } from "./harness";

/** Faults for the first `times` attempts of one state, and the calls the simulator made. */
function faultPlan(plan: Readonly<Record<string, { fault: InjectedFault; times: number }>>) {
  const calls: TaskCall[] = [];
  const injectFault = (call: TaskCall): InjectedFault | undefined => {
    calls.push(call);
    const planned = plan[`${call.executionName}/${call.stateName}`];
    return planned !== undefined && call.attempt <= planned.times
      ? { ...planned.fault, message: `injected #${call.attempt}` }
      : undefined;
  };
  return { calls, injectFault };
}

const plan = faultPlan({
  "throttled-validate/ValidateOrder": { fault: { code: "TooManyRequestsException" }, times: 2 },
  "validator-down/ValidateOrder": { fault: { code: "ServiceException" }, times: 4 },
  "declined-twice/AuthorizePayment": { fault: { functionError: "PaymentDeclinedError" }, times: 2 },
  "payment-service-down/AuthorizePayment": { fault: { code: "ServiceException" }, times: 4 },
  "throttled-table/PersistAuthorized": {
    fault: { code: "ProvisionedThroughputExceededException" },
    times: 3,
  },
  "throttled-topic/NotifyAuthorized": { fault: { code: "ThrottlingException" }, times: 2 },
});

let simulator: LocalSimulator;

beforeAll(async () => {
  simulator = await startDev({ failureRate: "0" }, { injectFault: plan.injectFault });
});

afterAll(async () => {
  await simulator.close();
});

async function statusOf(executionArn: string): Promise<unknown[]> {
  const items = await simulator.items("order-workflow-dev-orders");
  return items.filter((item) => item.executionArn === executionArn).map((item) => item.status);
}

function retriesOf(events: readonly { type: string; stateName?: string; error?: string }[]) {
  return events.filter((event) => event.type === "StateRetried").map((event) => event.stateName);
}

test.each([
  ["throttled-validate", STATES.validate, 2],
  ["declined-twice", STATES.authorize, 2],
  ["throttled-table", STATES.persistAuthorized, 3],
  ["throttled-topic", STATES.notifyAuthorized, 2],
])(
  "%s: transient faults and declines are retried, then the order is AUTHORIZED",
  async (name, state, retries) => {
    const report = await simulator.run({ orderId: `o-${name}`, amount: 12 }, { executionName: name });

    expect(report.status).toBe("SUCCEEDED");
    expect(retriesOf(report.events)).toEqual(Array.from({ length: retries }, () => state));
    expect(report.transitions).toBe(5 + retries);
    expect(
      plan.calls
        .filter((call) => call.executionName === name && call.stateName === state)
        .map((call) => call.attempt),
    ).toEqual(Array.from({ length: retries + 1 }, (_, index) => index + 1));
    expect(await statusOf(report.executionArn)).toEqual(["AUTHORIZED"]);
  },
);

test("a payment service that stays down is caught after its retries: FAILED_AUTH, recorded and notified", async () => {
  const report = await simulator.run(
    { orderId: "o-down", amount: 12 },
    { executionName: "payment-service-down" },
  );

  expect(report.status).toBe("SUCCEEDED");
  expect(report.statesEntered).toEqual([
    STATES.validate,
    STATES.isValid,
    STATES.authorize,
    STATES.persistAuthFailed,
    STATES.notifyAuthFailed,
  ]);
  expect(retriesOf(report.events)).toEqual([STATES.authorize, STATES.authorize, STATES.authorize]);
  const items = await simulator.items("order-workflow-dev-orders");
  const records = items.filter((item) => item.executionArn === report.executionArn);
  expect(records).toEqual([
    {
      orderId: "o-down",
      status: "FAILED_AUTH",
      amount: 12,
      currency: "USD",
      error: "Lambda.ServiceException",
      detail: expect.any(String) as unknown,
      executionArn: report.executionArn,
      receivedAt: expect.any(String) as unknown,
    },
  ]);
  expect(JSON.parse(String(records[0]?.detail))).toEqual({
    Error: "Lambda.ServiceException",
    Cause: expect.stringMatching(
      /^injected #4 \(Service: AWSLambda; Status Code: 500; Error Code: ServiceException; Request ID: [0-9a-f-]{36}; Proxy: null\)$/,
    ) as unknown,
  });
  expect(
    simulator
      .notifications()
      .filter((n) => n.executionName === "payment-service-down")
      .map((n) => n.message),
  ).toEqual(["Order o-down FAILED AUTH: Lambda.ServiceException"]);
});

test("a validator that stays down sends the order to the invalid path, never to payment", async () => {
  const report = await simulator.run(
    { orderId: "o-unchecked", amount: 12 },
    { executionName: "validator-down" },
  );

  expect(report.status).toBe("SUCCEEDED");
  expect(report.statesEntered).toEqual([
    STATES.validate,
    STATES.validationUnavailable,
    STATES.persistInvalid,
    STATES.notifyInvalid,
  ]);
  expect(report.lambdaInvocations).toBe(0);
  const items = await simulator.items("order-workflow-dev-orders");
  expect(items.filter((item) => item.executionArn === report.executionArn)).toEqual([
    {
      orderId: "execution:validator-down",
      status: "INVALID",
      detail: JSON.stringify(["the order could not be validated: Lambda.ServiceException"]),
      executionArn: report.executionArn,
      receivedAt: expect.any(String) as unknown,
    },
  ]);
});
