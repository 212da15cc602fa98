import type { Deployment } from "../../local/engine";
import {
  capturedFailure,
  type EndedExecution,
  statusChangeEvent,
} from "../../local/engine/status-change-event";

const STATE_MACHINE_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";
const EXECUTION_ARN = "arn:aws:states:us-east-1:123456789012:execution:orders:e-1";
const QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/orders-failures";

const CAPTURE = {
  ruleName: "orders-failed-rule",
  ruleArn: "arn:aws:events:us-east-1:123456789012:rule/orders-failed-rule",
  queueUrl: QUEUE_URL,
  statuses: ["FAILED", "TIMED_OUT", "ABORTED"],
} as const;

const DEPLOYMENT: Deployment = {
  stateMachineName: "orders",
  stateMachineArn: STATE_MACHINE_ARN,
  liveAliasArn: `${STATE_MACHINE_ARN}:live`,
  region: "us-east-1",
  accountId: "123456789012",
  definition: "{}",
  functions: [],
  tables: [],
  topics: [],
  queues: [
    { name: "orders-failures", arn: "arn:aws:sqs:us-east-1:123456789012:orders-failures", url: QUEUE_URL },
  ],
  workflowType: "STANDARD",
  failureCapture: CAPTURE,
};

const FAILED: EndedExecution = {
  executionName: "e-1",
  executionArn: EXECUTION_ARN,
  status: "FAILED",
  startDate: Date.UTC(2026, 0, 2, 3, 4, 5, 678),
  stopDate: Date.UTC(2026, 0, 2, 3, 4, 9, 123),
  input: { orderId: "o-1" },
  error: "DynamoDB.InternalServerErrorException",
  cause: "boom",
  redriveCount: 0,
  redriveStatus: "REDRIVABLE",
  redriveStatusReason: "Execution can be redriven",
};

test("is AWS's event: envelope, detail with input as JSON text, dates in milliseconds, null where there is none", () => {
  expect(statusChangeEvent(DEPLOYMENT, FAILED)).toEqual({
    version: "0",
    id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
    "detail-type": "Step Functions Execution Status Change",
    source: "aws.states",
    account: "123456789012",
    time: "2026-01-02T03:04:09Z",
    region: "us-east-1",
    resources: [EXECUTION_ARN],
    detail: {
      executionArn: EXECUTION_ARN,
      stateMachineArn: STATE_MACHINE_ARN,
      name: "e-1",
      status: "FAILED",
      startDate: FAILED.startDate,
      stopDate: FAILED.stopDate,
      input: '{"orderId":"o-1"}',
      output: null,
      inputDetails: { included: true },
      outputDetails: null,
      stateMachineVersionArn: null,
      stateMachineAliasArn: null,
      error: "DynamoDB.InternalServerErrorException",
      cause: "boom",
      redriveCount: 0,
      redriveDate: null,
      redriveStatus: "REDRIVABLE",
      redriveStatusReason: "Execution can be redriven",
    },
  });
});

test("names the alias and the version of an execution started through the alias; stateMachineArn stays unqualified", () => {
  const detail = (
    statusChangeEvent(DEPLOYMENT, {
      ...FAILED,
      stateMachineAliasArn: `${STATE_MACHINE_ARN}:live`,
      stateMachineVersionArn: `${STATE_MACHINE_ARN}:3`,
    }) as { detail: Record<string, unknown> }
  ).detail;
  expect([detail.stateMachineArn, detail.stateMachineAliasArn, detail.stateMachineVersionArn]).toEqual([
    STATE_MACHINE_ARN,
    "arn:aws:states:us-east-1:123456789012:stateMachine:orders:live",
    "arn:aws:states:us-east-1:123456789012:stateMachine:orders:3",
  ]);
});

test("the capture rule sends a matching execution's event, whole, to its queue", () => {
  const message = capturedFailure(DEPLOYMENT, FAILED);
  expect(message).toMatchObject({
    queueUrl: QUEUE_URL,
    executionName: "e-1",
    ruleName: "orders-failed-rule",
  });
  expect(JSON.parse(message?.body ?? "null")).toMatchObject({ detail: { executionArn: EXECUTION_ARN } });
});

test.each<[string, Deployment, EndedExecution]>([
  ["a succeeded execution", DEPLOYMENT, { ...FAILED, status: "SUCCEEDED", output: {} }],
  [
    "a status the rule does not list",
    { ...DEPLOYMENT, failureCapture: { ...CAPTURE, statuses: ["FAILED"] } },
    { ...FAILED, status: "ABORTED" },
  ],
  [
    "an EXPRESS workflow, which sends no status-change events",
    { ...DEPLOYMENT, workflowType: "EXPRESS" },
    FAILED,
  ],
  ["a deployment without the rule", { ...DEPLOYMENT, failureCapture: undefined }, FAILED],
])("sends nothing for %s", (_case, deployment, execution) => {
  expect(capturedFailure(deployment, execution)).toBeUndefined();
});
