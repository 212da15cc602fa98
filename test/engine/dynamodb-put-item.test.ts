import { LocalSimulator } from "../../local/engine/simulator";
import {
  definitionOf,
  ORDER_DEFINITION,
  ORDERS_TABLE,
  orderDeployment,
} from "../fixtures/local/order-fixture";

const PUT_ITEM = "arn:aws:states:::dynamodb:putItem";

/** A Cause with its request ID, which dynalite draws at random, replaced by `<request id>`. */
function withoutRequestId(cause: string | undefined): string | undefined {
  return cause?.replace(/; Request ID: [^;]+;/, "; Request ID: <request id>;");
}

/** One putItem per way an item can be wrong, chosen by the input's `case`. */
const PUT_CASES = definitionOf({
  ChooseCase: {
    Type: "Choice",
    Choices: [
      { Variable: "$.case", StringEquals: "missing-key", Next: "PutWithoutKey" },
      { Variable: "$.case", StringEquals: "wrong-key-type", Next: "PutNumberKey" },
    ],
    Default: "PutOnce",
  },
  PutWithoutKey: {
    Type: "Task",
    Resource: PUT_ITEM,
    Parameters: { TableName: ORDERS_TABLE, Item: { order: { "S.$": "$.orderId" } } },
    End: true,
  },
  PutNumberKey: {
    Type: "Task",
    Resource: PUT_ITEM,
    Parameters: { TableName: ORDERS_TABLE, Item: { orderId: { N: "42" } } },
    End: true,
  },
  PutOnce: {
    Type: "Task",
    Resource: PUT_ITEM,
    Parameters: {
      TableName: ORDERS_TABLE,
      Item: { orderId: { "S.$": "$.orderId" } },
      ConditionExpression: "attribute_not_exists(orderId)",
    },
    End: true,
  },
});

describe("the fixture workflow", () => {
  let simulator: LocalSimulator;

  beforeAll(async () => {
    simulator = await LocalSimulator.start(orderDeployment(ORDER_DEFINITION), { retryDelay: "skip" });
  });

  afterAll(async () => {
    await simulator.close();
  });

  test("writes the order through DynamoDB, and items() reads it back as plain values", async () => {
    const report = await simulator.run({ orderId: "o-saved", amount: 12.5, subject: "s" });

    expect(report.status).toBe("SUCCEEDED");
    expect(await simulator.items(ORDERS_TABLE)).toEqual([
      { orderId: "o-saved", amount: 12.5, chargeId: "ch-o-saved", status: "CHARGED" },
    ]);
  });

  test("items() sorts by hash key", async () => {
    await simulator.run({ orderId: "o-b", amount: 2, subject: "s" });
    await simulator.run({ orderId: "o-a", amount: 1, subject: "s" });

    expect((await simulator.items(ORDERS_TABLE)).map((item) => item.orderId)).toEqual([
      "o-a",
      "o-b",
      "o-saved",
    ]);
  });

  test("fails when items() is asked for a table the deployment does not have", async () => {
    await expect(simulator.items("orders")).rejects.toThrow(
      new Error("Table `orders` is not part of the deployment; its tables are: `order-fixture-orders`"),
    );
  });
});

describe("items DynamoDB refuses", () => {
  let simulator: LocalSimulator;

  beforeAll(async () => {
    simulator = await LocalSimulator.start(orderDeployment(PUT_CASES), { retryDelay: "skip" });
  });

  afterAll(async () => {
    await simulator.close();
  });

  // Recorded on AWS: a ValidationException has no exception class of its own, so Step Functions reports it
  // as the SDK's base exception.
  test.each([
    [
      "missing-key",
      "DynamoDB.AmazonDynamoDBException",
      "One or more parameter values were invalid: Missing the key orderId in the item " +
        "(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ValidationException; Request ID: <request id>; Proxy: null)",
    ],
    [
      "wrong-key-type",
      "DynamoDB.AmazonDynamoDBException",
      "One or more parameter values were invalid: Type mismatch for key orderId expected: S actual: N " +
        "(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ValidationException; Request ID: <request id>; Proxy: null)",
    ],
  ])(
    "fails when the item is %s: dynalite's ValidationException, as Step Functions reports it",
    async (mistake, error, cause) => {
      const report = await simulator.run({ case: mistake, orderId: "o-1" });

      expect([report.status, report.error, withoutRequestId(report.cause)]).toEqual(["FAILED", error, cause]);
      expect(await simulator.items(ORDERS_TABLE)).toEqual([]);
    },
  );

  test("fails when a ConditionExpression does not hold, under the exception's own name", async () => {
    const first = await simulator.run({ case: "put-once", orderId: "o-once" });
    const second = await simulator.run({ case: "put-once", orderId: "o-once" });

    expect(first.status).toBe("SUCCEEDED");
    expect([second.status, second.error, withoutRequestId(second.cause)]).toEqual([
      "FAILED",
      "DynamoDB.ConditionalCheckFailedException",
      "The conditional request failed (Service: AmazonDynamoDBv2; Status Code: 400; " +
        "Error Code: ConditionalCheckFailedException; Request ID: <request id>; Proxy: null)",
    ]);
  });
});
