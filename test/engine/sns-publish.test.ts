import { publishToSns } from "../../local/engine/integrations/sns-publish";
import type { JsonObject } from "../../local/model/json";
import { LocalSimulator } from "../../local/engine/simulator";
import { TaskFailure } from "../../local/engine/task-failure";
import { orderDeployment, TOPIC_ARN, TOPIC_NAME } from "../fixtures/local/order-fixture";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TOPICS = [{ name: TOPIC_NAME, arn: TOPIC_ARN }];
const ORIGIN = { executionName: "e-1", stateName: "Notify" };
const SUBJECT_RULE =
  "SNS subjects are ASCII text of at most 100 characters that begins with a letter, number or punctuation mark, " +
  "without line breaks or control characters";
const INVALID_PARAMETER =
  "(Service: AmazonSNS; Status Code: 400; Error Code: InvalidParameter; Request ID: <request id>; Proxy: null)";

/** A Cause with its request ID, a random UUID, replaced by `<request id>`. */
function withoutRequestId(cause: string | undefined): string | undefined {
  return cause?.replace(
    /Request ID: [0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12};/,
    "Request ID: <request id>;",
  );
}

function failureOf(parameters: JsonObject): { error: string; cause: string } {
  try {
    publishToSns({ TopicArn: TOPIC_ARN, ...parameters }, TOPICS, ORIGIN);
  } catch (error) {
    if (error instanceof TaskFailure)
      return { error: error.name, cause: withoutRequestId(error.message) ?? "" };
    throw error;
  }
  throw new Error("publishToSns accepted the message");
}

describe("publishToSns", () => {
  test("captures the message and returns SNS's result shape", () => {
    const { result, published } = publishToSns(
      {
        TopicArn: TOPIC_ARN,
        Message: "hello",
        Subject: "Greeting",
        MessageAttributes: { kind: { DataType: "String", StringValue: "greeting" } },
      },
      TOPICS,
      ORIGIN,
    );

    expect(result).toEqual({
      MessageId: expect.stringMatching(UUID) as unknown,
      SdkHttpMetadata: { HttpStatusCode: 200 },
      SdkResponseMetadata: { RequestId: expect.stringMatching(UUID) as unknown },
    });
    expect(published).toEqual({
      topicArn: TOPIC_ARN,
      subject: "Greeting",
      message: "hello",
      messageAttributes: { kind: { DataType: "String", StringValue: "greeting" } },
      executionName: "e-1",
      stateName: "Notify",
    });
  });

  test("sends a JSON message as its JSON text, as Step Functions does", () => {
    const { published } = publishToSns({ TopicArn: TOPIC_ARN, Message: { orderId: "o-1" } }, TOPICS, ORIGIN);

    expect(published.message).toBe('{"orderId":"o-1"}');
  });

  test("accepts a message of exactly 262144 bytes and a subject of exactly 100 characters", () => {
    const { published } = publishToSns(
      { TopicArn: TOPIC_ARN, Message: "a".repeat(262_144), Subject: "s".repeat(100) },
      TOPICS,
      ORIGIN,
    );

    expect([published.message.length, published.subject?.length]).toEqual([262_144, 100]);
  });

  test("fails when the topic is not deployed", () => {
    expect(failureOf({ TopicArn: `${TOPIC_ARN}-old`, Message: "m" })).toEqual({
      error: "SNS.NotFoundException",
      cause:
        "Topic does not exist (Service: AmazonSNS; Status Code: 404; Error Code: NotFound; " +
        "Request ID: <request id>; Proxy: null)",
    });
  });

  test.each([
    ["has 101 characters", "s".repeat(101), "it has 101 characters"],
    ["is empty", "", "it is empty"],
    [
      "has a line break",
      "Order\nshipped",
      "it contains a line break, a control character or a non-ASCII character",
    ],
    [
      "is not ASCII",
      "Bestellung völlig",
      "it contains a line break, a control character or a non-ASCII character",
    ],
    ["begins with a space", " Order", "it begins with a space"],
    ["is not a string", 42, "it is not a string"],
  ])("fails when the subject %s", (_case, subject, problem) => {
    expect(failureOf({ Message: "m", Subject: subject })).toEqual({
      error: "SNS.InvalidParameterException",
      cause: `Invalid parameter: Subject: ${problem}; ${SUBJECT_RULE} ${INVALID_PARAMETER}`,
    });
  });

  test("fails when the message has 262145 bytes", () => {
    expect(failureOf({ Message: "a".repeat(262_145) })).toEqual({
      error: "SNS.InvalidParameterException",
      cause:
        "Invalid parameter: Message too long: the message and its attributes take 262145 bytes in UTF-8, " +
        `more than the 262144 SNS allows ${INVALID_PARAMETER}`,
    });
  });

  test("fails when the message fits in characters but not in UTF-8 bytes", () => {
    // 131073 two-byte characters.
    expect(failureOf({ Message: "é".repeat(131_073) }).cause).toBe(
      "Invalid parameter: Message too long: the message and its attributes take 262146 bytes in UTF-8, " +
        `more than the 262144 SNS allows ${INVALID_PARAMETER}`,
    );
  });

  test("fails when the message attributes push the total over 262144 bytes", () => {
    // 262134 bytes of message + 2 of name + 6 of DataType + 3 of value = 262145.
    const attributes = { ab: { DataType: "String", StringValue: "xyz" } };

    expect(failureOf({ Message: "a".repeat(262_134), MessageAttributes: attributes }).cause).toBe(
      "Invalid parameter: Message too long: the message and its attributes take 262145 bytes in UTF-8, " +
        `more than the 262144 SNS allows ${INVALID_PARAMETER}`,
    );
  });

  test.each([
    ["missing", {}],
    ["empty", { Message: "" }],
    ["null", { Message: null }],
  ])("fails when the message is %s", (_case, parameters) => {
    expect(failureOf(parameters)).toEqual({
      error: "SNS.InvalidParameterException",
      cause: `Invalid parameter: Empty message: Message is required and must not be empty ${INVALID_PARAMETER}`,
    });
  });

  test.each([
    [
      "an unknown DataType",
      { kind: { DataType: "Text", StringValue: "x" } },
      "attribute `kind` has a DataType other than String, Number, Binary or String.Array (optionally with a custom .suffix)",
    ],
    [
      "a Number that is not a number",
      { count: { DataType: "Number", StringValue: "many" } },
      "attribute `count` of DataType Number has a StringValue that is not a number",
    ],
    [
      "a String without StringValue",
      { kind: { DataType: "String" } },
      "attribute `kind` of DataType String needs a StringValue string",
    ],
    [
      "a reserved name",
      { "AWS.kind": { DataType: "String", StringValue: "x" } },
      "attribute `AWS.kind` has a name starting with AWS. or Amazon., which are reserved",
    ],
  ])("fails when a message attribute has %s", (_case, attributes, problem) => {
    expect(failureOf({ Message: "m", MessageAttributes: attributes })).toEqual({
      error: "SNS.InvalidParameterException",
      cause: `Invalid parameter: MessageAttributes: ${problem} ${INVALID_PARAMETER}`,
    });
  });
});

describe("sns:publish in an execution", () => {
  let simulator: LocalSimulator;

  beforeAll(async () => {
    simulator = await LocalSimulator.start(orderDeployment(), { retryDelay: "skip" });
  });

  afterAll(async () => {
    await simulator.close();
  });

  test("captures the published message with its execution and state", async () => {
    const report = await simulator.run(
      { orderId: "o-1", amount: 3, subject: "Your order" },
      { executionName: "happy" },
    );

    expect(report.status).toBe("SUCCEEDED");
    expect(simulator.notifications()).toEqual([
      {
        topicArn: TOPIC_ARN,
        subject: "Your order",
        message: "Order o-1 is charged: ch-o-1",
        messageAttributes: { orderId: { DataType: "String", StringValue: "o-1" } },
        executionName: "happy",
        stateName: "NotifyCustomer",
      },
    ]);
  });

  test("fails the execution when the subject is longer than SNS allows, and publishes nothing", async () => {
    const report = await simulator.run(
      { orderId: "o-2", amount: 3, subject: "s".repeat(101) },
      { executionName: "long" },
    );

    expect([report.status, report.error, withoutRequestId(report.cause)]).toEqual([
      "FAILED",
      "SNS.InvalidParameterException",
      `Invalid parameter: Subject: it has 101 characters; ${SUBJECT_RULE} ${INVALID_PARAMETER}`,
    ]);
    expect(report.statesEntered.at(-1)).toBe("NotifyCustomer");
    expect(simulator.notifications().filter((n) => n.executionName === "long")).toEqual([]);
  });
});
