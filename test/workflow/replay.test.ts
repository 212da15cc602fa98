import { STATES } from "../../components/order-definition";
import type { LocalSimulator } from "../../local/engine/simulator";
import { startDev } from "./harness";

const TABLE = "order-workflow-dev-orders";

let simulator: LocalSimulator;

beforeAll(async () => {
  simulator = await startDev(
    { failureRate: "0" },
    {
      // The first attempt of "declined" is declined four times: FAILED_AUTH, which a later replay may replace.
      injectFault: (call) =>
        call.executionName === "declined" && call.stateName === STATES.authorize
          ? { functionError: "PaymentDeclinedError", message: "declined" }
          : undefined,
    },
  );
});

afterAll(async () => {
  await simulator.close();
});

async function recordOf(orderId: string) {
  return (await simulator.items(TABLE)).filter((item) => item.orderId === orderId);
}

function noticesOf(executionName: string) {
  return simulator
    .notifications()
    .filter((notification) => notification.executionName === executionName)
    .map((notification) => [notification.messageAttributes?.status?.StringValue, notification.message]);
}

test("replaying an authorized order leaves its record as it was and says so", async () => {
  const first = await simulator.run({ orderId: "o-replayed", amount: 12 }, { executionName: "first" });
  const replay = await simulator.run({ orderId: "o-replayed", amount: 99 }, { executionName: "replay" });

  expect([first.status, replay.status]).toEqual(["SUCCEEDED", "SUCCEEDED"]);
  expect(replay.statesEntered).toEqual([
    STATES.validate,
    STATES.isValid,
    STATES.authorize,
    STATES.persistAuthorized,
    STATES.notifyAlreadyAuthorized,
  ]);
  const [record, ...others] = await recordOf("o-replayed");
  expect(others).toEqual([]);
  expect([record?.status, record?.amount, record?.executionArn]).toEqual([
    "AUTHORIZED",
    12,
    first.executionArn,
  ]);
  expect(noticesOf("replay")).toEqual([
    [
      "ALREADY_AUTHORIZED",
      "Order o-replayed was already AUTHORIZED; execution replay left the record unchanged",
    ],
  ]);
});

test("a later invalid attempt does not overwrite an authorized order", async () => {
  await simulator.run({ orderId: "o-kept", amount: 12 }, { executionName: "kept" });
  const later = await simulator.run(
    { orderId: "o-kept", amount: "lots" },
    { executionName: "later-invalid" },
  );

  expect(later.statesEntered.slice(-2)).toEqual([STATES.persistInvalid, STATES.notifyAlreadyAuthorized]);
  expect((await recordOf("o-kept")).map((item) => item.status)).toEqual(["AUTHORIZED"]);
});

test("a failed authorization may be retried, and the retry's AUTHORIZED replaces it", async () => {
  const declined = await simulator.run({ orderId: "o-retried", amount: 12 }, { executionName: "declined" });
  expect((await recordOf("o-retried")).map((item) => item.status)).toEqual(["FAILED_AUTH"]);

  const retried = await simulator.run({ orderId: "o-retried", amount: 12 }, { executionName: "retried" });

  expect([declined.status, retried.status]).toEqual(["SUCCEEDED", "SUCCEEDED"]);
  expect((await recordOf("o-retried")).map((item) => [item.status, item.executionArn])).toEqual([
    ["AUTHORIZED", retried.executionArn],
  ]);
});
