import { FaultBudget, faultableServices, parseFaultSpec } from "../../local/commands/start/fault-spec";
import type { TaskCall } from "../../local/engine/simulator";
import type { Integration } from "../../local/engine/task-plan";

const SERVICES = ["lambda", "dynamodb", "sns"];

test.each([
  ["lambda:TooManyRequestsException:2", "lambda", "Lambda.TooManyRequestsException", 2],
  [
    "dynamodb:ProvisionedThroughputExceededException:3",
    "dynamodb",
    "DynamoDB.ProvisionedThroughputExceededException",
    3,
  ],
  ["sns:ThrottledException:1", "sns", "SNS.ThrottledException", 1],
])("%s fails %s calls with %s", (text, service, error, count) => {
  expect(parseFaultSpec(text, SERVICES)).toEqual({ text, service, error, count });
});

const FORMAT =
  "allowed: <integration>:<error>:<count>, e.g. lambda:TooManyRequestsException:2, " +
  "dynamodb:ProvisionedThroughputExceededException:3, sns:ThrottledException:1";

test.each([
  [
    "lambda:TooManyRequestsException",
    `--fault "lambda:TooManyRequestsException" has 2 part(s), not 3; ${FORMAT}`,
  ],
  ["lambda:A:1:2", `--fault "lambda:A:1:2" has 4 part(s), not 3; ${FORMAT}`],
  [
    "s3:SlowDown:1",
    `--fault "s3:SlowDown:1" names the integration "s3", which this state machine does not call; allowed: one of lambda, dynamodb, sns`,
  ],
  [
    "Lambda:TooManyRequestsException:1",
    `--fault "Lambda:TooManyRequestsException:1" names the integration "Lambda", which this state machine does not call; allowed: one of lambda, dynamodb, sns`,
  ],
  [
    "lambda:Lambda.TooManyRequestsException:1",
    `--fault "lambda:Lambda.TooManyRequestsException:1" names the error "Lambda.TooManyRequestsException"; ` +
      "allowed: an exception name without the service prefix, such as TooManyRequestsException (it becomes Lambda.TooManyRequestsException)",
  ],
  [
    "sns::1",
    `--fault "sns::1" names the error ""; allowed: an exception name without the service prefix, such as TooManyRequestsException (it becomes SNS.TooManyRequestsException)`,
  ],
  [
    "sns:ThrottledException:0",
    `--fault "sns:ThrottledException:0" has the count "0"; allowed: a whole number of calls, 1 or more`,
  ],
  [
    "sns:ThrottledException:two",
    `--fault "sns:ThrottledException:two" has the count "two"; allowed: a whole number of calls, 1 or more`,
  ],
  [
    "sns:ThrottledException:1.5",
    `--fault "sns:ThrottledException:1.5" has the count "1.5"; allowed: a whole number of calls, 1 or more`,
  ],
])("fails when the spec is %j", (text, message) => {
  expect(() => parseFaultSpec(text, SERVICES)).toThrow(message);
});

test("the services are those of the state machine's integrations, once each, in order", () => {
  const integrations: Integration[] = ["lambda:invoke", "dynamodb:putItem", "lambda:invoke", "sns:publish"];
  expect(faultableServices(integrations)).toEqual(["lambda", "dynamodb", "sns"]);
});

function call(integration: Integration, executionName: string): TaskCall {
  return { integration, executionName, stateName: "S", resourceName: "r", attempt: 1 };
}

test("budgets are spent on the run's calls in call order, across executions, spec after spec", () => {
  const budget = new FaultBudget([
    parseFaultSpec("lambda:TooManyRequestsException:2", SERVICES),
    parseFaultSpec("lambda:ServiceException:1", SERVICES),
    parseFaultSpec("sns:ThrottledException:1", SERVICES),
  ]);
  const calls = [
    call("lambda:invoke", "a"),
    call("dynamodb:putItem", "a"),
    call("lambda:invoke", "b"),
    call("sns:publish", "b"),
    call("lambda:invoke", "a"),
    call("lambda:invoke", "b"),
    call("sns:publish", "a"),
  ];
  expect(calls.map((each) => budget.take(each))).toEqual([
    {
      error: "Lambda.TooManyRequestsException",
      cause: "injected by --fault lambda:TooManyRequestsException:2 (call 1 of 2)",
    },
    undefined,
    {
      error: "Lambda.TooManyRequestsException",
      cause: "injected by --fault lambda:TooManyRequestsException:2 (call 2 of 2)",
    },
    { error: "SNS.ThrottledException", cause: "injected by --fault sns:ThrottledException:1 (call 1 of 1)" },
    {
      error: "Lambda.ServiceException",
      cause: "injected by --fault lambda:ServiceException:1 (call 1 of 1)",
    },
    undefined,
    undefined,
  ]);
});
