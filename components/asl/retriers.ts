import type { Retrier } from "./types";

/**
 * Retriers for the transient faults of each integration: attempts capped, exponential backoff, full jitter,
 * so a throttled dependency is not hit by a retry storm. Error names follow Step Functions' convention for
 * optimized integrations, `<Service>.<SDK exception class>`.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */

/**
 * The retrier AWS recommends on every Lambda invoke.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
 */
export const LAMBDA_TRANSIENT_RETRIER: Retrier = {
  ErrorEquals: [
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
  ],
  IntervalSeconds: 1,
  MaxAttempts: 3,
  BackoffRate: 2,
  JitterStrategy: "FULL",
};

/**
 * DynamoDB throttling and internal errors, which its SDKs retry too. Validation and conditional-check
 * failures are not transient and are left to Catch.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
 */
export const DYNAMODB_TRANSIENT_RETRIER: Retrier = {
  ErrorEquals: [
    "DynamoDB.ProvisionedThroughputExceededException",
    "DynamoDB.RequestLimitExceededException",
    "DynamoDB.ThrottlingException",
    "DynamoDB.InternalServerErrorException",
  ],
  IntervalSeconds: 1,
  MaxAttempts: 4,
  BackoffRate: 2,
  MaxDelaySeconds: 10,
  JitterStrategy: "FULL",
};

/**
 * SNS throttling and internal errors.
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html#API_Publish_Errors
 */
export const SNS_TRANSIENT_RETRIER: Retrier = {
  ErrorEquals: ["SNS.ThrottledException", "SNS.InternalErrorException", "SNS.KMSThrottlingException"],
  IntervalSeconds: 1,
  MaxAttempts: 4,
  BackoffRate: 2,
  MaxDelaySeconds: 10,
  JitterStrategy: "FULL",
};

/**
 * The failure queue is the last place an order can be kept, so every error is retried there, with more
 * attempts than elsewhere; if SQS still refuses, the execution fails with SQS's error and the
 * ExecutionsFailed alarm fires.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error
 */
export const FAILURE_QUEUE_RETRIER: Retrier = {
  ErrorEquals: ["States.ALL"],
  IntervalSeconds: 1,
  MaxAttempts: 6,
  BackoffRate: 2,
  MaxDelaySeconds: 20,
  JitterStrategy: "FULL",
};
