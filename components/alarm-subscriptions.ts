import { describeValue } from "./validation";

/**
 * The protocols SNS subscribes an endpoint with, each with the endpoint it takes. `firehose` is left out: SNS
 * delivers to Data Firehose only through a subscription role (`SubscriptionRoleArn`), which no setting here takes.
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html
 */
export const SNS_PROTOCOLS = [
  "http",
  "https",
  "email",
  "email-json",
  "sms",
  "sqs",
  "lambda",
  "application",
] as const;
export type SnsProtocol = (typeof SNS_PROTOCOLS)[number];

/** One subscriber of the operations topic. */
export interface AlarmSubscription {
  /** How SNS delivers to the endpoint; one of {@link SNS_PROTOCOLS}. */
  readonly protocol: SnsProtocol;
  /**
   * Where SNS delivers, in the form its protocol takes: an email address, an http(s) URL, an E.164 phone number,
   * or the ARN of an SQS queue, a Lambda function or a mobile platform endpoint. Email and http(s) endpoints
   * must confirm the subscription before they receive anything; a queue or function must let SNS deliver to it.
   */
  readonly endpoint: string;
}

const ARN_ENDPOINTS = {
  sqs: {
    pattern: /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/,
    shape: "an SQS queue ARN (arn:<partition>:sqs:<region>:<account>:<queue name>)",
  },
  lambda: {
    pattern:
      /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]{1,128})?$/,
    shape: "a Lambda function ARN (arn:<partition>:lambda:<region>:<account>:function:<name>)",
  },
  application: {
    pattern: /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:endpoint\/[A-Za-z_]+\/[^/\s]+\/[A-Za-z0-9-]+$/,
    shape:
      "a mobile platform endpoint ARN (arn:<partition>:sns:<region>:<account>:endpoint/<platform>/<application>/<id>)",
  },
} as const;

/**
 * SNS sends SMS to phone numbers in E.164 form.
 * @see https://docs.aws.amazon.com/sns/latest/dg/sms_publish-to-phone.html
 */
const E164 = /^\+[1-9]\d{1,14}$/;

/** What is wrong with an email address, or undefined when it has the shape SNS needs. */
export function emailProblem(address: string): string | undefined {
  if (address.length > 254) return "it is longer than 254 characters";
  if (/\s/.test(address)) return "it contains whitespace";
  const parts = address.split("@");
  if (parts.length === 1) return 'it has no "@"';
  if (parts.length > 2) return 'it has more than one "@"';
  const [local = "", domain = ""] = parts;
  if (local === "") return 'nothing comes before the "@"';
  if (!/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(domain)) {
    return `its domain ${describeValue(domain)} is not a dotted host name such as example.com`;
  }
  return undefined;
}

function urlProblem(scheme: "http" | "https", endpoint: string): string | undefined {
  const shape = `an ${scheme}:// URL such as ${scheme}://hooks.example.com/alarms`;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return shape;
  }
  return url.protocol === `${scheme}:` && url.hostname !== "" && endpoint.startsWith(`${scheme}://`)
    ? undefined
    : shape;
}

/** What is wrong with an endpoint for its protocol, as "not <what it takes>[: <why>]", or undefined. */
function endpointProblem(protocol: SnsProtocol, endpoint: string): string | undefined {
  switch (protocol) {
    case "email":
    case "email-json": {
      const problem = emailProblem(endpoint);
      return problem === undefined ? undefined : `an email address such as oncall@example.com: ${problem}`;
    }
    case "http":
    case "https":
      return urlProblem(protocol, endpoint);
    case "sms":
      return E164.test(endpoint) ? undefined : "a phone number in E.164 form such as +15555550100";
    case "sqs":
    case "lambda":
    case "application":
      return ARN_ENDPOINTS[protocol].pattern.test(endpoint) ? undefined : ARN_ENDPOINTS[protocol].shape;
  }
}

/**
 * What is wrong with one subscription, phrased to follow the name of the field that holds it, or undefined when
 * SNS can subscribe it.
 */
export function subscriptionProblem(protocol: unknown, endpoint: unknown): string | undefined {
  if (protocol === "firehose") {
    return "has protocol firehose, which needs a subscription role that this setting does not take; use another protocol";
  }
  if (typeof protocol !== "string" || !(SNS_PROTOCOLS as readonly string[]).includes(protocol)) {
    return `has protocol ${describeValue(protocol)}; SNS subscribes ${SNS_PROTOCOLS.join(", ")}`;
  }
  if (typeof endpoint !== "string") return `has an endpoint for ${protocol} that is not a string`;
  const problem = endpointProblem(protocol as SnsProtocol, endpoint);
  return problem === undefined ? undefined : `has an endpoint for ${protocol} that is not ${problem}`;
}

/**
 * Checks the subscribers of the operations topic: at least one, each one SNS can subscribe, none twice.
 * `field` names the list as the caller's args do.
 */
export function assertSubscriptions(field: string, value: unknown): readonly AlarmSubscription[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new Error(
      `\`${field}\` must name at least one subscriber, such as { protocol: "email", endpoint: "oncall@example.com" }: an alarm that notifies nobody pages nobody. Received: ${describeValue(value)}.`,
    );
  }
  const seen = new Set<string>();
  value.forEach((subscription: unknown, index) => {
    const { protocol, endpoint } =
      typeof subscription === "object" && subscription !== null
        ? (subscription as Record<string, unknown>)
        : { protocol: undefined, endpoint: undefined };
    const problem = subscriptionProblem(protocol, endpoint);
    if (problem !== undefined) {
      throw new Error(`\`${field}[${index}]\` ${problem}. Received: ${describeValue(subscription)}.`);
    }
    const key = `${String(protocol)}:${String(endpoint)}`;
    if (seen.has(key)) {
      throw new Error(`\`${field}\` lists ${describeValue(key)} twice; list each subscriber once.`);
    }
    seen.add(key);
  });
  return value as readonly AlarmSubscription[];
}
