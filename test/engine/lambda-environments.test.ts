import { LambdaFunctionPool, type LambdaInvocation } from "../../local/engine/lambda/lambda-function-pool";
import { orderDeployment, REGION, VALIDATE_NAME } from "../fixtures/local/order-fixture";

const validate = orderDeployment().functions.find((fn) => fn.name === VALIDATE_NAME);
if (validate === undefined) throw new Error(`the fixture deployment has no function ${VALIDATE_NAME}`);
const VALIDATE = validate;
// Nothing here reaches DynamoDB: the endpoint is only the variable the environment is given.
const ENDPOINTS = { dynamoDb: "http://127.0.0.1:1" };

let pool: LambdaFunctionPool;

beforeEach(async () => {
  pool = await LambdaFunctionPool.start(VALIDATE, REGION, ENDPOINTS);
});

afterEach(async () => {
  await pool.close();
});

function returnedOrderId(invocation: LambdaInvocation): unknown {
  if (invocation.outcome.kind !== "returned")
    throw new Error(`the invocation failed: ${invocation.outcome.error.errorType}`);
  const payload = invocation.outcome.payload as { received: { orderId: string } };
  return payload.received.orderId;
}

test("a function starts no execution environment until an invocation needs one", async () => {
  expect(pool.environmentCount).toBe(0);

  expect(returnedOrderId(await pool.invoke({ orderId: "o-1" }))).toBe("o-1");

  expect(pool.environmentCount).toBe(1);
});

test("invocations one after another share one environment; concurrent ones get one each; close ends them all", async () => {
  await pool.invoke({ orderId: "o-1" });
  await pool.invoke({ orderId: "o-2" });
  expect(pool.environmentCount).toBe(1);

  const concurrent = await Promise.all(["o-3", "o-4", "o-5"].map((orderId) => pool.invoke({ orderId })));
  expect(concurrent.map(returnedOrderId)).toEqual(["o-3", "o-4", "o-5"]);
  expect(pool.environmentCount).toBe(3);

  await pool.close();
  expect(pool.environmentCount).toBe(0);
});
