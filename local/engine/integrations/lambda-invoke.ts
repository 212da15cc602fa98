import type { JsonObject, JsonValue } from "../../model/json";
import type { LambdaFunctionPool, LambdaInvocation } from "../lambda/lambda-function-pool";
import type { LambdaErrorPayload } from "../lambda/lambda-worker-protocol";
import { TaskFailure } from "../task-failure";
import { sdkMetadata } from "./sdk-metadata";

/**
 * Step Functions reports a function's own error under the runtime's errorType, not under a `Lambda.` name, with
 * the error payload as JSON for Cause; a payload that names no errorType is `Lambda.Unknown`.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/tutorial-handling-error-conditions.html
 */
export function functionErrorFailure(error: LambdaErrorPayload): TaskFailure {
  return new TaskFailure(error.errorType === "" ? "Lambda.Unknown" : error.errorType, JSON.stringify(error));
}

/**
 * arn:aws:states:::lambda:invoke. The result has the shape Step Functions returns; a function error fails the
 * task as Step Functions reports it (functionErrorFailure).
 */
export async function invokeLambda(
  pool: LambdaFunctionPool,
  payload: JsonValue,
  onInvoked: (invocation: LambdaInvocation) => void,
): Promise<JsonObject> {
  const invocation = await pool.invoke(payload);
  onInvoked(invocation);
  const { outcome } = invocation;
  if (outcome.kind === "failed") throw functionErrorFailure(outcome.error);
  return {
    ExecutedVersion: "$LATEST",
    Payload: outcome.payload,
    ...sdkMetadata(invocation.requestId),
    StatusCode: 200,
  };
}
