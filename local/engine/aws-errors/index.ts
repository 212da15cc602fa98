import { TaskFailure } from "../task-failure";
import type { Integration } from "../task-plan";
import { DYNAMODB_PUT_ITEM_ERRORS } from "./dynamodb-errors";
import type { AwsError, ServiceErrors } from "./error-table";
import { LAMBDA_INVOKE_ERRORS } from "./lambda-errors";
import { SNS_PUBLISH_ERRORS } from "./sns-errors";
import { SQS_SEND_MESSAGE_ERRORS } from "./sqs-errors";

export type { AwsError, NameConfidence, ServiceErrors } from "./error-table";

/**
 * The one mapping from what a service answers (its API error code) to the Error and Cause of the failed Task, as
 * Step Functions reports them, for each integration the simulator runs. The integrations and injected faults go
 * through it; the retriers do not: they are checked against it. Sources and confidence: see README.md here.
 */
export const SERVICE_ERRORS: Readonly<Record<Integration, ServiceErrors>> = {
  "lambda:invoke": LAMBDA_INVOKE_ERRORS,
  "dynamodb:putItem": DYNAMODB_PUT_ITEM_ERRORS,
  "sns:publish": SNS_PUBLISH_ERRORS,
  "sqs:sendMessage": SQS_SEND_MESSAGE_ERRORS,
};

export function awsErrorOf(integration: Integration, code: string): AwsError | undefined {
  return SERVICE_ERRORS[integration].errors.find((error) => error.code === code);
}

/** The Error Step Functions reports for a code: the table's, or the SDK's base exception for a code it lacks. */
export function stepFunctionsErrorOf(integration: Integration, code: string): string {
  return awsErrorOf(integration, code)?.stepFunctionsError ?? SERVICE_ERRORS[integration].unmodeled;
}

/** The errors a later, identical call can get past, as the service documents them. */
export function transientAwsErrors(integration: Integration): readonly AwsError[] {
  return SERVICE_ERRORS[integration].errors.filter((error) => error.transient);
}

/** Every Error an integration's Task can fail with, for a service or client error: each once, in table order. */
export function raisedErrorNames(integration: Integration): readonly string[] {
  const { errors, unmodeled } = SERVICE_ERRORS[integration];
  return [...new Set([...errors.map((error) => error.stepFunctionsError), unmodeled])];
}

/** The table's entry for a code, or an error naming the codes it has: a fault must be one the service answers. */
export function knownAwsError(integration: Integration, code: string): AwsError {
  const error = awsErrorOf(integration, code);
  if (error !== undefined) return error;
  const codes = SERVICE_ERRORS[integration].errors.map((each) => each.code);
  throw new Error(
    `\`${code}\` is not an error code of ${integration}; its API's codes are: ${codes.join(", ")}`,
  );
}

/** What a service answered a call with, or what its SDK client reported. */
export interface ServiceAnswer {
  /** The API error code, or the client's exception class for a client failure. */
  readonly code: string;
  readonly message: string;
  /** Default: the table's status for the code, else 400. */
  readonly httpStatus?: number;
  readonly requestId: string;
}

/**
 * The failed Task, as Step Functions reports a service's answer: Error from the table, Cause in the AWS SDK for
 * Java's words, `<message> (Service: …; Status Code: …; Error Code: …; Request ID: …; Proxy: null)`, as
 * executions on AWS record it; a client failure's Cause is its message alone.
 * @see https://github.com/localstack/localstack/blob/main/tests/aws/services/stepfunctions/v2/error_handling/test_task_service_dynamodb.snapshot.json
 */
export function serviceFailure(integration: Integration, answer: ServiceAnswer): TaskFailure {
  const table = SERVICE_ERRORS[integration];
  const known = awsErrorOf(integration, answer.code);
  if (known?.origin === "client") return new TaskFailure(known.stepFunctionsError, answer.message);
  const status = answer.httpStatus ?? known?.httpStatus ?? 400;
  return new TaskFailure(
    known?.stepFunctionsError ?? table.unmodeled,
    `${answer.message} (Service: ${table.sdkServiceName}; Status Code: ${status}; ` +
      `Error Code: ${answer.code}; Request ID: ${answer.requestId}; Proxy: null)`,
  );
}
