/**
 * A Choice rule as one readable line, e.g. `$.validation.isValid == true`, for any rule ASL allows: data-test
 * comparisons (literal or `…Path`), type tests, And/Or/Not, and JSONata `Condition`s.
 * @see https://states-language.net/spec.html#choice-state
 */

/** Each data-test operator, literal or with a `Path` suffix, as the comparison it makes. */
const COMPARISONS: Readonly<Record<string, string>> = {
  StringEquals: "==",
  StringLessThan: "<",
  StringGreaterThan: ">",
  StringLessThanEquals: "<=",
  StringGreaterThanEquals: ">=",
  NumericEquals: "==",
  NumericLessThan: "<",
  NumericGreaterThan: ">",
  NumericLessThanEquals: "<=",
  NumericGreaterThanEquals: ">=",
  BooleanEquals: "==",
  TimestampEquals: "==",
  TimestampLessThan: "<",
  TimestampGreaterThan: ">",
  TimestampLessThanEquals: "<=",
  TimestampGreaterThanEquals: ">=",
};

const TYPE_TESTS: Readonly<Record<string, string>> = {
  IsNull: "null",
  IsPresent: "present",
  IsNumeric: "numeric",
  IsString: "a string",
  IsBoolean: "a boolean",
  IsTimestamp: "a timestamp",
};

/** Fields of a rule that are not its test. */
const NOT_A_TEST = new Set(["Variable", "Next", "Comment", "Assign", "Output"]);

function fields(rule: object): Readonly<Record<string, unknown>> {
  return Object.fromEntries(Object.entries(rule));
}

function composite(rule: object, where: string): string {
  const rendered = renderChoiceRule(rule, where);
  return /^(not |\()/.test(rendered) || !/ (and|or) /.test(rendered) ? rendered : `(${rendered})`;
}

export function renderChoiceRule(rule: object, where: string): string {
  const { Variable: variable, ...rest } = fields(rule);
  const tests = Object.entries(rest).filter(([key]) => !NOT_A_TEST.has(key));
  const [test, ...more] = tests;
  const fail = (): never => {
    throw new Error(`${where} has a rule the diagram cannot render: ${JSON.stringify(rule)}.`);
  };
  if (test === undefined || more.length > 0) return fail();
  const [operator, operand] = test;

  if (operator === "Condition" && typeof operand === "string") return operand;
  if ((operator === "And" || operator === "Or") && Array.isArray(operand) && operand.length > 0) {
    return operand
      .map((nested: unknown) =>
        typeof nested === "object" && nested !== null ? composite(nested, where) : fail(),
      )
      .join(` ${operator.toLowerCase()} `);
  }
  if (operator === "Not" && typeof operand === "object" && operand !== null && !Array.isArray(operand)) {
    return `not (${renderChoiceRule(operand, where)})`;
  }
  if (typeof variable !== "string") return fail();
  const typeTest = TYPE_TESTS[operator];
  if (typeTest !== undefined && typeof operand === "boolean") {
    return `${variable} is ${operand ? "" : "not "}${typeTest}`;
  }
  if (operator === "StringMatches" && typeof operand === "string") {
    return `${variable} matches ${JSON.stringify(operand)}`;
  }
  const byPath = operator.endsWith("Path");
  const comparison = COMPARISONS[byPath ? operator.slice(0, -"Path".length) : operator];
  if (comparison === undefined) return fail();
  if (byPath) return typeof operand === "string" ? `${variable} ${comparison} ${operand}` : fail();
  return `${variable} ${comparison} ${JSON.stringify(operand)}`;
}
