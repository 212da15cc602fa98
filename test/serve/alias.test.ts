import { cachedSynthesis } from "../../local/capture/synth-cache";
import { serveDeployment, type Served } from "../../local/commands/serve/serve";
import { serveDev } from "./serve-harness";

const STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:order-workflow-dev-state-machine";
const LIVE = `${STATE_MACHINE}:live`;
const VERSION = `${STATE_MACHINE}:1`;
const EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:order-workflow-dev-state-machine";
const ORDER = { orderId: "o-alias-1", amount: 25, currency: "USD" };

let served: Served;

beforeAll(async () => {
  served = await serveDev();
});

afterAll(async () => {
  await served.close();
});

/**
 * One request as the AWS CLI sends it (`aws stepfunctions <operation>`): a POST of the members as JSON, the
 * operation in X-Amz-Target, the AWS JSON 1.0 content type. Answers the status, the error type and the body.
 */
async function cli(operation: string, members: object) {
  const response = await fetch(served.endpoint.url, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": `AWSStepFunctions.${operation}`,
    },
    body: JSON.stringify(members),
  });
  return {
    status: response.status,
    errorType: response.headers.get("x-amzn-errortype"),
    body: (await response.json()) as Record<string, unknown>,
  };
}

async function ended(executionArn: string): Promise<Record<string, unknown>> {
  for (let poll = 0; poll < 300; poll += 1) {
    const { body } = await cli("DescribeExecution", { executionArn });
    if (body.status !== "RUNNING") return body;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${executionArn} did not end`);
}

describe("an execution started through the live alias", () => {
  let started: Awaited<ReturnType<typeof cli>>;

  beforeAll(async () => {
    started = await cli("StartExecution", {
      stateMachineArn: LIVE,
      name: "alias-1",
      input: JSON.stringify(ORDER),
    });
  });

  it("is started, under an execution ARN that names the state machine only", () => {
    expect(started).toEqual({
      status: 200,
      errorType: null,
      body: { executionArn: `${EXECUTION}:alias-1`, startDate: expect.any(Number) as unknown },
    });
  });

  it("is described with the unqualified state machine ARN, the alias and the version it ran", async () => {
    const described = await ended(`${EXECUTION}:alias-1`);
    expect(described).toEqual({
      executionArn: `${EXECUTION}:alias-1`,
      stateMachineArn: STATE_MACHINE,
      name: "alias-1",
      status: "SUCCEEDED",
      startDate: started.body.startDate,
      stopDate: expect.any(Number) as unknown,
      input: JSON.stringify(ORDER),
      inputDetails: { included: true },
      output: expect.any(String) as unknown,
      outputDetails: { included: true },
      stateMachineAliasArn: LIVE,
      stateMachineVersionArn: VERSION,
      redriveCount: 0,
      redriveStatus: "NOT_REDRIVABLE",
      redriveStatusReason: "Execution is SUCCEEDED and cannot be redriven",
    });
  });

  it("names the alias and the version in its ExecutionStarted event", async () => {
    await ended(`${EXECUTION}:alias-1`);
    const { body } = await cli("GetExecutionHistory", {
      executionArn: `${EXECUTION}:alias-1`,
      maxResults: 1,
    });
    expect((body.events as Record<string, unknown>[])[0]?.executionStartedEventDetails).toEqual({
      input: JSON.stringify(ORDER),
      inputDetails: { truncated: false },
      stateMachineAliasArn: LIVE,
      stateMachineVersionArn: VERSION,
    });
  });

  it.each([
    ["the state machine's ARN", STATE_MACHINE],
    ["the live alias's ARN", LIVE],
    ["the version's ARN (the alias routed it there)", VERSION],
  ])("is listed by %s, as ListExecutions lists it", async (_what, stateMachineArn) => {
    await ended(`${EXECUTION}:alias-1`);
    const { body } = await cli("ListExecutions", { stateMachineArn, statusFilter: "SUCCEEDED" });
    expect((body.executions as Record<string, unknown>[]).find((entry) => entry.name === "alias-1")).toEqual({
      executionArn: `${EXECUTION}:alias-1`,
      stateMachineArn: STATE_MACHINE,
      stateMachineAliasArn: LIVE,
      stateMachineVersionArn: VERSION,
      name: "alias-1",
      status: "SUCCEEDED",
      startDate: started.body.startDate,
      stopDate: expect.any(Number) as unknown,
      redriveCount: 0,
    });
  });
});

describe("what this stack's IAM would refuse", () => {
  const refusal = (arn: string, why: string) =>
    `Not authorized to perform: states:StartExecution on resource: ${arn}: this stack's IAM allows ` +
    `StartExecution only with states:StateMachineQualifier "live", and the local endpoint answers as that IAM ` +
    `would; ${why}. Start ${LIVE} (LIVE_ALIAS_ARN) instead`;

  it.each([
    [
      "the unqualified ARN",
      STATE_MACHINE,
      "the unqualified ARN carries no qualifier and runs the latest revision, bypassing the alias's rollout",
    ],
    [
      "a version ARN",
      VERSION,
      'a version ARN carries the qualifier "1" and pins that version, bypassing the alias\'s rollout',
    ],
    ["another alias", `${STATE_MACHINE}:beta`, 'the alias "beta" is not the stack\'s live alias'],
  ])(
    "fails when StartExecution names %s: AccessDeniedException naming the live alias, nothing started",
    async (_what, arn, why) => {
      const before = await cli("ListExecutions", { stateMachineArn: STATE_MACHINE });
      const answer = await cli("StartExecution", { stateMachineArn: arn, name: "refused", input: "{}" });
      expect(answer).toEqual({
        status: 400,
        errorType: "AccessDeniedException",
        body: { __type: "AccessDeniedException", message: refusal(arn, why) },
      });
      expect(await cli("ListExecutions", { stateMachineArn: STATE_MACHINE })).toEqual(before);
    },
  );

  it.each([
    [
      "another state machine's alias",
      "StateMachineDoesNotExist",
      "arn:aws:states:us-east-1:123456789012:stateMachine:other:live",
    ],
    ["an ARN with two qualifiers", "InvalidArn", `${LIVE}:extra`],
    ["an empty qualifier", "InvalidArn", `${STATE_MACHINE}:`],
  ])("fails when StartExecution names %s: %s", async (_what, errorType, stateMachineArn) => {
    expect(await cli("StartExecution", { stateMachineArn, input: "{}" })).toMatchObject({
      status: 400,
      errorType,
    });
  });
});

describe("ListExecutions' rules for a qualified ARN", () => {
  it.each([
    ["a version the endpoint does not have", `${STATE_MACHINE}:2`],
    ["an alias the endpoint does not have", `${STATE_MACHINE}:beta`],
  ])("fails with ResourceNotFound for %s", async (_what, stateMachineArn) => {
    expect(await cli("ListExecutions", { stateMachineArn })).toEqual({
      status: 400,
      errorType: "ResourceNotFound",
      body: {
        __type: "ResourceNotFound",
        message: `Resource Not Found: '${stateMachineArn}'; the local endpoint has the alias ${LIVE} and the version ${VERSION}`,
      },
    });
  });

  it("fails when the statusFilter is PENDING_REDRIVE, which needs a mapRunArn", async () => {
    expect(
      await cli("ListExecutions", { stateMachineArn: LIVE, statusFilter: "PENDING_REDRIVE" }),
    ).toMatchObject({ status: 400, errorType: "ValidationException" });
  });

  it("refuses a nextToken issued for another stateMachineArn", async () => {
    for (const name of ["page-1", "page-2"]) {
      await cli("StartExecution", { stateMachineArn: LIVE, name, input: JSON.stringify(ORDER) });
    }
    const first = await cli("ListExecutions", { stateMachineArn: LIVE, maxResults: 1 });
    expect(typeof first.body.nextToken).toBe("string");
    expect(
      await cli("ListExecutions", { stateMachineArn: STATE_MACHINE, nextToken: first.body.nextToken }),
    ).toMatchObject({ status: 400, errorType: "InvalidToken" });
  });
});

test("the exports name the state machine, its version and the live alias, from the stack outputs", () => {
  expect(served.exports.filter((line) => /STATE_MACHINE_ARN|VERSION_ARN|ALIAS_ARN/.test(line))).toEqual([
    `export STATE_MACHINE_ARN='${STATE_MACHINE}'`,
    `export STATE_MACHINE_VERSION_ARN='${VERSION}'`,
    `export LIVE_ALIAS_ARN='${LIVE}'`,
  ]);
});

test("fails to serve when the outputs name no version of the state machine", async () => {
  const { deployment, outputs } = await cachedSynthesis("dev");
  await expect(
    serveDeployment(deployment, { ...outputs, stateMachineVersionArn: LIVE }, { port: 0 }),
  ).rejects.toThrow(
    `The stack outputs must name \`stateMachineVersionArn\`, a version of ${STATE_MACHINE} (<ARN>:<number>), ` +
      `for the live alias to run. Received: "${LIVE}".`,
  );
});
