import { functionsLogWithRetention } from "../../policy/rules";
import { type ResourceUnderTest, runStackPolicy, urnOf } from "./policy-harness";
import { resource, TYPES } from "./resources";

function logGroup(name: string, retentionInDays: unknown): ResourceUnderTest {
  return resource(TYPES.logGroup, `${name}-logs`, { name, retentionInDays });
}

function lambda(props: Readonly<Record<string, unknown>>): ResourceUnderTest {
  return resource(TYPES.function, "validate", props);
}

describe("functions-log-with-retention", () => {
  test.each<[string, readonly ResourceUnderTest[]]>([
    [
      "a function whose loggingConfig.logGroup is the stack's, with a retention",
      [
        logGroup("/custom/validate", 7),
        lambda({ name: "validate", loggingConfig: { logFormat: "JSON", logGroup: "/custom/validate" } }),
      ],
    ],
    [
      "a function without loggingConfig whose /aws/lambda/<name> group is the stack's",
      [logGroup("/aws/lambda/validate", 90), lambda({ name: "validate" })],
    ],
  ])("passes %s", async (_, resources) => {
    expect(await runStackPolicy(functionsLogWithRetention, resources)).toEqual({
      violations: [],
      notApplicable: [],
    });
  });

  test.each<[string, readonly ResourceUnderTest[], string]>([
    [
      "fails when Lambda would create the default log group itself",
      [lambda({ name: "validate" })],
      'Lambda function "validate" logs to "/aws/lambda/validate", which is not a log group of this stack; allowed: a log group created in this stack with retentionInDays, named by loggingConfig.logGroup or /aws/lambda/<name>.',
    ],
    [
      "fails when loggingConfig.logGroup names a group the stack does not create",
      [
        logGroup("/aws/lambda/validate", 7),
        lambda({ name: "validate", loggingConfig: { logGroup: "/shared/lambda" } }),
      ],
      'Lambda function "validate" logs to "/shared/lambda", which is not a log group of this stack; allowed: a log group created in this stack with retentionInDays, named by loggingConfig.logGroup or /aws/lambda/<name>.',
    ],
    [
      "fails when the function's log group has no retention",
      [logGroup("/aws/lambda/validate", undefined), lambda({ name: "validate" })],
      'Lambda function "validate" logs to log group "/aws/lambda/validate", whose retentionInDays is undefined; allowed: a whole number of days greater than 0 (0 or none keeps logs forever).',
    ],
    [
      "fails when the function has neither a name nor a log group",
      [logGroup("/aws/lambda/validate", 7), lambda({})],
      'Lambda function "validate" has neither a name nor loggingConfig.logGroup, so its log group cannot be known; allowed: a name, or loggingConfig.logGroup naming a log group of this stack.',
    ],
  ])("%s", async (_, resources, message) => {
    const fn = resources.find((candidate) => candidate.type === TYPES.function);
    if (fn === undefined) throw new Error("Each case has a function.");
    expect(await runStackPolicy(functionsLogWithRetention, resources)).toEqual({
      violations: [{ policy: "functions-log-with-retention", message, urn: urnOf(fn) }],
      notApplicable: [],
    });
  });

  test("does not apply to a stack without a function", async () => {
    expect(await runStackPolicy(functionsLogWithRetention, [logGroup("/aws/lambda/validate", 7)])).toEqual({
      violations: [],
      notApplicable: ["The stack has no Lambda function."],
    });
  });
});
