/**
 * A Lambda task times out a little after the function itself, so the execution sees Lambda's own timeout error
 * rather than a bare `States.Timeout`.
 */
export const LAMBDA_TASK_TIMEOUT_MARGIN_SECONDS = 5;
/** DynamoDB and SNS answer in milliseconds; a call still open after this is stuck. */
export const SERVICE_TASK_TIMEOUT_SECONDS = 10;
