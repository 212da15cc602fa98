import { clientErrors, commonErrors, type AwsError, type ServiceErrors } from "./error-table";

const PUT_ITEM_ERRORS =
  "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html#API_PutItem_Errors";
/** The developer guide says for each error whether it is "OK to retry". */
const ERROR_HANDLING =
  "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html";
const COMMON_ERRORS = "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/CommonErrors.html";
const JAVA_MODEL =
  "https://docs.aws.amazon.com/AWSJavaSDK/latest/javadoc/com/amazonaws/services/dynamodbv2/model/package-summary.html";
/** Executions on AWS, recorded 12-05-2023: a missing table, and a ValidationException. */
const RECORDED =
  "https://github.com/localstack/localstack/blob/main/tests/aws/services/stepfunctions/v2/error_handling/test_task_service_dynamodb.snapshot.json";

const UNMODELED = "DynamoDB.AmazonDynamoDBException";

/**
 * PutItem's errors (its API reference and the AWS SDK's PutItemCommand), then those the developer guide lists
 * for every request. `InternalServerError` and `RequestLimitExceeded` are the codes; the Java SDK's classes,
 * hence Step Functions' names, add `Exception`.
 */
const PUT_ITEM: readonly AwsError[] = [
  {
    code: "ConditionalCheckFailedException",
    origin: "service",
    httpStatus: 400,
    stepFunctionsError: "DynamoDB.ConditionalCheckFailedException",
    confidence: "inferred-from-sdk-class",
    transient: false,
    description: "The conditional request failed",
    sources: [PUT_ITEM_ERRORS, ERROR_HANDLING, JAVA_MODEL],
  },
  {
    code: "InternalServerError",
    origin: "service",
    httpStatus: 500,
    stepFunctionsError: "DynamoDB.InternalServerErrorException",
    confidence: "inferred-from-sdk-class",
    transient: true,
    description: "An error occurred on the server side.",
    sources: [
      PUT_ITEM_ERRORS,
      ERROR_HANDLING,
      "https://docs.aws.amazon.com/AWSJavaSDK/latest/javadoc/com/amazonaws/services/dynamodbv2/model/InternalServerErrorException.html",
    ],
  },
  {
    code: "InvalidEndpointException",
    origin: "service",
    httpStatus: 421,
    stepFunctionsError: "DynamoDB.InvalidEndpointException",
    confidence: "inferred-from-sdk-class",
    transient: false,
    description: "The requested endpoint is invalid.",
    sources: [PUT_ITEM_ERRORS, JAVA_MODEL],
  },
  {
    code: "ItemCollectionSizeLimitExceededException",
    origin: "service",
    httpStatus: 400,
    stepFunctionsError: "DynamoDB.ItemCollectionSizeLimitExceededException",
    confidence: "inferred-from-sdk-class",
    transient: true,
    description:
      "An item collection is too large. This exception is only returned for tables that have one or more local secondary indexes.",
    sources: [PUT_ITEM_ERRORS, ERROR_HANDLING, JAVA_MODEL],
  },
  {
    code: "ProvisionedThroughputExceededException",
    origin: "service",
    httpStatus: 400,
    stepFunctionsError: "DynamoDB.ProvisionedThroughputExceededException",
    confidence: "inferred-from-sdk-class",
    transient: true,
    description:
      "The request was denied due to request throttling. The AWS SDKs for DynamoDB automatically retry requests that receive this exception.",
    sources: [PUT_ITEM_ERRORS, ERROR_HANDLING, JAVA_MODEL],
  },
  {
    code: "ReplicatedWriteConflictException",
    origin: "service",
    httpStatus: 400,
    stepFunctionsError: "DynamoDB.ReplicatedWriteConflictException",
    confidence: "inferred-from-sdk-class",
    transient: true,
    description:
      "The request was rejected because one or more items in the request are being modified by a request in another Region.",
    sources: [
      PUT_ITEM_ERRORS,
      // The service model marks it retryable.
      "https://docs.aws.amazon.com/sdk-for-python/v1/reference/clients/dynamodb/errors/ReplicatedWriteConflictException/",
    ],
  },
  {
    code: "RequestLimitExceeded",
    origin: "service",
    httpStatus: 400,
    stepFunctionsError: "DynamoDB.RequestLimitExceededException",
    confidence: "inferred-from-sdk-class",
    transient: true,
    description: "Throughput exceeds the current throughput quota for your account.",
    sources: [PUT_ITEM_ERRORS, ERROR_HANDLING, JAVA_MODEL],
  },
  {
    code: "ResourceNotFoundException",
    origin: "service",
    httpStatus: 400,
    stepFunctionsError: "DynamoDB.ResourceNotFoundException",
    confidence: "recorded-on-aws",
    transient: false,
    description: "Requested resource not found",
    sources: [PUT_ITEM_ERRORS, ERROR_HANDLING, RECORDED],
  },
  {
    code: "ThrottlingException",
    origin: "service",
    httpStatus: 400,
    stepFunctionsError: "DynamoDB.ThrottlingException",
    confidence: "inferred-from-sdk-class",
    transient: true,
    description: "The request was denied due to request throttling.",
    sources: [PUT_ITEM_ERRORS, ERROR_HANDLING, JAVA_MODEL],
  },
  {
    code: "TransactionConflictException",
    origin: "service",
    httpStatus: 400,
    stepFunctionsError: "DynamoDB.TransactionConflictException",
    confidence: "inferred-from-sdk-class",
    transient: true,
    description: "Operation was rejected because there is an ongoing transaction for the item.",
    sources: [PUT_ITEM_ERRORS, ERROR_HANDLING, JAVA_MODEL],
  },
  {
    code: "IncompleteSignatureException",
    origin: "service",
    httpStatus: 400,
    stepFunctionsError: UNMODELED,
    confidence: "inferred-from-sdk-class",
    transient: false,
    description: "The request signature does not conform to AWS standards.",
    sources: [ERROR_HANDLING],
  },
  {
    code: "MissingAuthenticationTokenException",
    origin: "service",
    httpStatus: 400,
    stepFunctionsError: UNMODELED,
    confidence: "inferred-from-sdk-class",
    transient: false,
    description: "Request must contain a valid (registered) AWS Access Key ID.",
    sources: [ERROR_HANDLING],
  },
  {
    code: "UnrecognizedClientException",
    origin: "service",
    httpStatus: 400,
    stepFunctionsError: UNMODELED,
    confidence: "inferred-from-sdk-class",
    transient: true,
    description: "The Access Key ID or security token is invalid.",
    sources: [ERROR_HANDLING],
  },
  {
    code: "ValidationException",
    origin: "service",
    httpStatus: 400,
    stepFunctionsError: UNMODELED,
    confidence: "recorded-on-aws",
    transient: false,
    description: "One or more parameter values were invalid.",
    sources: [ERROR_HANDLING, RECORDED],
  },
  {
    code: "InternalFailure",
    origin: "service",
    httpStatus: 500,
    stepFunctionsError: UNMODELED,
    confidence: "inferred-from-sdk-class",
    transient: true,
    description: "The request processing has failed because of an unknown error, exception or failure.",
    sources: [COMMON_ERRORS, ERROR_HANDLING],
  },
  {
    code: "ServiceUnavailable",
    origin: "service",
    httpStatus: 503,
    stepFunctionsError: UNMODELED,
    confidence: "inferred-from-sdk-class",
    transient: true,
    description: "DynamoDB is currently unavailable. (This should be a temporary state.)",
    sources: [COMMON_ERRORS, ERROR_HANDLING],
  },
];

/** arn:aws:states:::dynamodb:putItem */
export const DYNAMODB_PUT_ITEM_ERRORS: ServiceErrors = {
  integration: "dynamodb:putItem",
  sdkServiceName: "AmazonDynamoDBv2",
  unmodeled: UNMODELED,
  errors: [
    ...PUT_ITEM,
    ...commonErrors(UNMODELED, COMMON_ERRORS, PUT_ITEM),
    ...clientErrors(
      "DynamoDB",
      { sdkClient: "inferred-from-sdk-class", executionTimeout: "inferred-from-sdk-class" },
      { sdkClient: [], executionTimeout: [] },
    ),
  ],
};
