import { randomUUID } from "node:crypto";

import type { QueuedMessage } from "../../engine/integrations/sqs-send-message";
import type { DeployedQueue } from "../../model/deployment";
import { AwsError } from "./aws-error";
import { RequestFields } from "./request-fields";
import {
  messageAttributesOf,
  queueAttributesOf,
  selectedAttributes,
  systemAttributesOf,
} from "./sqs-attributes";
import {
  DEFAULT_VISIBILITY_TIMEOUT_SECONDS,
  invalidParameter,
  type LocalQueue,
  MAX_MESSAGE_BYTES,
  MAX_RECEIVE_MESSAGES,
  MAX_VISIBILITY_TIMEOUT_SECONDS,
  MAX_WAIT_TIME_SECONDS,
  md5,
  queueDoesNotExist,
  stored,
  visibleMessages,
} from "./sqs-queue";

/** The SQS operations the endpoint answers, as their X-Amz-Target names them after `AmazonSQS.`. */
export const SQS_OPERATIONS = [
  "SendMessage",
  "ReceiveMessage",
  "DeleteMessage",
  "ChangeMessageVisibility",
  "GetQueueAttributes",
  "GetQueueUrl",
] as const;

export type SqsOperation = (typeof SQS_OPERATIONS)[number];

/** How often a long poll (WaitTimeSeconds) looks for a message again. */
const LONG_POLL_INTERVAL_MS = 50;

/**
 * SQS's JSON API over the deployment's queues: the messages executions sent (taken from the simulator as they
 * appear) and those sent here, with receive, visibility timeout and delete as SQS does them (standard queues).
 */
export class SqsApi {
  private readonly queues: LocalQueue[];
  private taken = 0;

  constructor(
    queues: readonly DeployedQueue[],
    /** Every message executions have sent so far, in send order; read again before each request. */
    private readonly sentByExecutions: () => readonly QueuedMessage[],
    /** The URL clients reach the endpoint at, e.g. http://127.0.0.1:4566, for the queues' local URLs. */
    private readonly endpointUrl: () => string,
  ) {
    const now = Date.now();
    this.queues = queues.map((queue) => ({ queue, messages: [], createdTimestamp: now }));
  }

  /** A queue's URL at this endpoint: `<endpoint>/<account>/<name>`, as SQS's own URLs have it. */
  localUrlOf(queue: DeployedQueue): string {
    return `${this.endpointUrl()}${new URL(queue.url).pathname}`;
  }

  async handle(operation: SqsOperation, fields: RequestFields): Promise<object> {
    this.takeSent();
    switch (operation) {
      case "SendMessage":
        return this.sendMessage(fields);
      case "ReceiveMessage":
        return this.receiveMessage(fields);
      case "DeleteMessage":
        return this.deleteMessage(fields);
      case "ChangeMessageVisibility":
        return this.changeMessageVisibility(fields);
      case "GetQueueAttributes":
        return this.getQueueAttributes(fields);
      case "GetQueueUrl":
        return this.getQueueUrl(fields);
    }
  }

  private takeSent(): void {
    const sent = this.sentByExecutions();
    for (const message of sent.slice(this.taken)) {
      const local = this.queues.find((candidate) => candidate.queue.url === message.queueUrl);
      local?.messages.push(stored(message.body, message.messageAttributes));
    }
    this.taken = sent.length;
  }

  private sendMessage(fields: RequestFields): object {
    const local = this.queueOf(fields);
    const body = fields.optionalString("MessageBody");
    if (body === undefined || body === "") {
      throw new AwsError("MissingParameter", "The request must contain the parameter MessageBody.");
    }
    if (Buffer.byteLength(body) > MAX_MESSAGE_BYTES) {
      throw invalidParameter(
        `One or more parameters are invalid. Reason: Message must be shorter than ${MAX_MESSAGE_BYTES} bytes.`,
      );
    }
    const attributes = messageAttributesOf(fields.optionalRecord("MessageAttributes"));
    const message = stored(body, attributes);
    local.messages.push(message);
    return {
      MessageId: message.messageId,
      MD5OfMessageBody: md5(body),
    };
  }

  private async receiveMessage(fields: RequestFields): Promise<object> {
    const local = this.queueOf(fields);
    const max = fields.optionalInteger("MaxNumberOfMessages", 1, MAX_RECEIVE_MESSAGES) ?? 1;
    const visibility =
      fields.optionalInteger("VisibilityTimeout", 0, MAX_VISIBILITY_TIMEOUT_SECONDS) ??
      DEFAULT_VISIBILITY_TIMEOUT_SECONDS;
    const waitSeconds = fields.optionalInteger("WaitTimeSeconds", 0, MAX_WAIT_TIME_SECONDS) ?? 0;
    const attributeNames = [
      ...(fields.optionalStringList("AttributeNames") ?? []),
      ...(fields.optionalStringList("MessageSystemAttributeNames") ?? []),
    ];
    const messageAttributeNames = fields.optionalStringList("MessageAttributeNames") ?? [];
    fields.optionalString("ReceiveRequestAttemptId");

    // A long poll answers as soon as a message is visible, or empty once the wait is over.
    const deadline = Date.now() + waitSeconds * 1000;
    let visible = visibleMessages(local, max);
    while (visible.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(LONG_POLL_INTERVAL_MS, deadline - Date.now())),
      );
      this.takeSent();
      visible = visibleMessages(local, max);
    }
    const now = Date.now();
    return {
      Messages: visible.map((message) => {
        message.receiveCount += 1;
        message.firstReceiveTimestamp ??= now;
        message.visibleAt = now + visibility * 1000;
        message.receiptHandle = Buffer.from(`${message.messageId}:${randomUUID()}`).toString("base64");
        const attributes = systemAttributesOf(message, attributeNames);
        const selected = selectedAttributes(message.messageAttributes, messageAttributeNames);
        return {
          MessageId: message.messageId,
          ReceiptHandle: message.receiptHandle,
          MD5OfBody: md5(message.body),
          Body: message.body,
          ...(Object.keys(attributes).length === 0 ? {} : { Attributes: attributes }),
          ...(selected === undefined ? {} : { MessageAttributes: selected }),
        };
      }),
    };
  }

  private deleteMessage(fields: RequestFields): object {
    const local = this.queueOf(fields);
    const index = this.indexOfHandle(local, fields.requiredString("ReceiptHandle"));
    // SQS accepts the latest receipt handle of a message; an older one of a message received again is refused.
    if (index >= 0) local.messages.splice(index, 1);
    return {};
  }

  private changeMessageVisibility(fields: RequestFields): object {
    const local = this.queueOf(fields);
    const handle = fields.requiredString("ReceiptHandle");
    const timeout = fields.optionalInteger("VisibilityTimeout", 0, MAX_VISIBILITY_TIMEOUT_SECONDS);
    if (timeout === undefined) {
      throw new AwsError("MissingParameter", "The request must contain the parameter VisibilityTimeout.");
    }
    const message = local.messages[this.indexOfHandle(local, handle)];
    if (message === undefined || message.visibleAt <= Date.now()) {
      throw new AwsError("MessageNotInflight", "The message referred to isn't in flight.");
    }
    message.visibleAt = Date.now() + timeout * 1000;
    return {};
  }

  private getQueueAttributes(fields: RequestFields): object {
    const local = this.queueOf(fields);
    return queueAttributesOf(local, fields.optionalStringList("AttributeNames") ?? []);
  }

  private getQueueUrl(fields: RequestFields): object {
    const name = fields.requiredString("QueueName");
    fields.optionalString("QueueOwnerAWSAccountId");
    const local = this.queues.find((candidate) => candidate.queue.name === name);
    if (local === undefined) throw queueDoesNotExist(this.queues);
    return { QueueUrl: this.localUrlOf(local.queue) };
  }

  private indexOfHandle(local: LocalQueue, handle: string): number {
    const index = local.messages.findIndex((message) => message.receiptHandle === handle);
    if (index >= 0) return index;
    const issued = Buffer.from(handle, "base64").toString("utf8");
    if (local.messages.some((message) => issued.startsWith(`${message.messageId}:`))) {
      // An older handle of a message received again since: SQS ignores the delete.
      return -1;
    }
    // A handle of a message deleted already succeeds too: SQS deletes at most once, and says nothing.
    if (/^[0-9a-f-]{36}:[0-9a-f-]{36}$/.test(issued)) return -1;
    throw new AwsError(
      "ReceiptHandleIsInvalid",
      `The input receipt handle "${handle}" is not a valid receipt handle.`,
    );
  }

  private queueOf(fields: RequestFields): LocalQueue {
    const url = fields.requiredString("QueueUrl");
    let path: string;
    try {
      path = new URL(url).pathname;
    } catch {
      throw new AwsError("InvalidAddress", `The address ${url} is not valid for this endpoint.`);
    }
    // The deployment's URL (how Task states name the queue) and the local one (how --serve prints it) both work.
    const local = this.queues.find(
      (candidate) => candidate.queue.url === url || new URL(candidate.queue.url).pathname === path,
    );
    if (local === undefined) throw queueDoesNotExist(this.queues);
    return local;
  }
}
