/** The kinds of order the bench sends; see ORDER_KIND_HELP for what each one means. */
export const ORDER_KINDS = ["valid", "invalid", "decline", "fault"] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

/** The share of orders of each kind; the shares sum to 1. */
export type Mix = Readonly<Record<OrderKind, number>>;

export const DEFAULT_MIX: Mix = { valid: 0.7, invalid: 0.1, decline: 0.1, fault: 0.1 };

export const ORDER_KIND_HELP: Readonly<Record<OrderKind, string>> = {
  valid: "a valid order, authorized on the first attempt",
  invalid: "a generated bad order (bad or missing field, not an object): recorded INVALID, never paid",
  decline:
    "a valid order the gateway declines k times, k uniform in 1..(decline retries + 1): AUTHORIZED after " +
    "its declines, or FAILED_AUTH when k exceeds the decline retrier",
  fault:
    "a valid order whose Lambda, DynamoDB and SNS calls meet transient faults, never more than each " +
    "state's retrier retries: AUTHORIZED",
};

/** Floating-point shares such as 0.7 + 0.1 + 0.1 + 0.1 do not add up to exactly 1. */
const SUM_TOLERANCE = 1e-9;

const MIX_RULE = `comma-separated kind=share pairs, kinds ${ORDER_KINDS.join(", ")}, each share from 0 to 1, summing to 1`;

/** Parses `valid=0.7,invalid=0.1,...`; a kind left out gets share 0. Throws one line naming what is wrong. */
export function parseMix(text: string): Mix {
  const shares: Record<OrderKind, number> = { valid: 0, invalid: 0, decline: 0, fault: 0 };
  const seen = new Set<string>();
  for (const pair of text.split(",")) {
    const [kind = "", share, ...rest] = pair.split("=").map((part) => part.trim());
    if (share === undefined || rest.length > 0) {
      throw new Error(`${JSON.stringify(pair)} is not kind=share; expected ${MIX_RULE}`);
    }
    if (!isOrderKind(kind)) {
      throw new Error(`unknown kind ${JSON.stringify(kind)}; expected ${MIX_RULE}`);
    }
    if (seen.has(kind)) throw new Error(`kind ${kind} is given twice; expected ${MIX_RULE}`);
    seen.add(kind);
    const value = /^(?:\d+(?:\.\d*)?|\.\d+)$/.test(share) ? Number(share) : Number.NaN;
    if (!(value >= 0 && value <= 1)) {
      throw new Error(`share of ${kind} is ${JSON.stringify(share)}; expected ${MIX_RULE}`);
    }
    shares[kind] = value;
  }
  const sum = ORDER_KINDS.reduce((total, kind) => total + shares[kind], 0);
  if (Math.abs(sum - 1) > SUM_TOLERANCE) {
    throw new Error(`shares sum to ${Number(sum.toFixed(9))}; expected ${MIX_RULE}`);
  }
  return shares;
}

function isOrderKind(value: string): value is OrderKind {
  return (ORDER_KINDS as readonly string[]).includes(value);
}

/** `valid=0.7,invalid=0.1,...`, as --mix takes it. */
export function formatMix(mix: Mix): string {
  return ORDER_KINDS.map((kind) => `${kind}=${mix[kind]}`).join(",");
}
