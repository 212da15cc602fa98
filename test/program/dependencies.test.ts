import { FUNCTIONS, prefix, type StackName, STACKS, TYPES } from "./helpers";
import {
  type Captured,
  capturedOf,
  captureRegistrations,
  type Registration,
  registrationOf,
} from "./registrations";

let captured: ReadonlyMap<StackName, Captured> | undefined;

beforeAll(async () => {
  captured = await captureRegistrations();
});

const capturedFor = (stack: StackName): Captured => capturedOf(captured, stack);
const registration = (stack: StackName, key: string): Registration => registrationOf(capturedFor(stack), key);

/** Position of a resource in the order the mocks were asked to create them. */
function position(stack: StackName, type: string, name: string): number {
  const index = capturedFor(stack).synthesis.resources.findIndex(
    (resource) => resource.type === type && resource.name === name,
  );
  if (index < 0) throw new Error(`${type} ${name} was not registered.`);
  return index;
}

const stackFunctions = STACKS.flatMap((stack) => FUNCTIONS.map((fn) => [stack, fn] as const));

describe("registration order (the order the mocks' newResource saw)", () => {
  test.each(stackFunctions)(
    "%s: the %s function is created after its log group and its attachment",
    (stack, fn) => {
      const name = `order-workflow-${stack}-${fn}`;
      const fnAt = position(stack, TYPES.function, name);
      expect({
        afterLogGroup: fnAt > position(stack, TYPES.logGroup, `${name}-logs`),
        afterAttachment: fnAt > position(stack, TYPES.rolePolicyAttachment, `${name}-basic-execution`),
      }).toEqual({ afterLogGroup: true, afterAttachment: true });
    },
  );

  test.each(STACKS)("%s: the authorize function is created after its role policy", (stack) => {
    const name = `order-workflow-${stack}-authorize-payment`;
    expect(position(stack, TYPES.function, name)).toBeGreaterThan(
      position(stack, TYPES.rolePolicy, `${name}-policy`),
    );
  });

  test.each(STACKS)("%s: the state machine is created after its role policy", (stack) => {
    const name = `order-workflow-${stack}-state-machine`;
    expect(position(stack, TYPES.stateMachine, name)).toBeGreaterThan(
      position(stack, TYPES.rolePolicy, `${name}-policy`),
    );
  });

  test.each(STACKS)("%s: the monitor saw the same registrations in the same order as the mocks", (stack) => {
    const { synthesis, registrations } = capturedFor(stack);
    expect(registrations.map((entry) => entry.key)).toEqual(
      synthesis.resources.map((resource) => `${resource.type} ${resource.name}`),
    );
  });
});

describe("declared dependencies (RegisterResourceRequest.dependencies)", () => {
  test.each(stackFunctions)(
    "%s: the %s function depends on its log group and its attachment (and its policy, if it has one)",
    (stack, fn) => {
      const name = `order-workflow-${stack}-${fn}`;
      // The role comes from the `role` input, the log group from loggingConfig as well as dependsOn; only
      // dependsOn names the attachment and the policy, which no input refers to. The authorize function's
      // environment names the idempotency table.
      const ownPolicy =
        fn === "authorize-payment"
          ? [`${TYPES.rolePolicy} ${name}-policy`, `${TYPES.table} order-workflow-${stack}-idempotency`]
          : [];
      expect([...registration(stack, `${TYPES.function} ${name}`).dependencies].sort()).toEqual(
        [
          `${TYPES.logGroup} ${name}-logs`,
          `${TYPES.role} ${name}-role`,
          `${TYPES.rolePolicyAttachment} ${name}-basic-execution`,
          ...ownPolicy,
        ].sort(),
      );
    },
  );

  test.each(STACKS)("%s: the state machine depends on its role policy", (stack) => {
    const root = `order-workflow-${stack}`;
    const name = `${root}-state-machine`;
    // No input of the state machine refers to the policy: only dependsOn puts it here. The others come from
    // the definition (functions, table, topic, queue), roleArn, the log destination and, in prod, the key of
    // encryptionConfiguration.
    expect([...registration(stack, `${TYPES.stateMachine} ${name}`).dependencies].sort()).toEqual(
      [
        `${TYPES.rolePolicy} ${name}-policy`,
        `${TYPES.role} ${name}-role`,
        `${TYPES.logGroup} ${name}-logs`,
        `${TYPES.function} ${root}-validate-order`,
        `${TYPES.function} ${root}-authorize-payment`,
        `${TYPES.table} ${root}-orders`,
        `${TYPES.topic} ${root}-order-events`,
        `${TYPES.queue} ${root}-failures`,
        ...(stack === "prod" ? [`${TYPES.kmsKey} ${root}-key`] : []),
      ].sort(),
    );
  });
});

describe("declared dependencies of the alarms and the trigger", () => {
  test("prod: the trigger's target depends on its start-execution policy", () => {
    const stack = "prod";
    const root = prefix(stack);
    // rule, roleArn, arn and deadLetterConfig come from inputs; only dependsOn names the policy.
    expect(
      [...registration(stack, `${TYPES.eventTarget} ${root}-trigger-target`).dependencies].sort(),
    ).toEqual(
      [
        `${TYPES.rolePolicy} ${root}-trigger-start-execution`,
        `${TYPES.eventRule} ${root}-trigger-rule`,
        `${TYPES.role} ${root}-trigger-role`,
        // The target is the live alias, the stack's AliasArn output.
        `${TYPES.cfnStack} ${root}-live-alias`,
        `${TYPES.queue} ${root}-failures`,
      ].sort(),
    );
  });

  const metricSources = {
    "executions-failed": `${TYPES.stateMachine} order-workflow-prod-state-machine`,
    "executions-timed-out": `${TYPES.stateMachine} order-workflow-prod-state-machine`,
    "executions-throttled": `${TYPES.stateMachine} order-workflow-prod-state-machine`,
    "executions-aborted": `${TYPES.stateMachine} order-workflow-prod-state-machine`,
    "validate-order-errors": `${TYPES.function} order-workflow-prod-validate-order`,
    "validate-order-throttles": `${TYPES.function} order-workflow-prod-validate-order`,
    "authorize-payment-throttles": `${TYPES.function} order-workflow-prod-authorize-payment`,
    "queue-depth": `${TYPES.queue} order-workflow-prod-failures`,
    "trigger-failed-invocations": `${TYPES.eventRule} order-workflow-prod-trigger-rule`,
    "trigger-dlq-failures": `${TYPES.eventRule} order-workflow-prod-trigger-rule`,
  } as const;

  test.each(Object.entries(metricSources))(
    "prod: alarm %s depends on the ops topic policy, besides its topic and the resource it watches",
    (alarm, watched) => {
      const key = `${TYPES.metricAlarm} order-workflow-prod-alarms-${alarm}`;
      expect([...registration("prod", key).dependencies].sort()).toEqual(
        [
          `${TYPES.topicPolicy} order-workflow-prod-alarms-ops-policy`,
          `${TYPES.topic} order-workflow-prod-alarms-ops`,
          watched,
        ].sort(),
      );
    },
  );

  // The filters read the function's log group, and an alarm on their metrics waits for them: without the
  // filters, CloudWatch would watch a metric nothing publishes.
  const logFilters = [
    `${TYPES.logMetricFilter} order-workflow-prod-alarms-authorize-payment-failures`,
    `${TYPES.logMetricFilter} order-workflow-prod-alarms-authorize-payment-declines`,
  ];
  test.each(["authorize-payment-faults", "authorize-payment-decline-rate"])(
    "prod: alarm %s depends on the ops topic policy and the metric filters on the authorize function's log",
    (alarm) => {
      const key = `${TYPES.metricAlarm} order-workflow-prod-alarms-${alarm}`;
      expect([...registration("prod", key).dependencies].sort()).toEqual(
        [
          `${TYPES.topicPolicy} order-workflow-prod-alarms-ops-policy`,
          `${TYPES.topic} order-workflow-prod-alarms-ops`,
          ...logFilters,
          // Named in its description, and for the decline rate, its Invocations' dimension.
          `${TYPES.function} order-workflow-prod-authorize-payment`,
        ].sort(),
      );
    },
  );
});

describe.each(STACKS)("stack %s: parents", (stack) => {
  const root = prefix(stack);

  test("nests every resource under its component", () => {
    const parents = Object.fromEntries(
      capturedFor(stack).registrations.map((entry) => [entry.key, entry.parent] as const),
    );
    const workflow = `${TYPES.workflow} ${root}`;
    const validate = `${TYPES.bundledFunction} ${root}-validate-order`;
    const authorize = `${TYPES.bundledFunction} ${root}-authorize-payment`;
    const machine = `${TYPES.loggedStateMachine} ${root}-state-machine`;
    const trigger = `${TYPES.eventTrigger} ${root}-trigger`;
    const key = `${TYPES.workflowKey} ${root}-key`;
    const alarms = `${TYPES.workflowAlarms} ${root}-alarms`;
    const capture = `order-workflow:events:ExecutionFailureCapture ${root}-failed-executions`;
    const liveAlias = `${TYPES.liveAlias} ${root}-live-alias`;
    const prodOnly =
      stack === "prod"
        ? {
            [key]: workflow,
            [`${TYPES.kmsKey} ${root}-key`]: key,
            [`${TYPES.kmsAlias} ${root}-key-alias`]: key,
            [alarms]: workflow,
            [trigger]: workflow,
            [`${TYPES.queuePolicy} ${root}-failures-policy`]: workflow,
            [`${TYPES.eventRule} ${root}-trigger-rule`]: trigger,
            [`${TYPES.role} ${root}-trigger-role`]: trigger,
            [`${TYPES.rolePolicy} ${root}-trigger-start-execution`]: trigger,
            [`${TYPES.eventTarget} ${root}-trigger-target`]: trigger,
            [capture]: workflow,
            [`${TYPES.eventRule} ${root}-failed-executions-rule`]: capture,
            [`${TYPES.eventTarget} ${root}-failed-executions-target`]: capture,
            [`${TYPES.topic} ${root}-alarms-ops`]: alarms,
            [`${TYPES.topicPolicy} ${root}-alarms-ops-policy`]: alarms,
            [`${TYPES.topicSubscription} ${root}-alarms-ops-email-nihgmggl`]: alarms,
            [`${TYPES.logMetricFilter} ${root}-alarms-authorize-payment-failures`]: alarms,
            [`${TYPES.logMetricFilter} ${root}-alarms-authorize-payment-declines`]: alarms,
            ...Object.fromEntries(
              [
                "executions-failed",
                "executions-timed-out",
                "executions-throttled",
                "executions-aborted",
                "version-executions-failed",
                "version-executions-timed-out",
                "validate-order-errors",
                "validate-order-throttles",
                "authorize-payment-faults",
                "authorize-payment-decline-rate",
                "authorize-payment-throttles",
                "queue-depth",
                "trigger-failed-invocations",
                "trigger-dlq-failures",
                "failure-capture-failed-invocations",
              ].map((alarm) => [`${TYPES.metricAlarm} ${root}-alarms-${alarm}`, alarms]),
            ),
          }
        : {};
    expect(parents).toEqual({
      [workflow]: "",
      [validate]: workflow,
      [authorize]: workflow,
      [machine]: workflow,
      [`${TYPES.table} ${root}-orders`]: workflow,
      [`${TYPES.table} ${root}-idempotency`]: workflow,
      [`${TYPES.topic} ${root}-order-events`]: workflow,
      [`${TYPES.queue} ${root}-failures`]: workflow,
      [`${TYPES.logGroup} ${root}-validate-order-logs`]: validate,
      [`${TYPES.role} ${root}-validate-order-role`]: validate,
      [`${TYPES.rolePolicyAttachment} ${root}-validate-order-basic-execution`]: validate,
      [`${TYPES.function} ${root}-validate-order`]: validate,
      [`${TYPES.logGroup} ${root}-authorize-payment-logs`]: authorize,
      [`${TYPES.role} ${root}-authorize-payment-role`]: authorize,
      [`${TYPES.rolePolicyAttachment} ${root}-authorize-payment-basic-execution`]: authorize,
      [`${TYPES.rolePolicy} ${root}-authorize-payment-policy`]: authorize,
      [`${TYPES.function} ${root}-authorize-payment`]: authorize,
      [`${TYPES.logGroup} ${root}-state-machine-logs`]: machine,
      [`${TYPES.role} ${root}-state-machine-role`]: machine,
      [`${TYPES.rolePolicy} ${root}-state-machine-policy`]: machine,
      [`${TYPES.stateMachine} ${root}-state-machine`]: machine,
      [`${TYPES.policy} ${root}-operator`]: workflow,
      [liveAlias]: workflow,
      [`${TYPES.cfnStack} ${root}-live-alias`]: liveAlias,
      ...prodOnly,
    });
  });
});
