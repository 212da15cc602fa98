import {
  coversQualified,
  coversUnqualified,
  isVersionQualifier,
  parseStateMachineArn,
} from "../../policy/lib/state-machine-arns";

const NAME = "order-workflow-prod-state-machine";
const SM = `arn:aws:states:us-east-1:123456789012:stateMachine:${NAME}`;

describe("parseStateMachineArn", () => {
  test.each<[unknown, ReturnType<typeof parseStateMachineArn>]>([
    [SM, { arn: SM, unqualified: SM, name: NAME, qualifier: undefined }],
    [`${SM}:live`, { arn: `${SM}:live`, unqualified: SM, name: NAME, qualifier: "live" }],
    [`${SM}:12`, { arn: `${SM}:12`, unqualified: SM, name: NAME, qualifier: "12" }],
    [`arn:aws:states:us-east-1:123456789012:execution:${NAME}:run`, undefined],
    [`arn:aws:states:*:*:stateMachine:${NAME}`, undefined],
    [`${SM}/mapLabel`, undefined],
    [42, undefined],
  ])("reads %p", (value, parts) => {
    expect(parseStateMachineArn(value)).toEqual(parts);
  });

  test.each([
    ["3", true],
    ["live", false],
    ["v3", false],
  ])("takes %p for a version: %p", (qualifier, version) => {
    expect(isVersionQualifier(qualifier)).toBe(version);
  });
});

describe("IAM Resource patterns against a state machine's ARNs", () => {
  test.each<[string, boolean, boolean]>([
    // pattern, covers the unqualified ARN, covers a qualified ARN
    [SM, true, false],
    [`${SM}:live`, false, true],
    [`${SM}:*`, false, true],
    [`${SM}*`, true, true],
    ["*", true, true],
    ["arn:aws:states:*", true, true],
    ["arn:aws:states:*:*:stateMachine:order-workflow-prod-*", true, true],
    ["arn:aws:states:us-east-1:123456789012:stateMachine:order-workflow-dev-*", false, false],
    ["arn:aws:states:us-east-1:123456789012:stateMachine:order-workflow-prod-state-machin?", true, false],
    [`arn:aws:states:us-east-1:123456789012:execution:${NAME}:*`, false, false],
    [`arn:aws:states:us-east-1:123456789012:stateMachine:${NAME}-other`, false, false],
    [`arn:aws-cn:states:cn-north-1:123456789012:stateMachine:${NAME}`, true, false],
  ])("%p: unqualified %p, qualified %p", (pattern, unqualified, qualified) => {
    expect([coversUnqualified(pattern, NAME), coversQualified(pattern, NAME)]).toEqual([
      unqualified,
      qualified,
    ]);
  });
});
