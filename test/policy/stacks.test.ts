import type { Synthesis } from "../../local/capture/synth";
import { POLICIES } from "../../policy/rules";
import { type StackName, STACKS, synthesizeStacks, synthOf } from "../program/helpers";
import { type ResourceUnderTest, runPack, type Violation } from "./policy-harness";

let synths: ReadonlyMap<StackName, Synthesis> | undefined;

beforeAll(async () => {
  synths = await synthesizeStacks();
});

/** A stack's resources as a preview hands them to the pack: each with the inputs the program registered. */
function resourcesOf(stack: StackName): ResourceUnderTest[] {
  return synthOf(synths, stack).resources.map(({ type, name, inputs }) => ({ type, name, props: inputs }));
}

/** Sorted: the pack's order over resources follows the program's registration order, which is not the contract. */
const messages = (violations: readonly Violation[]) =>
  violations.map((violation) => `${violation.policy}: ${violation.message}`).sort();

describe.each(STACKS)("the whole pack over stack %s", (stack) => {
  test("reports no violation", async () => {
    expect(messages((await runPack(POLICIES, resourcesOf(stack), { stack })).violations)).toEqual([]);
  });

  test("applies every policy to something, so the pass above is not vacuous", async () => {
    const { applied } = await runPack(POLICIES, resourcesOf(stack), { stack });
    // The prod rules apply to dev's resources only when the config says prod.
    const prodOnly = ["prod-hardening", "prod-starts-only-through-gradual-alias"];
    const expected = POLICIES.map((rule) => rule.name).filter(
      (name) => stack === "prod" || !prodOnly.includes(name),
    );
    expect(applied).toEqual(expected);
  });
});

describe("the whole pack over the dev stack checked as prod", () => {
  test("fails on exactly the settings dev relaxes", async () => {
    const { violations } = await runPack(POLICIES, resourcesOf("dev"), {
      stack: "dev",
      config: { "prod-hardening": { environment: "prod" } },
    });
    const machine =
      'State machine "order-workflow-dev-state-machine" is prod (policy config environment "prod")';
    const tables = ["orders", "idempotency"].map(
      (table) => `DynamoDB table "order-workflow-dev-${table}" is prod (policy config environment "prod")`,
    );
    expect(messages(violations)).toEqual(
      [
        `prod-hardening: ${machine} with loggingConfiguration.includeExecutionData true; allowed: false (execution data holds customer orders).`,
        `prod-hardening: ${machine} with tracingConfiguration.enabled false; allowed: true.`,
        ...tables.flatMap((table) => [
          `prod-hardening: ${table} with deletionProtectionEnabled false; allowed: true.`,
          `prod-hardening: ${table} with pointInTimeRecovery.enabled false; allowed: true.`,
        ]),
      ].sort(),
    );
  });
});
