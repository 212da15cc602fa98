import { prefix, single, type StackName, STACKS, TYPES } from "./helpers";
import { type Captured, capturedOf, captureRegistrations, registrationOf } from "./registrations";

let captured: ReadonlyMap<StackName, Captured> | undefined;

beforeAll(async () => {
  captured = await captureRegistrations();
});

const capturedFor = (stack: StackName): Captured => capturedOf(captured, stack);

/** prod keeps its orders from `pulumi destroy` and from DeleteTable, and can restore them; dev does neither. */
const EXPECTED = {
  dev: { deletionProtectionEnabled: false, pointInTimeRecovery: { enabled: false }, protect: false },
  prod: { deletionProtectionEnabled: true, pointInTimeRecovery: { enabled: true }, protect: true },
} as const satisfies Record<StackName, unknown>;

describe.each(STACKS)("stack %s: the Orders table's protection", (stack) => {
  const name = `${prefix(stack)}-orders`;

  test("DynamoDB deletion protection, point-in-time recovery and Pulumi's protect are as the stack sets them", () => {
    const table = single(capturedFor(stack).synthesis.resources, TYPES.table, name);
    expect({
      deletionProtectionEnabled: table.inputs.deletionProtectionEnabled,
      pointInTimeRecovery: table.inputs.pointInTimeRecovery,
      protect: registrationOf(capturedFor(stack), `${TYPES.table} ${name}`).protect,
    }).toEqual(EXPECTED[stack]);
  });

  test("the table is the only resource the program sets protect on", () => {
    const withProtect = capturedFor(stack)
      .registrations.filter((registration) => registration.protect !== undefined)
      .map((registration) => [registration.key, registration.protect]);
    expect(withProtect).toEqual([[`${TYPES.table} ${name}`, EXPECTED[stack].protect]]);
  });
});
