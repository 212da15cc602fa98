/**
 * State machine ARNs, qualified and not, and whether an IAM `Resource` pattern covers one.
 *
 * `arn:<partition>:states:<region>:<account>:stateMachine:<name>` is the unqualified ARN: a start with it runs
 * the latest definition. `…:<name>:<qualifier>` names a published version (a number) or an alias.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/execution-alias-version-associate.html
 */

const STATE_MACHINE_ARN = /^arn:([^:*?]+):states:([^:*?]*):([^:*?]*):stateMachine:([^:*?/]+)(?::([^:*?]+))?$/;

/** A state machine ARN taken apart; `qualifier` is a version number or an alias name. */
export interface StateMachineArn {
  readonly arn: string;
  /** The ARN without its qualifier. */
  readonly unqualified: string;
  readonly name: string;
  readonly qualifier: string | undefined;
}

/** The parts of a literal state machine ARN, or `undefined` for anything else (a pattern, another ARN). */
export function parseStateMachineArn(value: unknown): StateMachineArn | undefined {
  if (typeof value !== "string") return undefined;
  const match = STATE_MACHINE_ARN.exec(value);
  if (match === null) return undefined;
  const [, partition = "", region = "", account = "", name = "", qualifier] = match;
  return {
    arn: value,
    unqualified: `arn:${partition}:states:${region}:${account}:stateMachine:${name}`,
    name,
    qualifier,
  };
}

/** A version qualifier is a number; an alias name is not one. */
export function isVersionQualifier(qualifier: string): boolean {
  return /^\d+$/.test(qualifier);
}

/** One character of a template, or a hole: any run of characters without `:` (an ARN segment). */
const HOLE = Symbol("segment");
type Token = string | typeof HOLE;

function literal(text: string): Token[] {
  // ARNs and IAM patterns are compared one UTF-16 unit at a time, as the walk below reads the pattern.
  return Array.from({ length: text.length }, (_, index) => text.charAt(index));
}

/** Every unqualified ARN of the state machine `name`, in any partition, region and account. */
function unqualifiedTemplate(name: string): Token[] {
  return [
    ...literal("arn:"),
    HOLE,
    ...literal(":states:"),
    HOLE,
    ...literal(":"),
    HOLE,
    ...literal(":stateMachine:"),
    ...literal(name),
  ];
}

/**
 * Whether some string matches both the IAM pattern (`*` any run of characters, `?` any one character, as
 * IAM reads `Resource`) and the template. The two are walked together; a hole and a `*` may each take any
 * number of characters, so the walk tries each way one of them ends.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards
 */
function intersects(pattern: string, template: readonly Token[]): boolean {
  const memo = new Map<number, boolean>();
  const walk = (i: number, j: number): boolean => {
    const key = i * (template.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const p = pattern[i];
    const t = template[j];
    let result: boolean;
    if (p === undefined && t === undefined) result = true;
    else if (p === "*") result = walk(i + 1, j) || (t !== undefined && walk(i, j + 1));
    else if (t === HOLE) result = walk(i, j + 1) || (p !== undefined && p !== ":" && walk(i + 1, j));
    else if (p === undefined || t === undefined) result = false;
    else result = (p === "?" || p === t) && walk(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return walk(0, 0);
}

/** Whether an IAM `Resource` pattern matches an unqualified ARN of the state machine `name` (`"*"` does). */
export function coversUnqualified(pattern: string, name: string): boolean {
  return intersects(pattern, unqualifiedTemplate(name));
}

/** Whether an IAM `Resource` pattern matches some version or alias ARN of the state machine `name`. */
export function coversQualified(pattern: string, name: string): boolean {
  return intersects(pattern, [...unqualifiedTemplate(name), ":", HOLE]);
}
