/**
 * JSON for files reviewed in pull requests: keys sorted recursively so a diff shows what changed rather than
 * where a builder happened to put a field, laid out exactly as Prettier lays out a `.json` file, because
 * `npm run lint` checks every committed file with `prettier --check` (and Prettier's API cannot run under jest
 * without `--experimental-vm-modules`).
 */

/** Prettier's width for this project (.prettierrc.json). */
export const PRINT_WIDTH = 110;
const INDENT = "  ";

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

function isJson(value: unknown): value is Json {
  if (value === null || ["boolean", "number", "string"].includes(typeof value)) return true;
  if (Array.isArray(value)) return value.every(isJson);
  return typeof value === "object" && Object.values(value).every(isJson);
}

function toJson(value: unknown, what: string): Json {
  if (!isJson(value)) throw new Error(`${what} is not JSON data.`);
  return value;
}

/** The value with every object's keys in code-point order; arrays keep their order, which carries meaning. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeysDeep((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

function isJsonArray(value: Json): value is readonly Json[] {
  return Array.isArray(value);
}

function isScalarOrEmpty(value: Json): boolean {
  return typeof value !== "object" || value === null || Object.keys(value).length === 0;
}

function flat(value: Json): string {
  if (isJsonArray(value)) return `[${value.map(flat).join(", ")}]`;
  if (typeof value === "object" && value !== null) return Object.keys(value).length === 0 ? "{}" : "";
  return JSON.stringify(value);
}

/**
 * Prettier keeps an object broken when its source is, and always breaks an array holding a non-empty object;
 * an array of scalars stays on one line when it fits after its key, with the comma that follows it.
 */
function print(value: Json, depth: number, prefix: string, suffix: string): string {
  const indent = INDENT.repeat(depth);
  if (isJsonArray(value) && value.length > 0) {
    const oneLine = `${indent}${prefix}${flat(value)}${suffix}`;
    if (value.every(isScalarOrEmpty) && oneLine.length <= PRINT_WIDTH) return oneLine;
    const items = value.map((item, index) => print(item, depth + 1, "", index < value.length - 1 ? "," : ""));
    return [`${indent}${prefix}[`, ...items, `${indent}]${suffix}`].join("\n");
  }
  if (typeof value === "object" && value !== null && !isJsonArray(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return `${indent}${prefix}{}${suffix}`;
    const lines = entries.map(([key, item], index) =>
      print(item, depth + 1, `${JSON.stringify(key)}: `, index < entries.length - 1 ? "," : ""),
    );
    return [`${indent}${prefix}{`, ...lines, `${indent}}${suffix}`].join("\n");
  }
  return `${indent}${prefix}${flat(value)}${suffix}`;
}

/** Keys sorted recursively, 2-space indent, newline at the end. */
export function formatSortedJson(value: unknown, what: string): string {
  return `${print(toJson(sortKeysDeep(value), what), 0, "", "")}\n`;
}
