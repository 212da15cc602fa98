import {
  intrinsicProblems,
  lintDefinition,
  parseIntrinsic,
  type StateMachineDefinition,
} from "../../components/asl";

describe("parseIntrinsic", () => {
  test("parses nested calls, paths, literals and escapes", () => {
    expect(
      parseIntrinsic(
        "States.Format('Order {} \\{ok\\}: {}', $.orderKey, States.JsonToString($.errors[0]), 3, true)",
      ),
    ).toEqual({
      kind: "call",
      name: "States.Format",
      args: [
        { kind: "string", value: "Order {} \\{ok\\}: {}" },
        { kind: "path", value: "$.orderKey" },
        { kind: "call", name: "States.JsonToString", args: [{ kind: "path", value: "$.errors[0]" }] },
        { kind: "number", value: 3 },
        { kind: "literal", value: true },
      ],
    });
  });

  test.each([
    ["States.Format('x {}', $.a", "expected ',' or ')' in the arguments of States.Format at the end"],
    ["States.Format('x {}, $.a)", "unterminated string literal at the end"],
    ["States.Format('x {}', $.a))", "unexpected text after the closing parenthesis at character 27"],
    [
      "States.Format('x', @)",
      "expected a string in single quotes, a number, a path or an intrinsic function at character 20",
    ],
    ["States.Format", "expected '(' after States.Format at the end"],
    ["States.Format('\\n')", "unknown escape in a string literal at character 16"],
  ])("fails when the expression is malformed: %s", (source, message) => {
    expect(() => parseIntrinsic(source)).toThrow(`${message} of ${JSON.stringify(source)}`);
  });

  test("fails when calls nest deeper than AWS allows", () => {
    const eleven = `${"States.Array(".repeat(11)}$.a${")".repeat(11)}`;
    const ten = `${"States.Array(".repeat(10)}$.a${")".repeat(10)}`;
    expect(() => parseIntrinsic(ten)).not.toThrow();
    expect(() => parseIntrinsic(eleven)).toThrow(
      "intrinsic functions nested deeper than 10 at character 131",
    );
  });
});

describe("intrinsicProblems", () => {
  test.each([
    ["States.Format('{} and {}', $.a, $.b)", []],
    ["States.UUID()", []],
    ["States.Format('{} and {}', $.a)", ["States.Format has 2 placeholder(s) for 1 value(s)"]],
    ["States.Format('\\{}', $.a)", ["States.Format has 0 placeholder(s) for 1 value(s)"]],
    ["States.JsonToString($.a, $.b)", ["States.JsonToString takes 1 argument(s), not 2"]],
    ["States.MathRandom($.a)", ["States.MathRandom takes 2 to 3 argument(s), not 1"]],
    ["States.Format()", ["States.Format takes at least 1 argument(s), not 0"]],
    ["States.Array(States.Concat($.a))", ["States.Concat is not an intrinsic function"]],
  ])("%s", (source, problems) => {
    expect(intrinsicProblems(parseIntrinsic(source))).toEqual(problems);
  });
});

describe("lintDefinition", () => {
  const definition = (
    parameters: Record<string, string>,
    resource = "arn:aws:states:::sns:publish",
  ): StateMachineDefinition => ({
    StartAt: "A",
    States: {
      A: {
        Type: "Parallel",
        Branches: [
          {
            StartAt: "B",
            States: { B: { Type: "Task", Resource: resource, Parameters: parameters, End: true } },
          },
        ],
        End: true,
      },
    },
  });

  test("accepts paths and well-formed intrinsics, in nested branches too", () => {
    expect(
      lintDefinition(
        definition({
          "Message.$": "States.Format('{}', States.JsonToString($.a))",
          "Subject.$": "$$.Execution.Name",
        }),
      ),
    ).toEqual([]);
  });

  test("fails when a nested intrinsic is malformed", () => {
    expect(
      lintDefinition(definition({ "Message.$": "States.Format('{}', States.JsonToString($.a)" })),
    ).toEqual([
      "State `B` field `Parameters.Message.$`: expected ',' or ')' in the arguments of States.Format at the end of \"States.Format('{}', States.JsonToString($.a)\".",
    ]);
  });

  test("fails when a dynamic field is neither a path nor an intrinsic", () => {
    expect(lintDefinition(definition({ "Message.$": "order" }))).toEqual([
      "State `B` field `Parameters.Message.$`: is neither a path nor an intrinsic function.",
    ]);
  });

  test("fails when a Task uses a resource outside the known integrations", () => {
    expect(lintDefinition(definition({}, "arn:aws:states:::aws-sdk:s3:getObject"))).toEqual([
      "Task state `B` uses resource `arn:aws:states:::aws-sdk:s3:getObject`; allowed: arn:<partition>:states::: followed by lambda:invoke, dynamodb:putItem, dynamodb:getItem, dynamodb:updateItem, dynamodb:deleteItem, sns:publish, sqs:sendMessage.",
    ]);
  });
});
