import { clientErrors, commonErrors, type AwsError, type ServiceErrors } from "./error-table";

const PUBLISH_ERRORS = "https://docs.aws.amazon.com/sns/latest/api/API_Publish.html#API_Publish_Errors";
const COMMON_ERRORS = "https://docs.aws.amazon.com/sns/latest/api/CommonErrors.html";
/** Each error's code and HTTP status, generated from SNS's service model. */
const SERVICE_MODEL =
  "https://github.com/localstack/localstack/blob/main/localstack-core/localstack/aws/api/sns/__init__.py";
const JAVA_MODEL =
  "https://docs.aws.amazon.com/AWSJavaSDK/latest/javadoc/com/amazonaws/services/sns/model/package-summary.html";
/** SNS answers a throttled Publish with the generic ThrottlingException ("Rate exceeded"), not `Throttled`. */
const THROTTLING = "https://repost.aws/knowledge-center/sns-throttling-exception-errors";

const UNMODELED = "SNS.AmazonSNSException";

/**
 * One of Publish's errors. SNS's codes mostly lack the `Exception` its model's shapes (hence the Java SDK's
 * classes and Step Functions' names) end in, and one differs altogether: InvalidParameterValueException's code is
 * `ParameterValueInvalid`.
 */
function publishError(
  code: string,
  httpStatus: number,
  stepFunctionsError: string,
  transient: boolean,
  description: string,
): AwsError {
  return {
    code,
    origin: "service",
    httpStatus,
    stepFunctionsError,
    confidence: "inferred-from-sdk-class",
    transient,
    description,
    sources: [PUBLISH_ERRORS, SERVICE_MODEL, JAVA_MODEL],
  };
}

/** Publish's errors, as its API reference lists them: only an internal error and KMS throttling are transient. */
const PUBLISH: readonly AwsError[] = [
  publishError(
    "AuthorizationError",
    403,
    "SNS.AuthorizationErrorException",
    false,
    "Indicates that the user has been denied access to the requested resource.",
  ),
  publishError(
    "EndpointDisabled",
    400,
    "SNS.EndpointDisabledException",
    false,
    "Exception error indicating endpoint disabled.",
  ),
  publishError(
    "InternalError",
    500,
    "SNS.InternalErrorException",
    true,
    "Indicates an internal service error.",
  ),
  publishError(
    "InvalidParameter",
    400,
    "SNS.InvalidParameterException",
    false,
    "Indicates that a request parameter does not comply with the associated constraints.",
  ),
  publishError(
    "ParameterValueInvalid",
    400,
    "SNS.InvalidParameterValueException",
    false,
    "Indicates that a request parameter does not comply with the associated constraints.",
  ),
  publishError(
    "InvalidSecurity",
    403,
    "SNS.InvalidSecurityException",
    false,
    "The credential signature isn't valid. You must use an HTTPS endpoint and sign your request using Signature Version 4.",
  ),
  publishError(
    "KMSAccessDenied",
    400,
    "SNS.KMSAccessDeniedException",
    false,
    "The ciphertext references a key that doesn't exist or that you don't have access to.",
  ),
  publishError(
    "KMSDisabled",
    400,
    "SNS.KMSDisabledException",
    false,
    "The request was rejected because the specified Amazon Web Services KMS key isn't enabled.",
  ),
  publishError(
    "KMSInvalidState",
    400,
    "SNS.KMSInvalidStateException",
    false,
    "The request was rejected because the state of the specified resource isn't valid for this request.",
  ),
  publishError(
    "KMSNotFound",
    400,
    "SNS.KMSNotFoundException",
    false,
    "The request was rejected because the specified entity or resource can't be found.",
  ),
  publishError(
    "KMSOptInRequired",
    403,
    "SNS.KMSOptInRequiredException",
    false,
    "The Amazon Web Services access key ID needs a subscription for the service.",
  ),
  publishError(
    "KMSThrottling",
    400,
    "SNS.KMSThrottlingException",
    true,
    "The request was denied due to request throttling.",
  ),
  publishError(
    "NotFound",
    404,
    "SNS.NotFoundException",
    false,
    "Indicates that the requested resource does not exist.",
  ),
  publishError(
    "PlatformApplicationDisabled",
    400,
    "SNS.PlatformApplicationDisabledException",
    false,
    "Exception error indicating platform application disabled.",
  ),
  publishError(
    "ValidationException",
    400,
    "SNS.ValidationException",
    false,
    "Indicates that a parameter in the request is invalid.",
  ),
];

/** arn:aws:states:::sns:publish */
export const SNS_PUBLISH_ERRORS: ServiceErrors = {
  integration: "sns:publish",
  sdkServiceName: "AmazonSNS",
  unmodeled: UNMODELED,
  errors: [
    ...PUBLISH,
    ...commonErrors(UNMODELED, COMMON_ERRORS, PUBLISH).map((error) =>
      error.code === "ThrottlingException"
        ? { ...error, description: "Rate exceeded", sources: [...error.sources, THROTTLING] }
        : error,
    ),
    ...clientErrors(
      "SNS",
      { sdkClient: "inferred-from-sdk-class", executionTimeout: "inferred-from-sdk-class" },
      { sdkClient: [], executionTimeout: [] },
    ),
  ],
};
