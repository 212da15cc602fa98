import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { parseFailureMessage } from "../../local/commands/recover/failure-message";
import { findOutputs } from "../../local/commands/recover/stack-outputs";

const ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:sm";
const URL = "https://sqs.us-east-1.amazonaws.com/123456789012/q";
const noPulumi = () => ({ problem: "the Pulumi CLI is not installed" });

describe("findOutputs", () => {
  it("reads the environment --serve exports", () => {
    expect(
      findOutputs({
        stack: "dev",
        env: { STATE_MACHINE_ARN: ARN, FAILURE_QUEUE_URL: URL },
        pulumi: noPulumi,
      }),
    ).toEqual({
      stateMachineArn: ARN,
      failureQueueUrl: URL,
    });
  });

  it("takes what the environment lacks from the Pulumi CLI", () => {
    expect(
      findOutputs({
        stack: "dev",
        env: { STATE_MACHINE_ARN: ARN },
        pulumi: () => ({ outputs: { failureQueueUrl: URL, stateMachineArn: "other" } }),
      }),
    ).toEqual({ stateMachineArn: ARN, failureQueueUrl: URL });
  });

  it("reads --outputs <file>", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "recover-")), "outputs.json");
    writeFileSync(file, JSON.stringify({ stateMachineArn: ARN, failureQueueUrl: URL, tableName: "t" }));
    expect(findOutputs({ stack: "dev", file, env: {} })).toEqual({
      stateMachineArn: ARN,
      failureQueueUrl: URL,
    });
  });

  it("fails when outputs are missing, naming each and how to provide it", () => {
    expect(() => findOutputs({ stack: "prod", env: { STATE_MACHINE_ARN: ARN }, pulumi: noPulumi })).toThrow(
      "stack prod: missing output `failureQueueUrl`; looked in the environment (STATE_MACHINE_ARN, FAILURE_QUEUE_URL), " +
        "then `pulumi stack output --json --stack prod` (the Pulumi CLI is not installed). Provide FAILURE_QUEUE_URL=<failureQueueUrl>, " +
        "or --outputs <file> holding `pulumi stack output --json --stack prod`, or deploy the stack so that it has them",
    );
    expect(() => findOutputs({ stack: "dev", env: {}, pulumi: noPulumi })).toThrow(
      "stack dev: missing outputs `stateMachineArn`, `failureQueueUrl`;",
    );
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
