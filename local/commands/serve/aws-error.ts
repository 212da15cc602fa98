/**
 * An error as an AWS JSON-protocol service answers it: HTTP 400 (or the status given), the error's name in the
 * `x-amzn-ErrorType` header and as `__type` in the body, with a `message`.
 * @see https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html#operation-error-serialization
 */
export class AwsError extends Error {
  override readonly name = "AwsError";

  constructor(
    /** The error's shape name, e.g. "ExecutionDoesNotExist", "ValidationException". */
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** A member of the request that is missing or of the wrong type, named with what is allowed. */
export function validation(message: string): AwsError {
  return new AwsError("ValidationException", message);
}
