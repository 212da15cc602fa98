import { randomUUID } from "node:crypto";

/**
 * The metadata Step Functions adds to an AWS service integration's result: the HTTP status and the service's
 * request id (a fresh one where the local service gives none).
 */
export function sdkMetadata(
  requestId: string = randomUUID(),
  httpStatusCode = 200,
): {
  readonly SdkHttpMetadata: { readonly HttpStatusCode: number };
  readonly SdkResponseMetadata: { readonly RequestId: string };
} {
  return {
    SdkHttpMetadata: { HttpStatusCode: httpStatusCode },
    SdkResponseMetadata: { RequestId: requestId },
  };
}
