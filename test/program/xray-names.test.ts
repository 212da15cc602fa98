import type { Synthesis } from "../../local/capture/synth";
import { parseJson, single, type StackName, synthesizeStacks, synthOf, TYPES, prefix } from "./helpers";

/**
 * X-Ray's segment and subsegment names: up to 200 Unicode letters, numbers and whitespace, and `_ . : / % & # = +
 * \ - @`. Whether Step Functions cleans state names up before it names subsegments after them is not
 * documented, so with tracing on every state name must already be one X-Ray accepts.
 * @see https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html
 */
const XRAY_NAME = /^[\p{L}\p{N}\s_.:/%&#=+\\\-@]{1,200}$/u;

let synths: ReadonlyMap<StackName, Synthesis> | undefined;

beforeAll(async () => {
  synths = await synthesizeStacks();
});

/** Every state name of a definition, those of Map and Parallel branches included. */
function stateNames(definition: unknown): string[] {
  if (typeof definition !== "object" || definition === null) return [];
  const {
    States: states,
    Branches: branches,
    ItemProcessor: processor,
    Iterator: iterator,
  } = definition as Record<string, unknown>;
  const own =
    typeof states === "object" && states !== null
      ? Object.entries(states).flatMap(([name, state]) => [name, ...stateNames(state)])
      : [];
  const branchList: unknown[] = Array.isArray(branches) ? branches : [];
  const nested = [...branchList, processor, iterator].flatMap(stateNames);
  return [...own, ...nested];
}

test("prod traces its executions with X-Ray", () => {
  const machine = single(
    synthOf(synths, "prod").resources,
    TYPES.stateMachine,
    `${prefix("prod")}-state-machine`,
  );
  expect(machine.inputs.tracingConfiguration).toEqual({ enabled: true });
});

test("with tracing on, every state name is one X-Ray accepts as a subsegment name", () => {
  const names = stateNames(parseJson(synthOf(synths, "prod").deployment.definition, "prod definition"));
  expect(names.length).toBeGreaterThan(10);
  expect(names.filter((name) => !XRAY_NAME.test(name))).toEqual([]);
});

test("the pattern refuses the tutorial's IsValid?, and takes the symbols X-Ray lists", () => {
  expect(["IsValid?", "Is(Valid)", "Valid!", "x".repeat(201)].filter((name) => XRAY_NAME.test(name))).toEqual(
    [],
  );
  expect(
    ["IsOrderValid", "Persist Auth_Failed", "a.b:c/d%e&f#g=h+i\\j-k@l", "Zahlung prüfen"].every((name) =>
      XRAY_NAME.test(name),
    ),
  ).toBe(true);
});
