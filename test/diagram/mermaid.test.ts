import { LAMBDA_TRANSIENT_RETRIER } from "../../components/asl";
import type { DiagramDefinition } from "../../local/commands/diagram/asl-view";
import { renderMermaid } from "../../local/commands/diagram/mermaid";

const LAMBDA = "arn:aws:states:::lambda:invoke";
const PUT_ITEM = "arn:aws:states:::dynamodb:putItem";

test("renders a Task, a Choice with its rules and Default, and the Start and End markers", () => {
  const definition: DiagramDefinition = {
    StartAt: "Check",
    States: {
      Check: { Type: "Task", Resource: LAMBDA, Next: "Ok?" },
      "Ok?": {
        Type: "Choice",
        Choices: [{ Variable: "$.validation.isValid", BooleanEquals: true, Next: "Save" }],
        Default: "Rejected",
      },
      Save: { Type: "Task", Resource: PUT_ITEM, End: true },
      Rejected: { Type: "Succeed" },
    },
  };
  expect(renderMermaid(definition)).toBe(
    [
      "flowchart TD",
      '  start_marker(("Start"))',
      '  Check["Check<br/>Lambda Invoke"]',
      '  Ok_{"Ok?"}',
      '  Save["Save<br/>DynamoDB PutItem"]',
      '  Rejected(["Rejected<br/>Succeed"])',
      '  end_marker(("End"))',
      "  start_marker --> Check",
      "  Check --> Ok_",
      '  Ok_ -->|"$.validation.isValid == true"| Save',
      '  Ok_ -->|"Default"| Rejected',
      "  Save --> end_marker",
      "  Rejected --> end_marker",
      "",
    ].join("\n"),
  );
});

test("shows retries in the Task's label and catches as dashed edges naming the errors", () => {
  const definition: DiagramDefinition = {
    StartAt: "Charge",
    States: {
      Charge: {
        Type: "Task",
        Resource: LAMBDA,
        Retry: [
          { ErrorEquals: [...LAMBDA_TRANSIENT_RETRIER.ErrorEquals], MaxAttempts: 3 },
          // Retries nothing: it only keeps its errors from the retriers after it, so the label leaves it out.
          { ErrorEquals: ["Gateway.Refused"], MaxAttempts: 0 },
          { ErrorEquals: ["PaymentDeclinedError"], MaxAttempts: 2 },
          { ErrorEquals: ["Gateway.Timeout", "Gateway.Busy"] },
        ],
        Catch: [
          { ErrorEquals: ["PaymentDeclinedError", "Gateway.Timeout"], Next: "Pause" },
          { ErrorEquals: ["States.ALL"], Next: "Broken" },
        ],
        Next: "Done",
      },
      Pause: { Type: "Wait", Seconds: 30, Next: "Noted" },
      Noted: { Type: "Pass", End: true },
      Broken: { Type: "Fail", Error: "Charge.Failed", Cause: "no payment" },
      Done: { Type: "Succeed" },
    },
  };
  expect(renderMermaid(definition)).toBe(
    [
      "flowchart TD",
      '  start_marker(("Start"))',
      '  Charge["Charge<br/>Lambda Invoke<br/>retries: Lambda transient ×3, PaymentDeclinedError ×2, Gateway.Timeout / Gateway.Busy ×3"]',
      '  Done(["Done<br/>Succeed"])',
      '  Pause{{"Pause<br/>Wait 30 s"}}',
      '  Broken[["Broken<br/>Fail: Charge.Failed"]]',
      '  Noted("Noted<br/>Pass")',
      '  end_marker(("End"))',
      "  start_marker --> Charge",
      "  Charge --> Done",
      '  Charge -.->|"catch: PaymentDeclinedError / Gateway.Timeout"| Pause',
      '  Charge -.->|"catch: States.ALL"| Broken',
      "  Done --> end_marker",
      "  Pause --> Noted",
      "  Broken --> end_marker",
      "  Noted --> end_marker",
      "",
    ].join("\n"),
  );
});

test("gives states valid, unique ids and escapes Mermaid's special characters in labels", () => {
  const definition: DiagramDefinition = {
    StartAt: 'Say "hi" [now]',
    States: {
      'Say "hi" [now]': { Type: "Pass", Next: "end" },
      end: { Type: "Pass", Next: "order" },
      order: { Type: "Pass", Next: "a|b" },
      "a|b": { Type: "Pass", Next: "a-b" },
      "a-b": { Type: "Pass", Next: "1st {x} (y) <z> #;" },
      "1st {x} (y) <z> #;": { Type: "Pass", Next: "end_marker" },
      end_marker: { Type: "Succeed" },
    },
  };
  const lines = renderMermaid(definition).split("\n");
  expect(lines.slice(2, 9)).toEqual([
    '  Say__hi___now_("Say #34;hi#34; #91;now#93;<br/>Pass")',
    '  state_end("end<br/>Pass")',
    '  state_order("order<br/>Pass")',
    '  a_b("a#124;b<br/>Pass")',
    '  a_b_2("a-b<br/>Pass")',
    '  state_1st__x___y___z____("1st #123;x#125; #40;y#41; #60;z#62; #35;#59;<br/>Pass")',
    '  end_marker_2(["end_marker<br/>Succeed"])',
  ]);
  expect(lines).toContain("  a_b --> a_b_2");
  expect(lines).toContain("  end_marker_2 --> end_marker");
});

test("shows the Wait state's path or timestamp when it sets no seconds", () => {
  const definition: DiagramDefinition = {
    StartAt: "Hold",
    States: {
      Hold: { Type: "Wait", TimestampPath: "$.releaseAt", Next: "Go" },
      Go: { Type: "Succeed" },
    },
  };
  expect(renderMermaid(definition).split("\n")[2]).toBe('  Hold{{"Hold<br/>Wait $.releaseAt"}}');
});

test("names a Task resource that is not an optimized integration as well as its ARN allows", () => {
  const definition: DiagramDefinition = {
    StartAt: "A",
    States: {
      A: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:123456789012:function:fn-a", Next: "B" },
      B: { Type: "Task", Resource: "arn:aws:states:::ecs:runTask.sync", Next: "C" },
      C: { Type: "Task", Resource: "arn:aws:states:::aws-sdk:s3:getObject", Next: "D" },
      D: { Type: "Task", Resource: "arn:aws:states:us-east-1:123456789012:activity:approve", End: true },
    },
  };
  expect(renderMermaid(definition).split("\n").slice(2, 6)).toEqual([
    '  A["A<br/>Lambda function fn-a"]',
    '  B["B<br/>ECS RunTask.sync"]',
    '  C["C<br/>AWS SDK s3 GetObject"]',
    '  D["D<br/>Activity approve"]',
  ]);
});

test.each([
  [
    "a Parallel state",
    { Type: "Parallel", Branches: [], End: true },
    "State `Fan out` (Parallel): the diagram does not render Parallel or Map states yet; only Task, Choice, Pass, Wait, Succeed and Fail.",
  ],
  [
    "a Map state",
    { Type: "Map", ItemProcessor: { StartAt: "X", States: { X: { Type: "Succeed" } } }, End: true },
    "State `Fan out` (Map): the diagram does not render Parallel or Map states yet; only Task, Choice, Pass, Wait, Succeed and Fail.",
  ],
  [
    "a state goes to a state the definition does not have",
    { Type: "Pass", Next: "Nowhere" },
    "State `Fan out` (Pass) goes to `Nowhere`, which the definition does not have.",
  ],
  ["a state has neither Next nor End", { Type: "Pass" }, "State `Fan out` (Pass) has neither Next nor End."],
] as const)("fails when %s", (_case, state, message) => {
  const definition = { StartAt: "Fan out", States: { "Fan out": state } } as DiagramDefinition;
  expect(() => renderMermaid(definition)).toThrow(message);
});

test("fails when StartAt names a state the definition does not have", () => {
  expect(() => renderMermaid({ StartAt: "Begin", States: { Other: { Type: "Succeed" } } })).toThrow(
    "StartAt names `Begin`, which the definition does not have.",
  );
});
