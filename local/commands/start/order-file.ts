import { readFile } from "node:fs/promises";
import * as path from "node:path";

import type { JsonValue } from "../../model/json";
import { quoted, UsageError } from "./usage-error";

const ORDER_FILE_RULE =
  "a JSON array of orders, or JSON lines (one JSON value per line, blank lines allowed)";

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function tryParse(
  text: string,
): { readonly ok: true; readonly value: JsonValue } | { readonly ok: false; readonly error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch (error) {
    return { ok: false, error: messageOf(error) };
  }
}

/**
 * The orders of an `--orders` file. A file that is one JSON array holds the orders; otherwise each non-blank
 * line is one order, so a file of one order per line may also start with an array.
 */
export function parseOrderFile(text: string, file: string): JsonValue[] {
  const whole = tryParse(text);
  if (whole.ok && Array.isArray(whole.value)) return nonEmpty(whole.value, file);
  const lines = text.split(/\r?\n/);
  const firstLine = lines.find((line) => line.trim() !== "") ?? "";
  // A multi-line array with a syntax error: the whole-file error says where, a per-line one would not.
  if (!whole.ok && firstLine.trim().startsWith("[") && !tryParse(firstLine).ok) {
    throw new UsageError(`--orders ${quoted(file)} is not a JSON array (${whole.error})`, ORDER_FILE_RULE);
  }
  const orders: JsonValue[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    const parsed = tryParse(line);
    if (!parsed.ok) {
      throw new UsageError(
        `--orders ${quoted(file)} line ${index + 1} is not JSON (${parsed.error})`,
        ORDER_FILE_RULE,
      );
    }
    orders.push(parsed.value);
  }
  return nonEmpty(orders, file);
}

function nonEmpty(orders: JsonValue[], file: string): JsonValue[] {
  if (orders.length === 0) throw new UsageError(`--orders ${quoted(file)} holds no orders`, ORDER_FILE_RULE);
  return orders;
}

/** `file` as the user typed it: npm runs scripts from the project root, and says in INIT_CWD where they ran it. */
export async function readOrderFile(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<JsonValue[]> {
  let text: string;
  try {
    text = await readFile(path.resolve(env.INIT_CWD ?? process.cwd(), file), "utf8");
  } catch (error) {
    throw new UsageError(`--orders ${quoted(file)} cannot be read (${messageOf(error)})`, ORDER_FILE_RULE);
  }
  return parseOrderFile(text, file);
}
