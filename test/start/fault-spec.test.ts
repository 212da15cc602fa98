import { FaultBudget, faultableServices, parseFaultSpec } from "../../local/commands/start/fault-spec";
import type { TaskCall } from "../../local/engine/simulator";
import type { Integration } from "../../local/engine/task-plan";

const SERVICES = ["lambda", "dynamodb", "sns"];

test.each([
  ["lambda:TooManyRequestsException:2", "lambda", "TooManyRequestsException", 2],
  ["lambda:ClientExecutionTimeoutException:1", "lambda", "ClientExecutionTimeoutException", 1],
  ["dynamodb:InternalServerError:3", "dynamodb", "InternalServerError", 3],
  [
    "dynamodb:ProvisionedThroughputExceededException:3",
    "dynamodb",
    "ProvisionedThroughputExceededException",
    3,
  ],
  ["sns:InternalError:1", "sns", "InternalError", 1],
  ["sns:ThrottlingException:1", "sns", "ThrottlingException", 1],
])("%s fails %s calls with the API error code %s", (text, service, code, count) => {
  expect(parseFaultSpec(text, SERVICES)).toEqual({ text, service, code, count });
});

const FORMAT =
  "allowed: <integration>:<API error code>:<count>, e.g. lambda:TooManyRequestsException:2, " +
  "dynamodb:InternalServerError:3, sns:InternalError:1";
const SNS_CODES =
  "AuthorizationError, EndpointDisabled, InternalError, InvalidParameter, ParameterValueInvalid, InvalidSecurity, " +
  "KMSAccessDenied, KMSDisabled, KMSInvalidState, KMSNotFound, KMSOptInRequired, KMSThrottling, NotFound, " +
  "PlatformApplicationDisabled, ValidationException, AccessDeniedException, IncompleteSignature, InternalFailure, " +
  "InvalidAction, InvalidClientTokenId, NotAuthorized, OptInRequired, RequestExpired, ServiceUnavailable, " +
  "ThrottlingException, ValidationError, ClientExecutionTimeoutException, SdkClientException";

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
    "sns:ThrottledException:1",
    `--fault "sns:ThrottledException:1" names "ThrottledException", which is not an error code of sns:publish; ` +
      `allowed: one of its API's error codes, as its API reference spells them: ${SNS_CODES}`,
  ],
  [
    "sns:SNS.InternalErrorException:1",
    `--fault "sns:SNS.InternalErrorException:1" names "SNS.InternalErrorException", which is not an error code of sns:publish; ` +
      `allowed: one of its API's error codes, as its API reference spells them: ${SNS_CODES}`,
  ],
  [
    "sns::1",
    `--fault "sns::1" names "", which is not an error code of sns:publish; ` +
      `allowed: one of its API's error codes, as its API reference spells them: ${SNS_CODES}`,
  ],
  [
    "sns:InternalError:0",
    `--fault "sns:InternalError:0" has the count "0"; allowed: a whole number of calls, 1 or more`,
  ],
  [
    "sns:InternalError:two",
    `--fault "sns:InternalError:two" has the count "two"; allowed: a whole number of calls, 1 or more`,
  ],
  [
    "sns:InternalError:1.5",
    `--fault "sns:InternalError:1.5" has the count "1.5"; allowed: a whole number of calls, 1 or more`,
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
    parseFaultSpec("sns:InternalError:1", SERVICES),
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
      code: "TooManyRequestsException",
      message: "injected by --fault lambda:TooManyRequestsException:2 (call 1 of 2)",
    },
    undefined,
    {
      code: "TooManyRequestsException",
      message: "injected by --fault lambda:TooManyRequestsException:2 (call 2 of 2)",
    },
    { code: "InternalError", message: "injected by --fault sns:InternalError:1 (call 1 of 1)" },
    { code: "ServiceException", message: "injected by --fault lambda:ServiceException:1 (call 1 of 1)" },
    undefined,
    undefined,
  ]);
});
