import { STATES } from "../../components/order-definition";
import { cachedSynthesis } from "../../local/capture/synth-cache";
import type { Deployment } from "../../local/engine";
import {
  ExecutionNotRedrivableError,
  type InjectedFault,
  LocalSimulator,
  type TaskCall,
} from "../../local/engine/simulator";
import { withGateway } from "./harness";

const PROD_TABLE = "order-workflow-prod-orders";
const PROD_QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/order-workflow-prod-failures";
const DAY_MS = 24 * 60 * 60 * 1000;

let prod: Deployment;

beforeAll(async () => {
  prod = (await cachedSynthesis("prod")).deployment;
});

/** A status-change event as the failure queue holds it. */
interface StatusChange {
  readonly "detail-type": string;
  readonly source: string;
  readonly resources: string[];
  readonly detail: {
    readonly executionArn: string;
    readonly name: string;
    readonly status: string;
    readonly error: string | null;
    readonly cause: string | null;
    readonly startDate: number;
    readonly stopDate: number;
    readonly input: string;
    readonly redriveCount: number;
    readonly redriveStatus: string;
  };
}

function statusChanges(simulator: LocalSimulator): StatusChange[] {
  return simulator
    .queuedMessages()
    .filter((message) => message.ruleName !== undefined)
    .map((message) => {
      expect(message.queueUrl).toBe(PROD_QUEUE_URL);
      return JSON.parse(message.body) as StatusChange;
    });
}

test("prod captures its failed executions with a rule on the status-change events, into the failure queue", () => {
  expect(prod.workflowType).toBe("STANDARD");
  expect(prod.failureCapture).toEqual({
    ruleName: "order-workflow-prod-failed-executions-rule",
    ruleArn: "arn:aws:events:us-east-1:123456789012:rule/order-workflow-prod-failed-executions-rule",
    queueUrl: PROD_QUEUE_URL,
    statuses: ["FAILED", "TIMED_OUT", "ABORTED"],
  });
});

describe("DynamoDB down for a while after the payments were authorized", () => {
  const ORDERS = [
    { orderId: "o-redrive-1", amount: 10, currency: "USD" },
    { orderId: "o-redrive-2", amount: 20, currency: "EUR" },
    { orderId: "o-redrive-3", amount: 30, currency: "GBP" },
  ];
  let simulator: LocalSimulator;
  let dynamoDbDown = true;
  const calls: TaskCall[] = [];

  function injectFault(call: TaskCall): InjectedFault | undefined {
    calls.push(call);
    return dynamoDbDown && call.integration === "dynamodb:putItem"
      ? { code: "InternalServerError", message: `injected #${call.attempt}` }
      : undefined;
  }

  beforeAll(async () => {
    simulator = await LocalSimulator.start(withGateway(prod, { failureRate: "0" }), {
      retryDelay: "skip",
      injectFault,
    });
  });

  afterAll(async () => {
    await simulator.close();
  });

  test("each execution fails at the Persist state, is in the queue, and its redrive records it once, paid once", async () => {
    const failed = await Promise.all(
      ORDERS.map((order) => simulator.run(order, { executionName: `down-${order.orderId}` })),
    );
    for (const report of failed) {
      expect([report.status, report.error]).toEqual(["FAILED", "DynamoDB.InternalServerErrorException"]);
      expect(report.statesEntered).toEqual([
        STATES.validate,
        STATES.isValid,
        STATES.authorize,
        STATES.persistAuthorized,
      ]);
    }
    expect(await simulator.items(PROD_TABLE)).toEqual([]);

    // The queue holds one status-change event per execution, whatever the order of their ends.
    const queued = statusChanges(simulator);
    expect(queued.map((event) => event.detail.name).sort()).toEqual(
      failed.map((r) => r.executionName).sort(),
    );
    for (const event of queued) {
      const report = failed.find((candidate) => candidate.executionArn === event.detail.executionArn);
      expect(event).toMatchObject({
        "detail-type": "Step Functions Execution Status Change",
        source: "aws.states",
        resources: [event.detail.executionArn],
        detail: {
          status: "FAILED",
          error: "DynamoDB.InternalServerErrorException",
          cause: report?.cause,
          redriveCount: 0,
          redriveStatus: "REDRIVABLE",
        },
      });
      expect(JSON.parse(event.detail.input)).toEqual(
        ORDERS.find((order) => `down-${order.orderId}` === event.detail.name),
      );
      expect(event.detail.startDate).toBeLessThanOrEqual(event.detail.stopDate);
    }

    dynamoDbDown = false;
    const beforeRedrive = calls.length;
    const redriven = await Promise.all(
      queued.map((event) => {
        expect(simulator.redriveStatus(event.detail.name)).toEqual({
          status: "REDRIVABLE",
          reason: "Execution can be redriven",
        });
        return simulator.redrive(event.detail.name).report;
      }),
    );

    const records = await simulator.items(PROD_TABLE);
    for (const report of redriven) {
      const original = failed.find((candidate) => candidate.executionName === report.executionName);
      expect(report.status).toBe("SUCCEEDED");
      expect(report.executionArn).toBe(original?.executionArn);
      // The history is the original's, then ExecutionRedriven, then the redrive, from the failed state on.
      const redrivenAt = report.events.findIndex((event) => event.type === "ExecutionRedriven");
      expect(report.events.slice(0, redrivenAt)).toEqual(original?.events);
      expect(report.events[redrivenAt]).toEqual({
        type: "ExecutionRedriven",
        timestamp: expect.any(Number) as unknown,
        redriveCount: 1,
      });
      const after = report.events.slice(redrivenAt + 1);
      const failedEntry = original?.events.findLast((event) => event.type === "StateEntered");
      expect(after[0]).toMatchObject({ type: "StateEntered", stateName: STATES.persistAuthorized });
      expect(after[0]?.input).toEqual(failedEntry?.input);
      expect(after.filter((event) => event.type === "StateEntered").map((event) => event.stateName)).toEqual([
        STATES.persistAuthorized,
        STATES.notifyAuthorized,
      ]);
      expect(after.filter((event) => event.type === "ExecutionStarted")).toEqual([]);
      // Transitions and Lambda calls: only the persist and notify states ran again, no function.
      expect(report.transitions - (original?.transitions ?? 0)).toBe(2);
      expect(report.lambdaInvocations).toBe(original?.lambdaInvocations);
      expect(report.lambdaInvocations).toBe(2);

      // Same ARN and context: the record names the original execution and its start time.
      const mine = records.filter((item) => item.executionArn === report.executionArn);
      expect(mine).toHaveLength(1);
      expect(mine[0]?.receivedAt).toBe(
        new Date(
          queued.find((e) => e.detail.name === report.executionName)?.detail.startDate ?? 0,
        ).toISOString(),
      );
    }
    // One record and one authorization per order: the gateway was called once per order, the redrives
    // called no function.
    expect(records.map((item) => [item.orderId, item.status]).sort()).toEqual(
      ORDERS.map((order) => [order.orderId, "AUTHORIZED"]),
    );
    for (const order of ORDERS) {
      const authorizations = calls.filter(
        (call) => call.stateName === STATES.authorize && call.executionName === `down-${order.orderId}`,
      );
      expect(authorizations).toHaveLength(1);
    }
    expect(
      calls
        .slice(beforeRedrive)
        .map((call) => call.integration)
        .sort(),
    ).toEqual([...Array<string>(3).fill("dynamodb:putItem"), ...Array<string>(3).fill("sns:publish")]);
    // A redrive that succeeds sends no event: the queue holds the three failures only, each now SUCCEEDED.
    expect(statusChanges(simulator)).toHaveLength(3);
    expect(simulator.redriveStatus(redriven[0]?.executionName ?? "")).toEqual({
      status: "NOT_REDRIVABLE",
      reason: "Execution is SUCCEEDED and cannot be redriven",
    });
  });
});

describe("what cannot be redriven, and what is captured anyway", () => {
  test("fails when the execution succeeded, ended more than 14 days ago, or is EXPRESS", async () => {
    const simulator = await LocalSimulator.start(withGateway(prod, { failureRate: "0" }), {
      retryDelay: "skip",
      injectFault: (call) =>
        call.executionName === "fails" && call.integration === "sns:publish"
          ? { code: "InternalError" }
          : undefined,
    });
    try {
      await simulator.run({ orderId: "o-ok", amount: 1 }, { executionName: "succeeds" });
      expect(() => simulator.redrive("succeeds")).toThrow(
        new ExecutionNotRedrivableError("Execution is SUCCEEDED and cannot be redriven"),
      );
      const failed = await simulator.run({ orderId: "o-unheard", amount: 1 }, { executionName: "fails" });
      expect([failed.status, failed.statesEntered.at(-1)]).toEqual(["FAILED", STATES.notifyAuthorized]);
      expect(simulator.redriveStatus("fails", Date.now() + 15 * DAY_MS)).toEqual({
        status: "NOT_REDRIVABLE",
        reason: "Execution ended more than 14 days ago and can no longer be redriven",
      });
      expect(simulator.redriveStatus("fails").status).toBe("REDRIVABLE");
    } finally {
      await simulator.close();
    }

    const express = await LocalSimulator.start(
      { ...withGateway(prod, { failureRate: "0" }), workflowType: "EXPRESS" },
      {
        retryDelay: "skip",
        injectFault: (call) => (call.integration === "sns:publish" ? { code: "InternalError" } : undefined),
      },
    );
    try {
      expect((await express.run({ orderId: "o-x", amount: 1 }, { executionName: "express" })).status).toBe(
        "FAILED",
      );
      expect(express.redriveStatus("express")).toEqual({
        status: "NOT_REDRIVABLE",
        reason: "Express executions cannot be redriven",
      });
      // Express workflows send no status-change events.
      expect(express.queuedMessages()).toEqual([]);
    } finally {
      await express.close();
    }
  });

  test("a stopped execution is in the queue too, and its redrive runs the state that was cut short", async () => {
    const simulator = await LocalSimulator.start(withGateway(prod, { failureRate: "0", latencyMs: "1500" }), {
      retryDelay: "skip",
    });
    try {
      const running = simulator.start({ orderId: "o-stopped", amount: 5 }, { executionName: "stopped" });
      while (!running.events().some((e) => e.type === "StateEntered" && e.stateName === STATES.authorize)) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      running.stop();
      expect((await running.report).status).toBe("ABORTED");
      const [event, ...others] = statusChanges(simulator);
      expect(others).toEqual([]);
      expect(event?.detail).toMatchObject({ executionArn: running.executionArn, status: "ABORTED" });

      // The stop does not stop the authorize function's invocation, on AWS neither: until it ends, its
      // idempotency record is INPROGRESS and a second call would be refused. Redrive once it has ended.
      const deadline = Date.now() + 20_000;
      const completed = async () =>
        (await simulator.items("order-workflow-prod-idempotency")).some(
          (item) => item.status === "COMPLETED",
        );
      while (!(await completed()) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await completed()).toBe(true);
      const redriven = await simulator.redrive("stopped").report;
      expect(redriven.status).toBe("SUCCEEDED");
      const after = redriven.events.slice(
        redriven.events.findIndex((e) => e.type === "ExecutionRedriven") + 1,
      );
      expect(after.filter((e) => e.type === "StateEntered").map((e) => e.stateName)).toEqual([
        STATES.authorize,
        STATES.persistAuthorized,
        STATES.notifyAuthorized,
      ]);
      expect(await simulator.items(PROD_TABLE)).toMatchObject([
        { orderId: "o-stopped", status: "AUTHORIZED", executionArn: running.executionArn },
      ]);
    } finally {
      await simulator.close();
    }
  });

  test("an execution that hits the state machine's TimeoutSeconds is in the queue too, redrivable at the running state", async () => {
    const definition = { ...(JSON.parse(prod.definition) as object), TimeoutSeconds: 1 };
    const slowGateway = withGateway(
      { ...prod, definition: JSON.stringify(definition) },
      { failureRate: "0", latencyMs: "2500" },
    );
    const simulator = await LocalSimulator.start(slowGateway, { retryDelay: "skip" });
    try {
      const report = await simulator.run({ orderId: "o-slow", amount: 5 }, { executionName: "slow" });
      expect(report.status).toBe("TIMED_OUT");
      const [event, ...others] = statusChanges(simulator);
      expect(others).toEqual([]);
      expect(event?.detail).toMatchObject({
        executionArn: report.executionArn,
        status: "TIMED_OUT",
        error: null,
        cause: null,
        redriveStatus: "REDRIVABLE",
      });
      expect(JSON.parse(event?.detail.input ?? "null")).toEqual({ orderId: "o-slow", amount: 5 });
      expect(simulator.redriveStatus("slow").status).toBe("REDRIVABLE");
    } finally {
      await simulator.close();
    }
  });
});
