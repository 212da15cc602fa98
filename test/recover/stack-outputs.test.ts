import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { parseFailureMessage } from "../../local/commands/recover/failure-message";
import { findOutputs } from "../../local/commands/recover/stack-outputs";

const ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:sm";
const ALIAS = `${ARN}:live`;
const URL = "https://sqs.us-east-1.amazonaws.com/123456789012/q";
const OUTPUTS = { stateMachineArn: ARN, liveAliasArn: ALIAS, failureQueueUrl: URL };
const noPulumi = () => ({ problem: "the Pulumi CLI is not installed" });

describe("findOutputs", () => {
  it("reads the environment --serve exports", () => {
    expect(
      findOutputs({
        stack: "dev",
        env: { STATE_MACHINE_ARN: ARN, LIVE_ALIAS_ARN: ALIAS, FAILURE_QUEUE_URL: URL },
        pulumi: noPulumi,
      }),
    ).toEqual(OUTPUTS);
  });

  it("takes what the environment lacks from the Pulumi CLI", () => {
    expect(
      findOutputs({
        stack: "dev",
        env: { STATE_MACHINE_ARN: ARN },
        pulumi: () => ({ outputs: { failureQueueUrl: URL, liveAliasArn: ALIAS, stateMachineArn: "other" } }),
      }),
    ).toEqual(OUTPUTS);
  });

  it("reads --outputs <file>", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "recover-"));
    try {
      const file = path.join(dir, "outputs.json");
      writeFileSync(file, JSON.stringify({ ...OUTPUTS, stateMachineVersionArn: `${ARN}:1`, tableName: "t" }));
      expect(findOutputs({ stack: "dev", file, env: {} })).toEqual(OUTPUTS);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fails when outputs are missing, naming each and how to get it", () => {
    expect(() =>
      findOutputs({
        stack: "prod",
        env: { STATE_MACHINE_ARN: ARN, FAILURE_QUEUE_URL: URL },
        pulumi: noPulumi,
      }),
    ).toThrow(
      "stack prod: missing output `liveAliasArn`; looked in the environment (STATE_MACHINE_ARN, LIVE_ALIAS_ARN, FAILURE_QUEUE_URL), " +
        "then `pulumi stack output --json --stack prod` (the Pulumi CLI is not installed). " +
        'Provide LIVE_ALIAS_ARN="$(pulumi stack output liveAliasArn --stack prod)", ' +
        "or --outputs <file> holding `pulumi stack output --json --stack prod`, or deploy the stack so that it has them " +
        "(`liveAliasArn` exists once the stack is deployed with its live alias)",
    );
    expect(() => findOutputs({ stack: "dev", env: {}, pulumi: noPulumi })).toThrow(
      "stack dev: missing outputs `stateMachineArn`, `liveAliasArn`, `failureQueueUrl`;",
    );
  });

  it.each([
    [
      "an alias of another state machine",
      `${ARN}-other:live`,
      `\`liveAliasArn\` ${ARN}-other:live is an alias of ${ARN}-other, not of \`stateMachineArn\` ${ARN}; the outputs must come from one stack`,
    ],
    [
      "a version ARN",
      `${ARN}:1`,
      `\`liveAliasArn\` must be an alias ARN (arn:<partition>:states:<region>:<account>:stateMachine:<name>:<alias name>). Received: ${ARN}:1`,
    ],
    [
      "the unqualified ARN",
      ARN,
      `\`liveAliasArn\` must be an alias ARN (arn:<partition>:states:<region>:<account>:stateMachine:<name>:<alias name>). Received: ${ARN}`,
    ],
  ])("fails when liveAliasArn is %s", (_what, liveAliasArn, message) => {
    expect(() =>
      findOutputs({
        stack: "dev",
        env: { STATE_MACHINE_ARN: ARN, LIVE_ALIAS_ARN: liveAliasArn, FAILURE_QUEUE_URL: URL },
        pulumi: noPulumi,
      }),
    ).toThrow(message);
  });
});

describe("parseFailureMessage", () => {
  it("reads a Catch message: the execution ARN, the order and the error", () => {
    expect(
      parseFailureMessage(
        JSON.stringify({
          executionArn: "arn:x",
          state: { orderKey: "o-1", order: { orderId: "o-1" }, failure: { Error: "E" } },
        }),
      ),
    ).toEqual({
      kind: "catch",
      executionArn: "arn:x",
      input: '{"orderId":"o-1"}',
      error: "E",
      orderId: "o-1",
    });
  });

  it("reads a status-change event", () => {
    expect(
      parseFailureMessage(
        JSON.stringify({
          "detail-type": "Step Functions Execution Status Change",
          detail: { executionArn: "arn:y", status: "TIMED_OUT", input: '{"orderId":"o-2"}' },
        }),
      ),
    ).toEqual({
      kind: "status-change",
      executionArn: "arn:y",
      input: '{"orderId":"o-2"}',
      error: "execution TIMED_OUT",
      orderId: "o-2",
    });
  });

  it("fails on anything else, saying what it expected", () => {
    expect(parseFailureMessage("[]")).toEqual({ kind: "unknown", problem: "the body is not a JSON object" });
  });
});
