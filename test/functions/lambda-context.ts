import type { Context } from "aws-lambda";

/** A Lambda context as the Node.js runtime passes it, with `remainingMs` left before the function times out. */
export function lambdaContext(remainingMs: number, functionName = "test-authorize-payment"): Context {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: "128",
    awsRequestId: "00000000-0000-4000-8000-000000000000",
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    // The type still declares the callback-era methods the runtime sets; nothing here calls them.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    done: () => undefined,
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    fail: () => undefined,
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    succeed: () => undefined,
  };
}
