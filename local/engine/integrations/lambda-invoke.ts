import type { JsonObject, JsonValue } from "../../model/json";
import type { LambdaFunctionPool, LambdaInvocation } from "../lambda/lambda-function-pool";
import { TaskFailure } from "../task-failure";

/**
 * arn:aws:states:::lambda:invoke. The result has the shape Step Functions returns; a function error fails the
 * task with Error = the runtime's errorType and Cause = the error payload as JSON, as Step Functions shows it.
 */
export async function invokeLambda(
  pool: LambdaFunctionPool,
  payload: JsonValue,
  onInvoked: (invocation: LambdaInvocation) => void,
): Promise<JsonObject> {
  const invocation = await pool.invoke(payload);
  onInvoked(invocation);
  const { outcome } = invocation;
  if (outcome.kind === "failed")
    throw new TaskFailure(outcome.error.errorType, JSON.stringify(outcome.error));
  return {
    ExecutedVersion: "$LATEST",
    Payload: outcome.payload,
    SdkHttpMetadata: { HttpStatusCode: 200 },
    SdkResponseMetadata: { RequestId: invocation.requestId },
    StatusCode: 200,
  };
}
