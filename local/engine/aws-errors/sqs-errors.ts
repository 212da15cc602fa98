import { clientErrors, commonErrors, type AwsError, type ServiceErrors } from "./error-table";

const SEND_MESSAGE_ERRORS =
  "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html#API_SendMessage_Errors";
const COMMON_ERRORS =
  "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html";
/** Each error's code and HTTP status, generated from SQS's service model: every one is a 400. */
const SERVICE_MODEL =
  "https://github.com/localstack/localstack/blob/main/localstack-core/localstack/aws/api/sqs/__init__.py";
const JAVA_MODEL =
  "https://docs.aws.amazon.com/AWSJavaSDK/latest/javadoc/com/amazonaws/services/sqs/model/package-summary.html";
/** Executions on AWS, recorded 22-06-2023: an empty message body, and an unreachable queue. */
const RECORDED =
  "https://github.com/localstack/localstack/blob/main/tests/aws/services/stepfunctions/v2/error_handling/test_task_service_sqs.snapshot.json";

const UNMODELED = "SQS.AmazonSQSException";

/** One of SendMessage's errors: SQS's codes are its model's shapes, the Java SDK's classes add `Exception`. */
function sendMessageError(code: string, transient: boolean, description: string): AwsError {
  return {
    code,
    origin: "service",
    httpStatus: 400,
    stepFunctionsError: `SQS.${code}Exception`,
    confidence: "inferred-from-sdk-class",
    transient,
    description,
    sources: [SEND_MESSAGE_ERRORS, SERVICE_MODEL, JAVA_MODEL],
  };
}

/** SendMessage's errors, as its API reference lists them, then the query-protocol errors AWS recorded. */
const SEND_MESSAGE: readonly AwsError[] = [
  sendMessageError("InvalidAddress", false, "The accountId is invalid."),
  sendMessageError(
    "InvalidMessageContents",
    false,
    "The message contains characters outside the allowed set.",
  ),
  sendMessageError(
    "InvalidSecurity",
    false,
    "The request was not made over HTTPS or did not use SigV4 for signing.",
  ),
  sendMessageError("KmsAccessDenied", false, "The caller doesn't have the required KMS access."),
  sendMessageError(
    "KmsDisabled",
    false,
    "The request was rejected because the specified KMS key isn't enabled.",
  ),
  sendMessageError(
    "KmsInvalidKeyUsage",
    false,
    "The KeyUsage value of the KMS key is incompatible with the API operation.",
  ),
  sendMessageError(
    "KmsInvalidState",
    false,
    "The request was rejected because the state of the specified resource is not valid for this request.",
  ),
  sendMessageError(
    "KmsNotFound",
    false,
    "The request was rejected because the specified entity or resource could not be found.",
  ),
  sendMessageError("KmsOptInRequired", false, "The AWS access key ID needs a subscription for the service."),
  sendMessageError(
    "KmsThrottled",
    true,
    "Amazon Web Services KMS throttles requests for the following conditions.",
  ),
  sendMessageError("QueueDoesNotExist", false, "The specified queue does not exist."),
  sendMessageError(
    "RequestThrottled",
    true,
    "The request was denied due to request throttling. Exceeds the permitted request rate for the queue or for the recipient of the request.",
  ),
  sendMessageError("UnsupportedOperation", false, "Error code 400. Unsupported operation."),
  {
    code: "MissingParameter",
    origin: "service",
    httpStatus: 400,
    stepFunctionsError: UNMODELED,
    confidence: "recorded-on-aws",
    transient: false,
    description: "The request must contain the parameter MessageBody.",
    sources: [COMMON_ERRORS, RECORDED],
  },
  {
    code: "InvalidParameterValue",
    origin: "service",
    httpStatus: 400,
    stepFunctionsError: UNMODELED,
    confidence: "inferred-from-sdk-class",
    transient: false,
    description: "One or more parameters are invalid.",
    sources: [COMMON_ERRORS, JAVA_MODEL],
  },
];

/** arn:aws:states:::sqs:sendMessage */
export const SQS_SEND_MESSAGE_ERRORS: ServiceErrors = {
  integration: "sqs:sendMessage",
  sdkServiceName: "AmazonSQS",
  unmodeled: UNMODELED,
  errors: [
    ...SEND_MESSAGE,
    ...commonErrors(UNMODELED, COMMON_ERRORS, SEND_MESSAGE),
    ...clientErrors(
      "SQS",
      { sdkClient: "recorded-on-aws", executionTimeout: "inferred-from-sdk-class" },
      { sdkClient: [RECORDED], executionTimeout: [] },
    ),
  ],
};
