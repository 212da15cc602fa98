import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  type HistoryEvent,
} from "@aws-sdk/client-sfn";
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { GetItemCommand } from "@aws-sdk/client-dynamodb";

import { STATES } from "../../components/order-definition";
import type { Served } from "../../local/commands/serve/serve";
import type { TaskCall } from "../../local/engine/simulator-options";
import { clientsOf, serveDev } from "./serve-harness";

/**
 * Executions named `slow-…` wait out DynamoDB's retries (honoured): long enough to be seen RUNNING and stopped,
 * until the test brings the table back for them.
 */
const table = { down: true };
function injectFault(call: TaskCall) {
  return table.down && call.executionName.startsWith("slow-") && call.stateName === STATES.persistAuthorized
    ? { code: "InternalServerError" }
    : undefined;
}

let served: Served;
let clients: ReturnType<typeof clientsOf>;

beforeAll(async () => {
  served = await serveDev({ injectFault, retryDelay: "honour" });
  clients = clientsOf(served);
});

afterAll(async () => {
  await served.close();
});

const ORDER = { orderId: "o-serve-1", amount: 25, currency: "USD" };

async function untilEnded(executionArn: string) {
  for (let poll = 0; poll < 200; poll += 1) {
    const described = await clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== "RUNNING") return described;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${executionArn} still RUNNING after 200 polls`);
}

async function untilEntered(executionArn: string, stateName: string): Promise<void> {
  for (let poll = 0; poll < 500; poll += 1) {
    const { events = [] } = await clients.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    if (events.some((event) => event.stateEnteredEventDetails?.name === stateName)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${executionArn} did not enter ${stateName} within 500 polls`);
}

async function rawRequest(target: string | undefined, body: string) {
  const response = await fetch(served.endpoint.url, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      ...(target === undefined ? {} : { "x-amz-target": target }),
    },
    body,
  });
  return {
    status: response.status,
    errorType: response.headers.get("x-amzn-errortype"),
    body: await response.json(),
  };
}

describe("Step Functions", () => {
  let executionArn: string;

  beforeAll(async () => {
    const started = await clients.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: served.outputs.liveAliasArn,
        name: "serve-happy",
        input: JSON.stringify(ORDER),
      }),
    );
    executionArn = started.executionArn ?? "";
  });

  it("starts an execution that ends SUCCEEDED, described as AWS describes it", async () => {
    expect(executionArn).toBe(
      "arn:aws:states:us-east-1:123456789012:execution:order-workflow-dev-state-machine:serve-happy",
    );
    const described = await untilEnded(executionArn);
    expect(described).toMatchObject({
      executionArn,
      stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:order-workflow-dev-state-machine",
      stateMachineAliasArn:
        "arn:aws:states:us-east-1:123456789012:stateMachine:order-workflow-dev-state-machine:live",
      stateMachineVersionArn:
        "arn:aws:states:us-east-1:123456789012:stateMachine:order-workflow-dev-state-machine:1",
      name: "serve-happy",
      status: "SUCCEEDED",
      input: JSON.stringify(ORDER),
      redriveCount: 0,
      redriveStatus: "NOT_REDRIVABLE",
      redriveStatusReason: "Execution is SUCCEEDED and cannot be redriven",
    });
    expect(described.startDate).toBeInstanceOf(Date);
    expect(described.stopDate?.getTime()).toBeGreaterThanOrEqual(described.startDate?.getTime() ?? Infinity);
    expect(JSON.parse(described.output ?? "null")).toMatchObject({ orderKey: ORDER.orderId });
  });

  it("pages the history with maxResults and nextToken, each event once, in order", async () => {
    await untilEnded(executionArn);
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await clients.sfn.send(
        new GetExecutionHistoryCommand({ executionArn, maxResults: 5, nextToken }),
      );
      expect(page.events?.length).toBeLessThanOrEqual(5);
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
      pages += 1;
    } while (nextToken !== undefined && pages < 100);
    const all = await clients.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(pages).toBe(Math.ceil((all.events ?? []).length / 5));
    expect(events.map((event) => event.id)).toEqual((all.events ?? []).map((_, index) => index + 1));
    expect(events[0]?.type).toBe("ExecutionStarted");
    expect(events.at(-1)?.type).toBe("ExecutionSucceeded");
    expect(events[0]?.timestamp).toBeInstanceOf(Date);
    const reversed = await clients.sfn.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1 }),
    );
    expect(reversed.events?.map((event) => event.type)).toEqual(["ExecutionSucceeded"]);
  });

  it("refuses a nextToken it did not issue", async () => {
    await expect(
      clients.sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken: "bm90LWEtdG9rZW4" })),
    ).rejects.toMatchObject({ name: "InvalidToken" });
  });

  it("lists the executions, newest first, filtered by status", async () => {
    await untilEnded(executionArn);
    const listed = await clients.sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: served.outputs.stateMachineArn,
        statusFilter: "SUCCEEDED",
      }),
    );
    expect(listed.executions?.map((execution) => execution.name)).toContain("serve-happy");
    expect(listed.executions?.every((execution) => execution.status === "SUCCEEDED")).toBe(true);
  });

  it("stops a running execution: ABORTED, then redrives it from the state it was stopped in", async () => {
    const { executionArn: slow = "" } = await clients.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: served.outputs.liveAliasArn,
        name: "slow-stop",
        input: JSON.stringify({ ...ORDER, orderId: "o-slow" }),
      }),
    );
    const running = await clients.sfn.send(new DescribeExecutionCommand({ executionArn: slow }));
    expect([running.status, running.redriveStatus, running.redriveStatusReason]).toEqual([
      "RUNNING",
      "NOT_REDRIVABLE",
      "Execution is RUNNING and cannot be redriven",
    ]);
    // Stopped once the payment was authorized: the redrive resumes at PersistAuthorized, not at the invocation.
    await untilEntered(slow, STATES.persistAuthorized);
    const stopped = await clients.sfn.send(new StopExecutionCommand({ executionArn: slow }));
    expect(stopped.stopDate).toBeInstanceOf(Date);
    const described = await clients.sfn.send(new DescribeExecutionCommand({ executionArn: slow }));
    expect([described.status, described.redriveStatus, described.redriveStatusReason]).toEqual([
      "ABORTED",
      "REDRIVABLE",
      "Execution can be redriven",
    ]);
    await expect(clients.sfn.send(new StopExecutionCommand({ executionArn: slow }))).rejects.toMatchObject({
      name: "ValidationException",
    });

    table.down = false;
    const redriven = await clients.sfn.send(
      new RedriveExecutionCommand({ executionArn: slow, clientToken: "redrive-1" }),
    );
    expect(redriven.redriveDate).toBeInstanceOf(Date);
    // The same clientToken again is answered as the first time, and redrives nothing.
    const again = await clients.sfn.send(
      new RedriveExecutionCommand({ executionArn: slow, clientToken: "redrive-1" }),
    );
    expect(again.redriveDate).toEqual(redriven.redriveDate);

    const ended = await untilEnded(slow);
    // A redrive keeps the alias and version of the original attempt.
    expect(ended).toMatchObject({
      stateMachineAliasArn: served.outputs.liveAliasArn,
      stateMachineVersionArn: served.outputs.stateMachineVersionArn,
      status: "SUCCEEDED",
      redriveCount: 1,
      redriveDate: redriven.redriveDate,
      redriveStatus: "NOT_REDRIVABLE",
      redriveStatusReason: "Execution is SUCCEEDED and cannot be redriven",
      startDate: described.startDate,
    });
    const { events = [] } = await clients.sfn.send(new GetExecutionHistoryCommand({ executionArn: slow }));
    const types = events.map((event) => event.type);
    expect(types.filter((type) => type === "ExecutionStarted")).toHaveLength(1);
    const aborted = types.indexOf("ExecutionAborted");
    expect(types.slice(aborted, aborted + 3)).toEqual([
      "ExecutionAborted",
      "ExecutionRedriven",
      "TaskStateEntered",
    ]);
    expect(events[aborted + 1]?.executionRedrivenEventDetails).toEqual({ redriveCount: 1 });
    expect(events[aborted + 2]?.stateEnteredEventDetails?.name).toBe(STATES.persistAuthorized);
    expect(types.at(-1)).toBe("ExecutionSucceeded");
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));

    await expect(clients.sfn.send(new RedriveExecutionCommand({ executionArn: slow }))).rejects.toMatchObject(
      {
        name: "ExecutionNotRedrivable",
        message: `Execution '${slow}' cannot be redriven: Execution is SUCCEEDED and cannot be redriven`,
      },
    );
  });

  it("fails when RedriveExecution names an execution that does not exist", async () => {
    const executionArn =
      "arn:aws:states:us-east-1:123456789012:execution:order-workflow-dev-state-machine:nope";
    await expect(clients.sfn.send(new RedriveExecutionCommand({ executionArn }))).rejects.toMatchObject({
      name: "ExecutionDoesNotExist",
      message: `Execution Does Not Exist: '${executionArn}'`,
    });
  });

  it("answers a start with the same name as AWS does: ExecutionAlreadyExists once it ended", async () => {
    await untilEnded(executionArn);
    await expect(
      clients.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: served.outputs.liveAliasArn,
          name: "serve-happy",
          input: "{}",
        }),
      ),
    ).rejects.toMatchObject({ name: "ExecutionAlreadyExists" });
  });

  it.each([
    [
      "an unknown execution",
      {
        executionArn: "arn:aws:states:us-east-1:123456789012:execution:order-workflow-dev-state-machine:nope",
      },
      "ExecutionDoesNotExist",
    ],
    ["a malformed ARN", { executionArn: "not-an-arn" }, "InvalidArn"],
  ])("fails when DescribeExecution names %s", async (_what, input, name) => {
    await expect(clients.sfn.send(new DescribeExecutionCommand(input))).rejects.toMatchObject({
      name,
      $metadata: { httpStatusCode: 400 },
    });
  });

  it.each([
    ["input that is not JSON", { input: "{" }, "InvalidExecutionInput"],
    ["a name with a space", { name: "a b" }, "InvalidName"],
    [
      "another state machine",
      { stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:other" },
      "StateMachineDoesNotExist",
    ],
  ])("fails when StartExecution gets %s", async (_what, input, name) => {
    await expect(
      clients.sfn.send(new StartExecutionCommand({ stateMachineArn: served.outputs.liveAliasArn, ...input })),
    ).rejects.toMatchObject({ name });
  });
});

test("dynamodb get-item reads the record an execution wrote, through dynalite", async () => {
  const { executionArn = "" } = await clients.sfn.send(
    new StartExecutionCommand({
      stateMachineArn: served.outputs.liveAliasArn,
      name: "serve-record",
      input: JSON.stringify({ ...ORDER, orderId: "o-record" }),
    }),
  );
  expect((await untilEnded(executionArn)).status).toBe("SUCCEEDED");
  const { Item } = await clients.dynamodb.send(
    new GetItemCommand({ TableName: served.outputs.tableName, Key: { orderId: { S: "o-record" } } }),
  );
  expect(Item?.status).toEqual({ S: "AUTHORIZED" });
  expect(Item?.executionArn).toEqual({ S: executionArn });
});

test("sqs: send, receive (hidden while in flight), change visibility, delete, attributes", async () => {
  const QueueUrl = served.outputs.failureQueueUrl;
  expect(QueueUrl).toBe(`${served.endpoint.url}/123456789012/order-workflow-dev-failures`);
  const sent = await clients.sqs.send(
    new SendMessageCommand({
      QueueUrl,
      MessageBody: '{"hello":1}',
      MessageAttributes: { error: { DataType: "String", StringValue: "E" } },
    }),
  );
  expect(sent.MessageId).toMatch(/^[0-9a-f-]{36}$/);
  const received = await clients.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl,
      MaxNumberOfMessages: 10,
      MessageAttributeNames: ["All"],
      MessageSystemAttributeNames: ["ApproximateReceiveCount"],
    }),
  );
  const message = received.Messages?.find((candidate) => candidate.MessageId === sent.MessageId);
  expect(message).toMatchObject({
    Body: '{"hello":1}',
    MessageAttributes: { error: { DataType: "String", StringValue: "E" } },
    Attributes: { ApproximateReceiveCount: "1" },
  });
  const inFlight = await clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  expect(inFlight.Attributes?.ApproximateNumberOfMessagesNotVisible).toBe(String(received.Messages?.length));
  const again = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl }));
  expect(again.Messages ?? []).toEqual([]);
  await clients.sqs.send(
    new ChangeMessageVisibilityCommand({
      QueueUrl,
      ReceiptHandle: message?.ReceiptHandle,
      VisibilityTimeout: 0,
    }),
  );
  const visibleAgain = await clients.sqs.send(
    new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }),
  );
  const handle = visibleAgain.Messages?.find(
    (candidate) => candidate.MessageId === sent.MessageId,
  )?.ReceiptHandle;
  await clients.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: handle }));
  await clients.sqs
    .send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: handle, VisibilityTimeout: 0 }))
    .catch(() => undefined);
  const after = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["All"] }));
  expect(after.Attributes).toMatchObject({
    QueueArn: "arn:aws:sqs:us-east-1:123456789012:order-workflow-dev-failures",
  });
  const left = await clients.sqs.send(
    new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
  );
  expect(left.Messages?.some((candidate) => candidate.MessageId === sent.MessageId) ?? false).toBe(false);
});

test("sqs: fails when the queue is not the deployment's", async () => {
  await expect(
    clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: `${served.endpoint.url}/123456789012/other` })),
  ).rejects.toMatchObject({ name: "QueueDoesNotExist" });
});

describe("requests it does not implement", () => {
  it.each([
    ["an unknown Step Functions operation", "AWSStepFunctions.CreateStateMachine"],
    ["an unknown service", "AWSEvents.PutEvents"],
    ["no target at all", undefined],
  ])("fails with UnknownOperationException for %s", async (_what, target) => {
    const answer = await rawRequest(target, "{}");
    expect(answer).toMatchObject({
      status: 400,
      errorType: "UnknownOperationException",
      body: { __type: "UnknownOperationException" },
    });
    expect(JSON.stringify(answer.body)).toContain("AWSStepFunctions.StartExecution");
  });

  it("fails with SerializationException for a body that is not JSON", async () => {
    const answer = await rawRequest("AWSStepFunctions.DescribeExecution", "{oops");
    expect(answer).toMatchObject({ status: 400, errorType: "SerializationException" });
  });

  it("fails with ValidationException naming a missing member", async () => {
    const answer = await rawRequest("AWSStepFunctions.DescribeExecution", "{}");
    expect(answer).toEqual({
      status: 400,
      errorType: "ValidationException",
      body: {
        __type: "ValidationException",
        message:
          "1 validation error detected: Value null at 'executionArn' failed to satisfy constraint: Member must not be null",
      },
    });
  });
});
