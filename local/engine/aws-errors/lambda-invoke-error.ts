/** How a row of the Lambda Invoke error table (lambda-errors.ts) is built, and the pages each row cites. */
import type { AwsError, NameConfidence } from "./error-table";

const INVOKE_ERRORS = "https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_Errors";
export const COMMON_ERRORS = "https://docs.aws.amazon.com/lambda/latest/api/CommonErrors.html";
/** Names ServiceException, AWSLambdaException, SdkClientException, ClientExecutionTimeoutException, TooManyRequestsException. */
export const SERVICE_EXCEPTIONS =
  "https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html";
const JAVA_MODEL =
  "https://docs.aws.amazon.com/AWSJavaSDK/latest/javadoc/com/amazonaws/services/lambda/model/package-summary.html";
/** An execution on AWS, recorded 22-06-2023: a function that does not exist. */
const RECORDED =
  "https://github.com/localstack/localstack/blob/main/tests/aws/services/stepfunctions/v2/error_handling/test_task_service_lambda.snapshot.json";

export const UNMODELED = "Lambda.AWSLambdaException";

/** Throttling, an internal error, or a resource the API reference says to wait for and try again. */
export const TRANSIENT = true;
export const PERMANENT = false;

/** One of Invoke's errors: Lambda's codes all end in `Exception`, so each is its Java class, prefixed `Lambda.`. */
export function invokeError(
  code: string,
  httpStatus: number,
  transient: boolean,
  description: string,
  named: { readonly confidence: NameConfidence } = { confidence: "inferred-from-sdk-class" },
): AwsError {
  const nameSource = {
    documented: SERVICE_EXCEPTIONS,
    "recorded-on-aws": RECORDED,
    "inferred-from-sdk-class": JAVA_MODEL,
  }[named.confidence];
  return {
    code,
    origin: "service",
    httpStatus,
    stepFunctionsError: `Lambda.${code}`,
    confidence: named.confidence,
    transient,
    description,
    sources: [INVOKE_ERRORS, nameSource],
  };
}
