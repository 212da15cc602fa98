import type { Retrier } from "./types";

/**
 * Retriers for the transient faults of each integration: attempts capped, exponential backoff, full jitter,
 * so a throttled dependency is not hit by a retry storm.
 *
 * AWS documents the error names of one optimized integration only, Lambda's. For the others, executions on
 * AWS report `<Service>.<exception class of the AWS SDK for Java>` (DynamoDB's code `InternalServerError` is
 * the class `InternalServerErrorException`) and a code without a class of its own as the SDK's base exception
 * (`DynamoDB.AmazonDynamoDBException`), while emulators use the bare code (`DynamoDB.InternalServerError`). A
 * retrier that lists names can miss the one AWS reports, so the DynamoDB and SNS retriers match
 * `States.TaskFailed`, whatever the spelling; an error that is an answer rather than a fault (a refused
 * conditional write) gets a retrier of its own with `MaxAttempts: 0` before it. Retrying a permanent error
 * costs at most the retrier's backoff before the Catch; missing a transient one sends a paid order to the
 * failure queue. The names each integration can raise, with their sources, are in local/engine/aws-errors;
 * test/definition/retrier-names.test.ts checks every retrier against them.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 * @see https://github.com/localstack/localstack/blob/main/tests/aws/services/stepfunctions/v2/error_handling/test_task_service_dynamodb.snapshot.json
 */

/**
 * The retrier AWS recommends on every Lambda invoke (ClientExecutionTimeoutException, ServiceException,
 * AWSLambdaException, SdkClientException), with Lambda's throttling error and the Invoke errors whose API
 * reference says to wait and try again. Lambda's names are listed, not matched by `States.TaskFailed`: that would
 * also match the function's own errors, which the state's own retriers and Catch decide about.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_Errors
 */
export const LAMBDA_TRANSIENT_RETRIER: Retrier = {
  ErrorEquals: [
    "Lambda.ClientExecutionTimeoutException",
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
    "Lambda.EC2ThrottledException",
    "Lambda.ENINotReadyException",
    "Lambda.ResourceNotReadyException",
    "Lambda.SnapStartNotReadyException",
    "Lambda.CodeArtifactUserPendingException",
  ],
  IntervalSeconds: 1,
  MaxAttempts: 3,
  BackoffRate: 2,
  JitterStrategy: "FULL",
};

/**
 * Every DynamoDB error that fails the task (`States.TaskFailed`): its throttling and internal errors, which
 * its SDKs retry too, under whichever name Step Functions gives them. A timeout (`States.Timeout`, which
 * `States.TaskFailed` does not match) is left to the Catch: a conditional write that timed out may have been
 * applied, and its retry would then be refused as a replay.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
 * @see https://states-language.net/spec.html#appendix-a
 */
export const DYNAMODB_TRANSIENT_RETRIER: Retrier = {
  ErrorEquals: ["States.TaskFailed"],
  IntervalSeconds: 1,
  MaxAttempts: 4,
  BackoffRate: 2,
  MaxDelaySeconds: 10,
  JitterStrategy: "FULL",
};

/**
 * Every SNS error that fails the task (`States.TaskFailed`): Publish's internal error and KMS throttling, and
 * its generic throttling, which Publish answers as `ThrottlingException` ("Rate exceeded"), not as the
 * `Throttled` of other SNS actions, and which has no exception class of its own.
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html#API_Publish_Errors
 * @see https://repost.aws/knowledge-center/sns-throttling-exception-errors
 */
export const SNS_TRANSIENT_RETRIER: Retrier = {
  ErrorEquals: ["States.TaskFailed"],
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
