import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { synthesize, type Synthesis } from "../../local/synth";
import { FUNCTIONS, type StackName, STACKS, TYPES } from "./helpers";

/**
 * `CapturedResource` carries no resource options, so the relations are read where the SDK hands them to the
 * mock monitor: each RegisterResourceRequest names its parent URN and its dependency URNs. Those include the
 * `dependsOn` resources as well as the resources the inputs come from; the tests pick dependencies no input
 * implies, so only `dependsOn` can put them there.
 */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getDependenciesList(): string[];
}

interface Registration {
  /** `<type> <name>` */
  readonly key: string;
  /** `<type> <name>` of the parent, or "" for none. */
  readonly parent: string;
  readonly dependencies: readonly string[];
}

/** `urn:pulumi:<stack>::<project>::<parent types $-joined>$<type>::<name>` as `<type> <name>`. */
function keyOfUrn(urn: string): string {
  const [, , qualifiedType, name] = urn.split("::");
  const type = qualifiedType?.split("$").pop();
  if (type === undefined || name === undefined) throw new Error(`Not a URN: ${urn}`);
  return `${type} ${name}`;
}

interface Captured {
  readonly synthesis: Synthesis;
  readonly registrations: readonly Registration[];
}

const captured = new Map<StackName, Captured>();

beforeAll(async () => {
  for (const stack of STACKS) {
    const spy = jest.spyOn(MockMonitor.prototype, "registerResource");
    try {
      const synthesis = await synthesize(stack);
      await pulumi.runtime.disconnect();
      const registrations = spy.mock.calls.map((call): Registration => {
        const request = call[0] as RegisterRequest;
        return {
          key: `${request.getType()} ${request.getName()}`,
          parent: request.getParent() === "" ? "" : keyOfUrn(request.getParent()),
          dependencies: request.getDependenciesList().map(keyOfUrn),
        };
      });
      captured.set(stack, { synthesis, registrations });
    } finally {
      spy.mockRestore();
    }
  }
});

function capturedFor(stack: StackName): Captured {
  const found = captured.get(stack);
  if (found === undefined) throw new Error(`Nothing captured for ${stack}.`);
  return found;
}

function registration(stack: StackName, key: string): Registration {
  const matches = capturedFor(stack).registrations.filter((candidate) => candidate.key === key);
  const [match] = matches;
  if (match === undefined || matches.length > 1) throw new Error(`Expected one registration of ${key}.`);
  return match;
}

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
    "%s: the %s function depends on its log group and its attachment",
    (stack, fn) => {
      const name = `order-workflow-${stack}-${fn}`;
      // The role comes from the `role` input, the log group from loggingConfig as well as dependsOn; only
      // dependsOn names the attachment, which no input refers to.
      expect([...registration(stack, `${TYPES.function} ${name}`).dependencies].sort()).toEqual(
        [
          `${TYPES.logGroup} ${name}-logs`,
          `${TYPES.role} ${name}-role`,
          `${TYPES.rolePolicyAttachment} ${name}-basic-execution`,
        ].sort(),
      );
    },
  );

  test.each(STACKS)("%s: the state machine depends on its role policy", (stack) => {
    const root = `order-workflow-${stack}`;
    const name = `${root}-state-machine`;
    // No input of the state machine refers to the policy: only dependsOn puts it here. The others come from
    // the definition (functions, table, topic), roleArn and the log destination.
    expect([...registration(stack, `${TYPES.stateMachine} ${name}`).dependencies].sort()).toEqual(
      [
        `${TYPES.rolePolicy} ${name}-policy`,
        `${TYPES.role} ${name}-role`,
        `${TYPES.logGroup} ${name}-logs`,
        `${TYPES.function} ${root}-validate-order`,
        `${TYPES.function} ${root}-authorize-payment`,
        `${TYPES.table} ${root}-orders`,
        `${TYPES.topic} ${root}-order-events`,
      ].sort(),
    );
  });
});

describe.each(STACKS)("stack %s: parents", (stack) => {
  const root = `order-workflow-${stack}`;

  test("nests every resource under its component", () => {
    const parents = Object.fromEntries(
      capturedFor(stack).registrations.map((entry) => [entry.key, entry.parent] as const),
    );
    const workflow = `${TYPES.workflow} ${root}`;
    const validate = `${TYPES.bundledFunction} ${root}-validate-order`;
    const authorize = `${TYPES.bundledFunction} ${root}-authorize-payment`;
    const machine = `${TYPES.loggedStateMachine} ${root}-state-machine`;
    expect(parents).toEqual({
      [workflow]: "",
      [validate]: workflow,
      [authorize]: workflow,
      [machine]: workflow,
      [`${TYPES.table} ${root}-orders`]: workflow,
      [`${TYPES.topic} ${root}-order-events`]: workflow,
      [`${TYPES.logGroup} ${root}-validate-order-logs`]: validate,
      [`${TYPES.role} ${root}-validate-order-role`]: validate,
      [`${TYPES.rolePolicyAttachment} ${root}-validate-order-basic-execution`]: validate,
      [`${TYPES.function} ${root}-validate-order`]: validate,
      [`${TYPES.logGroup} ${root}-authorize-payment-logs`]: authorize,
      [`${TYPES.role} ${root}-authorize-payment-role`]: authorize,
      [`${TYPES.rolePolicyAttachment} ${root}-authorize-payment-basic-execution`]: authorize,
      [`${TYPES.function} ${root}-authorize-payment`]: authorize,
      [`${TYPES.logGroup} ${root}-state-machine-logs`]: machine,
      [`${TYPES.role} ${root}-state-machine-role`]: machine,
      [`${TYPES.rolePolicy} ${root}-state-machine-policy`]: machine,
      [`${TYPES.stateMachine} ${root}-state-machine`]: machine,
    });
  });
});
