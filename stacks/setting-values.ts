import { type AlarmSubscription, assertTags, describeValue, subscriptionProblem } from "../components";

/** The tags every resource carries, set by the program, not by a stack. */
const RESERVED_TAGS = ["Application", "Environment"] as const;

/** Pulumi hands config to the program as strings; these turn them into the values the validators check. */
export function asBoolean(raw: string): boolean | string {
  return raw === "true" ? true : raw === "false" ? false : raw;
}

export function asNumber(raw: string): number | string {
  return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(raw) ? Number(raw) : raw;
}

export function parseJsonSetting(field: string, raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    throw new Error(
      `\`${field}\` must be a JSON event pattern such as {"source":["com.example.orders"]}, or "" for no trigger. ` +
        `Received: ${describeValue(raw)} (${error instanceof Error ? error.message : String(error)}).`,
      { cause: error },
    );
  }
}

const SUBSCRIBER_EXAMPLE = '"email:oncall@example.com"';

/**
 * The subscribers of the operations topic, as "<protocol>:<endpoint>" strings: "email:oncall@example.com",
 * "https:https://hooks.example.com/alarms", "sms:+15555550100". An empty list is a valid value; alarms refuse it.
 */
export function parseAlarmSubscribers(field: string, raw: string): AlarmSubscription[] {
  const entries = jsonOrText(raw);
  if (!Array.isArray(entries)) {
    throw new Error(
      `\`${field}\` must be a list of "<protocol>:<endpoint>" strings, such as ${SUBSCRIBER_EXAMPLE}. Received: ${describeValue(entries)}.`,
    );
  }
  const seen = new Set<string>();
  return (entries as unknown[]).map((entry, index) => {
    const at = `${field}[${index}]`;
    const separator = typeof entry === "string" ? entry.indexOf(":") : -1;
    if (typeof entry !== "string" || separator < 1) {
      throw new Error(
        `\`${at}\` must be "<protocol>:<endpoint>", such as ${SUBSCRIBER_EXAMPLE}. Received: ${describeValue(entry)}.`,
      );
    }
    const protocol = entry.slice(0, separator);
    const endpoint = entry.slice(separator + 1);
    const problem = subscriptionProblem(protocol, endpoint);
    if (problem !== undefined) throw new Error(`\`${at}\` ${problem}. Received: ${describeValue(entry)}.`);
    if (seen.has(entry)) {
      throw new Error(`\`${field}\` lists ${describeValue(entry)} twice; list each subscriber once.`);
    }
    seen.add(entry);
    return { protocol, endpoint } as AlarmSubscription;
  });
}

export function parseExtraTags(field: string, raw: string): Record<string, string> {
  const entries = jsonOrText(raw);
  if (!Array.isArray(entries)) {
    throw new Error(
      `\`${field}\` must be a list of "Key=Value" strings. Received: ${describeValue(entries)}.`,
    );
  }
  const tags: Record<string, string> = {};
  for (const entry of entries as unknown[]) {
    const match = typeof entry === "string" ? /^([^=]+)=(.*)$/.exec(entry) : null;
    const [, key, value] = match ?? [];
    if (key === undefined || value === undefined) {
      throw new Error(
        `\`${field}\` must be a list of "Key=Value" strings. Received the entry ${describeValue(entry)}.`,
      );
    }
    if ((RESERVED_TAGS as readonly string[]).includes(key)) {
      throw new Error(
        `\`${field}\` may not set ${RESERVED_TAGS.join(" or ")}; the program sets them. Received: ${describeValue(entry)}.`,
      );
    }
    tags[key] = value;
  }
  return assertTags(field, tags);
}

/** A list setting's value: JSON when it parses (a list, as Pulumi config sets it), else the text as it is. */
function jsonOrText(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}
