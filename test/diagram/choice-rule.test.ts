import { renderChoiceRule } from "../../local/commands/diagram/choice-rule";

const WHERE = "State `Route` (Choice)";

test.each([
  [{ Variable: "$.isValid", BooleanEquals: true, Next: "A" }, "$.isValid == true"],
  [{ Variable: "$.status", StringEquals: 'say "no"', Next: "A" }, '$.status == "say \\"no\\""'],
  [{ Variable: "$.amount", NumericGreaterThanEquals: 100, Next: "A" }, "$.amount >= 100"],
  [{ Variable: "$.amount", NumericLessThanPath: "$.limit", Next: "A" }, "$.amount < $.limit"],
  [
    { Variable: "$.at", TimestampLessThan: "2026-01-01T00:00:00Z", Next: "A" },
    '$.at < "2026-01-01T00:00:00Z"',
  ],
  [{ Variable: "$.name", StringMatches: "order-*", Next: "A" }, '$.name matches "order-*"'],
  [{ Variable: "$.orderId", IsPresent: false, Next: "A" }, "$.orderId is not present"],
  [{ Variable: "$.orderId", IsString: true, Next: "A" }, "$.orderId is a string"],
  [
    {
      And: [
        { Variable: "$.a", NumericEquals: 1 },
        { Or: [{ Variable: "$.b", IsNull: true }, { Not: { Variable: "$.c", BooleanEquals: false } }] },
      ],
      Next: "A",
    },
    "$.a == 1 and ($.b is null or not ($.c == false))",
  ],
  [{ Condition: "{% $states.input.total > 10 %}", Next: "A" }, "{% $states.input.total > 10 %}"],
])("renders %j as %s", (rule, expected) => {
  expect(renderChoiceRule(rule, WHERE)).toBe(expected);
});

test.each([
  ["an operator ASL does not have", { Variable: "$.a", NumberEquals: 1, Next: "A" }],
  ["a rule has two tests", { Variable: "$.a", IsPresent: true, IsNull: false, Next: "A" }],
  ["a rule has no test", { Variable: "$.a", Next: "A" }],
  ["a comparison has no Variable", { NumericEquals: 1, Next: "A" }],
  ["And is empty", { And: [], Next: "A" }],
])("fails when %s", (_case, rule) => {
  expect(() => renderChoiceRule(rule, WHERE)).toThrow(
    `State \`Route\` (Choice) has a rule the diagram cannot render: ${JSON.stringify(rule)}.`,
  );
});
