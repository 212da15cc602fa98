import type { Integration } from "../task-plan";

/**
 * How sure the table is of the Error Step Functions reports for a code:
 * - `documented`: an AWS page names the error.
 * - `recorded-on-aws`: an execution on AWS reported it (LocalStack's parity snapshots, recorded against AWS).
 * - `inferred-from-sdk-class`: `<Service>.<exception class of the AWS SDK for Java 1.x>`, the rule every
 *   recorded error follows; the class is the error's shape in the service model, with `Exception` appended
 *   when missing (DynamoDB's code `InternalServerError` is the class `InternalServerErrorException`). AWS documents no such rule for optimized integrations; a code the Java SDK does not
 *   model is reported under the SDK's base exception (recorded: DynamoDB's ValidationException is
 *   `DynamoDB.AmazonDynamoDBException`).
 */
export type NameConfidence = "documented" | "recorded-on-aws" | "inferred-from-sdk-class";

/** One error an integration's API call can end in, and how Step Functions reports it. */
export interface AwsError {
  /**
   * The service's API error code, as it answers (`InternalServerError`). A failure of Step Functions' own SDK
   * client has no API code; it goes by the client's exception class (`SdkClientException`).
   */
  readonly code: string;
  /** `service`: the service answered with the code; `client`: the SDK client got no answer, or none in time. */
  readonly origin: "service" | "client";
  /** The HTTP status the service answers with; none for a client failure. */
  readonly httpStatus?: number;
  /** The failed Task's Error, as Step Functions reports it. */
  readonly stepFunctionsError: string;
  readonly confidence: NameConfidence;
  /** Whether the same call, made again later, can succeed: as the service documents it. */
  readonly transient: boolean;
  /** The API reference's description of the error; an injected fault's message unless it brings its own. */
  readonly description: string;
  /** Where the code, its status and whether it is transient are documented, and the name when it is. */
  readonly sources: readonly string[];
}

/** Every error of one integration's API call. */
export interface ServiceErrors {
  readonly integration: Integration;
  /** The service as the AWS SDK for Java 1.x names it in a service error's message: `AmazonDynamoDBv2`. */
  readonly sdkServiceName: string;
  /** The Error of a code the table does not list: the SDK's base exception, `DynamoDB.AmazonDynamoDBException`. */
  readonly unmodeled: string;
  readonly errors: readonly AwsError[];
}

interface CommonError {
  readonly code: string;
  readonly httpStatus: number;
  readonly transient: boolean;
  readonly description: string;
}

/**
 * The errors every AWS query and JSON API may answer with, whatever the action. None has an exception class of
 * its own in the Java SDK, so Step Functions reports them under the service's base exception.
 * @see https://docs.aws.amazon.com/lambda/latest/api/CommonErrors.html
 */
const COMMON_ERRORS: readonly CommonError[] = [
  {
    code: "AccessDeniedException",
    httpStatus: 400,
    transient: false,
    description: "You do not have sufficient access to perform this action.",
  },
  {
    code: "IncompleteSignature",
    httpStatus: 400,
    transient: false,
    description: "The request signature does not conform to AWS standards.",
  },
  {
    code: "InternalFailure",
    httpStatus: 500,
    transient: true,
    description: "The request processing has failed because of an unknown error, exception or failure.",
  },
  {
    code: "InvalidAction",
    httpStatus: 400,
    transient: false,
    description: "The action or operation requested is invalid. Verify that the action is typed correctly.",
  },
  {
    code: "InvalidClientTokenId",
    httpStatus: 403,
    transient: false,
    description: "The X.509 certificate or AWS access key ID provided does not exist in our records.",
  },
  {
    code: "NotAuthorized",
    httpStatus: 400,
    transient: false,
    description: "You do not have permission to perform this action.",
  },
  {
    code: "OptInRequired",
    httpStatus: 403,
    transient: false,
    description: "The AWS access key ID needs a subscription for the service.",
  },
  {
    code: "RequestExpired",
    httpStatus: 400,
    transient: false,
    description:
      "The request reached the service more than 15 minutes after the date stamp on the request or more than 15 minutes after the request expiration date.",
  },
  {
    code: "ServiceUnavailable",
    httpStatus: 503,
    transient: true,
    description: "The request has failed due to a temporary failure of the server.",
  },
  {
    code: "ThrottlingException",
    httpStatus: 400,
    transient: true,
    description: "The request was denied due to request throttling.",
  },
  {
    code: "ValidationError",
    httpStatus: 400,
    transient: false,
    description: "The input fails to satisfy the constraints specified by an AWS service.",
  },
];

/**
 * The common errors a service's own table does not list already, reported under its base exception.
 * `commonErrorsPage`: the service's API reference page of common errors.
 */
export function commonErrors(
  unmodeled: string,
  commonErrorsPage: string,
  listed: readonly AwsError[],
): AwsError[] {
  return COMMON_ERRORS.filter((common) => !listed.some((error) => error.code === common.code)).map(
    (common) => ({
      ...common,
      origin: "service",
      stepFunctionsError: unmodeled,
      confidence: "inferred-from-sdk-class",
      sources: [commonErrorsPage],
    }),
  );
}

/**
 * The AWS SDK for Java 1.x reports a request that got no answer as `SdkClientException`, and one that got none
 * within the client's execution timeout as `ClientExecutionTimeoutException`; Step Functions prefixes them as it
 * does service errors. AWS documents both for Lambda and recorded `SQS.SdkClientException` for an unreachable
 * queue; for the other services the names follow the same rule.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
 * @see https://docs.aws.amazon.com/AWSJavaSDK/latest/javadoc/com/amazonaws/SdkClientException.html
 * @see https://docs.aws.amazon.com/AWSJavaSDK/latest/javadoc/com/amazonaws/http/timers/client/ClientExecutionTimeoutException.html
 */
export function clientErrors(
  prefix: string,
  confidence: { readonly sdkClient: NameConfidence; readonly executionTimeout: NameConfidence },
  sources: { readonly sdkClient: readonly string[]; readonly executionTimeout: readonly string[] },
): AwsError[] {
  return [
    {
      code: "ClientExecutionTimeoutException",
      origin: "client",
      stepFunctionsError: `${prefix}.ClientExecutionTimeoutException`,
      confidence: confidence.executionTimeout,
      transient: true,
      description: "Client execution did not complete before the specified timeout configuration.",
      sources: [
        ...sources.executionTimeout,
        "https://docs.aws.amazon.com/AWSJavaSDK/latest/javadoc/com/amazonaws/http/timers/client/ClientExecutionTimeoutException.html",
      ],
    },
    {
      code: "SdkClientException",
      origin: "client",
      stepFunctionsError: `${prefix}.SdkClientException`,
      confidence: confidence.sdkClient,
      transient: true,
      description: "Unable to execute HTTP request: Connect timed out",
      sources: [
        ...sources.sdkClient,
        "https://docs.aws.amazon.com/AWSJavaSDK/latest/javadoc/com/amazonaws/SdkClientException.html",
      ],
    },
  ];
}
