import { clientErrors, commonErrors, type AwsError, type ServiceErrors } from "./error-table";
import {
  COMMON_ERRORS,
  invokeError,
  PERMANENT,
  SERVICE_EXCEPTIONS,
  TRANSIENT,
  UNMODELED,
} from "./lambda-invoke-error";

/**
 * Invoke's errors, as its API reference and the AWS SDK's InvokeCommand list them, with the HTTP status of the
 * SDK's model. A function's own error is not among them: the Task fails with the error's `errorType` (the thrown
 * error's `name` in Node.js), or `Lambda.Unknown` when the function's answer names none.
 */
const INVOKE: readonly AwsError[] = [
  invokeError(
    "CodeArtifactUserDeletedException",
    409,
    PERMANENT,
    "The Lambda function couldn't be invoked because its code artifact user has been deleted. Wait for Lambda to provision a new code artifact user, or update the function's code package to recreate it.",
  ),
  invokeError(
    "CodeArtifactUserFailedException",
    409,
    PERMANENT,
    "The Lambda function couldn't be invoked because provisioning of its code artifact user failed. Update the function's code package or check the Lambda function's State and StateReasonCode for additional context.",
  ),
  invokeError(
    "CodeArtifactUserPendingException",
    409,
    TRANSIENT,
    "The Lambda function couldn't be invoked because its code artifact user is still being provisioned. Wait for the function's State to become Active and try the request again.",
  ),
  invokeError(
    "DurableExecutionAlreadyStartedException",
    409,
    PERMANENT,
    "The durable execution with the specified name has already been started. Each durable execution name must be unique within the function. Use a different name or check the status of the existing execution.",
  ),
  invokeError(
    "EC2AccessDeniedException",
    502,
    PERMANENT,
    "Need additional permissions to configure VPC settings.",
  ),
  invokeError(
    "EC2ThrottledException",
    502,
    TRANSIENT,
    "Amazon EC2 throttled Lambda during Lambda function initialization using the execution role provided for the function.",
  ),
  invokeError(
    "EC2UnexpectedException",
    502,
    PERMANENT,
    "Lambda received an unexpected Amazon EC2 client exception while setting up for the Lambda function.",
  ),
  invokeError(
    "EFSIOException",
    410,
    PERMANENT,
    "An error occurred when reading from or writing to a connected file system.",
  ),
  invokeError(
    "EFSMountConnectivityException",
    408,
    PERMANENT,
    "The Lambda function couldn't make a network connection to the configured file system.",
  ),
  invokeError(
    "EFSMountFailureException",
    403,
    PERMANENT,
    "The Lambda function couldn't mount the configured file system due to a permission or configuration issue.",
  ),
  invokeError(
    "EFSMountTimeoutException",
    408,
    PERMANENT,
    "The Lambda function made a network connection to the configured file system, but the mount operation timed out.",
  ),
  invokeError(
    "ENILimitReachedException",
    502,
    PERMANENT,
    "Lambda couldn't create an elastic network interface in the VPC, specified as part of Lambda function configuration, because the limit for network interfaces has been reached.",
  ),
  invokeError(
    "ENINotReadyException",
    502,
    TRANSIENT,
    "Lambda couldn't invoke the Lambda function because the elastic network interface (ENI) configured for its VPC connection isn't ready yet. Wait a few moments and try the request again.",
  ),
  invokeError(
    "InvalidParameterValueException",
    400,
    PERMANENT,
    "One of the parameters in the request is not valid.",
  ),
  invokeError(
    "InvalidRequestContentException",
    400,
    PERMANENT,
    "The request body could not be parsed as JSON, or a request header is invalid. For example, the 'x-amzn-RequestId' header is not a valid UUID string.",
  ),
  invokeError(
    "InvalidRuntimeException",
    502,
    PERMANENT,
    "The runtime or runtime version specified is not supported.",
  ),
  invokeError(
    "InvalidSecurityGroupIDException",
    502,
    PERMANENT,
    "The security group ID provided in the Lambda function VPC configuration is not valid.",
  ),
  invokeError(
    "InvalidSubnetIDException",
    502,
    PERMANENT,
    "The subnet ID provided in the Lambda function VPC configuration is not valid.",
  ),
  invokeError("InvalidZipFileException", 502, PERMANENT, "Lambda could not unzip the deployment package."),
  invokeError(
    "KMSAccessDeniedException",
    502,
    PERMANENT,
    "Lambda couldn't decrypt the environment variables because KMS access was denied. Check the Lambda function's KMS permissions.",
  ),
  invokeError(
    "KMSDisabledException",
    502,
    PERMANENT,
    "Lambda couldn't decrypt the environment variables because the KMS key used is disabled. Check the Lambda function's KMS key settings.",
  ),
  invokeError(
    "KMSInvalidStateException",
    502,
    PERMANENT,
    "Lambda couldn't decrypt the environment variables because the state of the KMS key used is not valid for Decrypt. Check the function's KMS key settings.",
  ),
  invokeError(
    "KMSNotFoundException",
    502,
    PERMANENT,
    "Lambda couldn't decrypt the environment variables because the KMS key was not found. Check the function's KMS key settings.",
  ),
  invokeError(
    "ModeNotSupportedException",
    400,
    PERMANENT,
    "The Lambda function doesn't support the invocation mode requested. For example, calling Invoke with InvocationType=RequestResponse on a function configured for asynchronous-only invocation, or vice versa.",
  ),
  invokeError(
    "NoPublishedVersionException",
    400,
    PERMANENT,
    "The function has no published versions available.",
  ),
  invokeError(
    "RecursiveInvocationException",
    400,
    PERMANENT,
    "Lambda has detected your function being invoked in a recursive loop with other Amazon Web Services resources and stopped your function's invocation.",
  ),
  invokeError(
    "RequestTooLargeException",
    413,
    PERMANENT,
    "The request payload exceeded the Invoke request body JSON input quota.",
  ),
  invokeError(
    "ResourceConflictException",
    409,
    PERMANENT,
    "The resource already exists, or another operation is in progress.",
  ),
  invokeError(
    "ResourceNotFoundException",
    404,
    PERMANENT,
    "The resource specified in the request does not exist.",
    { confidence: "recorded-on-aws" },
  ),
  invokeError(
    "ResourceNotReadyException",
    502,
    TRANSIENT,
    "The function is inactive and its VPC connection is no longer available. Wait for the VPC connection to reestablish and try again.",
  ),
  invokeError(
    "S3FilesMountConnectivityException",
    408,
    PERMANENT,
    "The Lambda function couldn't make a network connection to the configured S3 Files access point.",
  ),
  invokeError(
    "S3FilesMountFailureException",
    403,
    PERMANENT,
    "The Lambda function couldn't mount the configured S3 Files access point due to a permission or configuration issue.",
  ),
  invokeError(
    "S3FilesMountTimeoutException",
    408,
    PERMANENT,
    "The Lambda function made a network connection to the configured S3 Files access point, but the mount operation timed out.",
  ),
  invokeError(
    "SerializedRequestEntityTooLargeException",
    413,
    PERMANENT,
    "The request payload exceeded the maximum allowed size for serialized request entities.",
  ),
  invokeError("ServiceException", 500, TRANSIENT, "The Lambda service encountered an internal error.", {
    confidence: "documented",
  }),
  invokeError("ServiceQuotaExceededException", 402, PERMANENT, "The request would exceed a service quota."),
  invokeError("SnapStartException", 400, PERMANENT, "The afterRestore() runtime hook encountered an error."),
  invokeError(
    "SnapStartNotReadyException",
    409,
    TRANSIENT,
    "Lambda is initializing your function. You can invoke the function when the function state becomes Active.",
  ),
  invokeError(
    "SnapStartRegenerationFailureException",
    409,
    PERMANENT,
    "Lambda couldn't regenerate the SnapStart snapshot for the function. SnapStart-enabled functions periodically regenerate snapshots when their underlying runtime or dependencies change; this regeneration failed. Wait for Lambda to retry, or update the function's configuration to trigger a new snapshot.",
  ),
  invokeError(
    "SnapStartTimeoutException",
    408,
    PERMANENT,
    "Lambda couldn't restore the snapshot within the timeout limit.",
  ),
  invokeError(
    "SubnetIPAddressLimitReachedException",
    502,
    PERMANENT,
    "Lambda couldn't set up VPC access for the Lambda function because one or more configured subnets has no available IP addresses.",
  ),
  invokeError("TooManyRequestsException", 429, TRANSIENT, "The request throughput limit was exceeded.", {
    confidence: "documented",
  }),
  invokeError(
    "UnsupportedMediaTypeException",
    415,
    PERMANENT,
    "The content type of the Invoke request body is not JSON.",
  ),
];

/** arn:aws:states:::lambda:invoke */
export const LAMBDA_INVOKE_ERRORS: ServiceErrors = {
  integration: "lambda:invoke",
  sdkServiceName: "AWSLambda",
  unmodeled: UNMODELED,
  errors: [
    ...INVOKE,
    ...commonErrors(UNMODELED, COMMON_ERRORS, INVOKE),
    ...clientErrors(
      "Lambda",
      { sdkClient: "documented", executionTimeout: "documented" },
      { sdkClient: [SERVICE_EXCEPTIONS], executionTimeout: [SERVICE_EXCEPTIONS] },
    ),
  ],
};
