import {
  ExecutionFailureCapture,
  type ExecutionFailureCaptureArgs,
  type FailedExecutionStatus,
} from "../../components/execution-failure-capture";
import { thrownBy } from "../program/thrown";
import { ACCOUNT, parsed, plainError, recorderPerTest, REGION } from "./registrations";

const TYPES = {
  component: "order-workflow:events:ExecutionFailureCapture",
  rule: "aws:cloudwatch/eventRule:EventRule",
  target: "aws:cloudwatch/eventTarget:EventTarget",
} as const;

const STATE_MACHINE_ARN = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:orders`;
const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:orders-failures`;
const VALID: ExecutionFailureCaptureArgs = { stateMachineArn: STATE_MACHINE_ARN, queueArn: QUEUE_ARN };

const recorder = recorderPerTest();
const error = plainError;

test("creates the rule and its queue target only: an SQS target takes no role", async () => {
  new ExecutionFailureCapture("fx", VALID);
  await recorder().settled();
  expect(recorder().keys().sort()).toEqual(
    [`${TYPES.component} fx`, `${TYPES.rule} fx-rule`, `${TYPES.target} fx-target`].sort(),
  );
});

test("the rule matches the state machine's FAILED, TIMED_OUT and ABORTED status-change events", async () => {
  new ExecutionFailureCapture("fx", { ...VALID, tags: { Owner: "platform-team" } });
  await recorder().settled();
  const { eventPattern, ...inputs } = recorder().inputs(TYPES.rule, "fx-rule");
  expect({ ...inputs, eventPattern: parsed(eventPattern) }).toEqual({
    name: "fx-rule",
    description: "Sends each execution that ends without success to the failure queue",
    eventPattern: {
      source: ["aws.states"],
      "detail-type": ["Step Functions Execution Status Change"],
      detail: { status: ["FAILED", "TIMED_OUT", "ABORTED"], stateMachineArn: [STATE_MACHINE_ARN] },
    },
    tags: { Owner: "platform-team" },
  });
});

test("the target sends the whole event to the queue, retrying as long as EventBridge allows", async () => {
  new ExecutionFailureCapture("fx", VALID);
  await recorder().settled();
  expect(recorder().inputs(TYPES.target, "fx-target")).toEqual({
    rule: "fx-rule",
    arn: QUEUE_ARN,
    retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 },
  });
});

describe("validation", () => {
  test.each<[string, ExecutionFailureCaptureArgs, string]>([
    [
      "fails when no status is listed",
      { ...VALID, statuses: [] },
      "`statuses` must list one or more of FAILED, TIMED_OUT, ABORTED. Received: [].",
    ],
    [
      "fails when a status is not an unsuccessful ending",
      { ...VALID, statuses: ["SUCCEEDED" as FailedExecutionStatus] },
      '`statuses` must list one or more of FAILED, TIMED_OUT, ABORTED. Received: ["SUCCEEDED"].',
    ],
    [
      "fails when the queue is a FIFO queue, which an execution's event cannot be sent to without a group id",
      { ...VALID, queueArn: `${QUEUE_ARN}.fifo` },
      '`queueArn` must be an ARN of the form arn:<partition>:sqs:<region>:<account>:<standard queue name>. Received: "arn:aws:sqs:us-east-1:123456789012:order…".',
    ],
    [
      "fails when the retry attempts exceed EventBridge's 185",
      { ...VALID, maximumRetryAttempts: 186 },
      "`maximumRetryAttempts` must be a whole number from 0 to 185. Received: 186.",
    ],
  ])("%s, before creating any child", async (_case, args, message) => {
    expect(thrownBy(() => new ExecutionFailureCapture("fx", args))).toEqual(error(message));
    await recorder().settled();
    expect(recorder().keys()).toEqual([`${TYPES.component} fx`]);
  });
});
