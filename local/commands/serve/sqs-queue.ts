import { createHash, randomUUID } from "node:crypto";

import type { SqsMessageAttribute } from "../../engine/integrations/sqs-send-message";
import type { DeployedQueue } from "../../model/deployment";
import { AwsError } from "./aws-error";

/**
 * SQS's defaults and limits. @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html
 * and https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html
 */
export const DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 30;
export const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;
export const MAX_RECEIVE_MESSAGES = 10;
export const MAX_WAIT_TIME_SECONDS = 20;
export const MAX_MESSAGE_BYTES = 262_144;

/** One message in a local queue, with what receives and visibility timeouts have done to it. */
export interface StoredMessage {
  readonly messageId: string;
  readonly body: string;
  readonly messageAttributes?: Readonly<Record<string, SqsMessageAttribute>>;
  readonly sentTimestamp: number;
  receiveCount: number;
  firstReceiveTimestamp?: number;
  visibleAt: number;
  receiptHandle?: string;
}

/** One of the deployment's queues as the endpoint holds it (a standard queue). */
export interface LocalQueue {
  readonly queue: DeployedQueue;
  readonly messages: StoredMessage[];
  readonly createdTimestamp: number;
}

export function invalidParameter(message: string): AwsError {
  return new AwsError("InvalidParameterValue", message);
}

export function queueDoesNotExist(queues: readonly LocalQueue[]): AwsError {
  return new AwsError(
    "QueueDoesNotExist",
    `The specified queue does not exist. The local endpoint has: ${queues.map((local) => local.queue.name).join(", ") || "no queue"}`,
  );
}

export function stored(
  body: string,
  messageAttributes?: Readonly<Record<string, SqsMessageAttribute>>,
): StoredMessage {
  return {
    messageId: randomUUID(),
    body,
    ...(messageAttributes === undefined ? {} : { messageAttributes }),
    sentTimestamp: Date.now(),
    receiveCount: 0,
    visibleAt: 0,
  };
}

export function visibleMessages(local: LocalQueue, max: number): StoredMessage[] {
  const now = Date.now();
  return local.messages.filter((message) => message.visibleAt <= now).slice(0, max);
}

export function md5(text: string): string {
  return createHash("md5").update(text).digest("hex");
}
