/**
 * A parser for the intrinsic functions of payload templates (`"field.$": "States.Format('{}', $.a)"`), for
 * what asl-validator does not check: nesting, names, arity and `States.Format` placeholders.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 */

export type IntrinsicArgument =
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "literal"; readonly value: boolean | null }
  | { readonly kind: "path"; readonly value: string }
  | IntrinsicCall;

export interface IntrinsicCall {
  readonly kind: "call";
  readonly name: string;
  readonly args: readonly IntrinsicArgument[];
}

/** Arity of each intrinsic function: [least, most] arguments. */
export const INTRINSIC_ARITY: Readonly<Record<string, readonly [number, number]>> = {
  "States.Format": [1, Infinity],
  "States.StringToJson": [1, 1],
  "States.JsonToString": [1, 1],
  "States.Array": [0, Infinity],
  "States.ArrayPartition": [2, 2],
  "States.ArrayContains": [2, 2],
  "States.ArrayRange": [3, 3],
  "States.ArrayGetItem": [2, 2],
  "States.ArrayLength": [1, 1],
  "States.ArrayUnique": [1, 1],
  "States.Base64Encode": [1, 1],
  "States.Base64Decode": [1, 1],
  "States.Hash": [2, 2],
  "States.JsonMerge": [3, 3],
  "States.MathRandom": [2, 3],
  "States.MathAdd": [2, 2],
  "States.StringSplit": [2, 2],
  "States.UUID": [0, 0],
};

/** AWS allows intrinsic functions nested up to this depth in one field. */
export const MAX_INTRINSIC_NESTING = 10;

class Parser {
  private position = 0;

  constructor(private readonly source: string) {}

  fail(message: string): never {
    const where = this.position < this.source.length ? `at character ${this.position + 1}` : "at the end";
    throw new Error(`${message} ${where} of ${JSON.stringify(this.source)}`);
  }

  parseWhole(): IntrinsicCall {
    const call = this.call(1);
    this.skipSpaces();
    if (this.position < this.source.length) this.fail("unexpected text after the closing parenthesis");
    return call;
  }

  private skipSpaces(): void {
    while (this.source[this.position] === " ") this.position++;
  }

  private call(depth: number): IntrinsicCall {
    if (depth > MAX_INTRINSIC_NESTING)
      this.fail(`intrinsic functions nested deeper than ${MAX_INTRINSIC_NESTING}`);
    const name = /^States\.[A-Za-z0-9]+/.exec(this.source.slice(this.position))?.[0];
    if (name === undefined) this.fail("expected an intrinsic function such as States.Format(");
    this.position += name.length;
    if (this.source[this.position] !== "(") this.fail(`expected '(' after ${name}`);
    this.position++;
    const args: IntrinsicArgument[] = [];
    this.skipSpaces();
    if (this.source[this.position] === ")") {
      this.position++;
      return { kind: "call", name, args };
    }
    for (;;) {
      this.skipSpaces();
      args.push(this.argument(depth));
      this.skipSpaces();
      const next = this.source[this.position];
      if (next !== ")" && next !== ",") this.fail(`expected ',' or ')' in the arguments of ${name}`);
      this.position++;
      if (next === ")") return { kind: "call", name, args };
    }
  }

  private argument(depth: number): IntrinsicArgument {
    const rest = this.source.slice(this.position);
    if (rest.startsWith("'")) return this.stringLiteral();
    if (rest.startsWith("States.")) return this.call(depth + 1);
    if (rest.startsWith("$")) {
      const path = /^\$\$?[^,)\s]*/.exec(rest)?.[0] ?? "$";
      this.position += path.length;
      return { kind: "path", value: path };
    }
    const number = /^-?\d+(\.\d+)?/.exec(rest)?.[0];
    if (number !== undefined) {
      this.position += number.length;
      return { kind: "number", value: Number(number) };
    }
    const literal = /^(true|false|null)\b/.exec(rest)?.[0];
    if (literal !== undefined) {
      this.position += literal.length;
      return { kind: "literal", value: literal === "null" ? null : literal === "true" };
    }
    return this.fail("expected a string in single quotes, a number, a path or an intrinsic function");
  }

  private stringLiteral(): IntrinsicArgument {
    let value = "";
    this.position++;
    while (this.position < this.source.length) {
      const char = this.source.charAt(this.position);
      if (char === "\\") {
        const escaped = this.source[this.position + 1];
        if (escaped === undefined || !"'{}\\".includes(escaped))
          this.fail("unknown escape in a string literal");
        value += `\\${escaped}`;
        this.position += 2;
        continue;
      }
      this.position++;
      if (char === "'") return { kind: "string", value };
      value += char;
    }
    return this.fail("unterminated string literal");
  }
}

export function parseIntrinsic(source: string): IntrinsicCall {
  return new Parser(source).parseWhole();
}

/** Placeholders `{}` in a States.Format template, escaped braces `\{` not counted. */
function placeholderCount(template: string): number {
  return template.replace(/\\[{}]/g, "").split("{}").length - 1;
}

/** Problems with every call in a parsed expression: unknown names, wrong arity, Format placeholders. */
export function intrinsicProblems(call: IntrinsicCall): string[] {
  const problems: string[] = [];
  const arity = INTRINSIC_ARITY[call.name];
  if (arity === undefined) {
    problems.push(`${call.name} is not an intrinsic function`);
  } else if (call.args.length < arity[0] || call.args.length > arity[1]) {
    const expected =
      arity[0] === arity[1]
        ? `${arity[0]}`
        : arity[1] === Infinity
          ? `at least ${arity[0]}`
          : `${arity[0]} to ${arity[1]}`;
    problems.push(`${call.name} takes ${expected} argument(s), not ${call.args.length}`);
  }
  const [template, ...values] = call.args;
  if (
    call.name === "States.Format" &&
    template?.kind === "string" &&
    placeholderCount(template.value) !== values.length
  ) {
    problems.push(
      `States.Format has ${placeholderCount(template.value)} placeholder(s) for ${values.length} value(s)`,
    );
  }
  for (const arg of call.args) {
    if (arg.kind === "call") problems.push(...intrinsicProblems(arg));
  }
  return problems;
}
