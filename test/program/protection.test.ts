import { prefix, single, type StackName, STACKS, TYPES } from "./helpers";
import { type Captured, capturedOf, captureRegistrations, registrationOf } from "./registrations";

let captured: ReadonlyMap<StackName, Captured> | undefined;

beforeAll(async () => {
  captured = await captureRegistrations();
});

const capturedFor = (stack: StackName): Captured => capturedOf(captured, stack);

/** prod keeps its orders (and its idempotency records) from `pulumi destroy` and from DeleteTable, and can restore them; dev does neither. */
const EXPECTED = {
  dev: { deletionProtectionEnabled: false, pointInTimeRecovery: { enabled: false }, protect: false },
  prod: { deletionProtectionEnabled: true, pointInTimeRecovery: { enabled: true }, protect: true },
} as const satisfies Record<StackName, unknown>;

// The idempotency table is protected as the Orders table: while a record lives, it is what stops a replayed
// order from being charged again.
describe.each(STACKS)("stack %s: the tables' protection", (stack) => {
  const tables = [`${prefix(stack)}-orders`, `${prefix(stack)}-idempotency`];

  test.each(tables)(
    "%s: DynamoDB deletion protection, point-in-time recovery and Pulumi's protect are as the stack sets them",
    (name) => {
      const table = single(capturedFor(stack).synthesis.resources, TYPES.table, name);
      expect({
        deletionProtectionEnabled: table.inputs.deletionProtectionEnabled,
        pointInTimeRecovery: table.inputs.pointInTimeRecovery,
        protect: registrationOf(capturedFor(stack), `${TYPES.table} ${name}`).protect,
      }).toEqual(EXPECTED[stack]);
    },
  );

  test("the tables are the only resources the program sets protect on", () => {
    const withProtect = capturedFor(stack)
      .registrations.filter((registration) => registration.protect !== undefined)
      .map((registration) => [registration.key, registration.protect]);
    expect(withProtect.sort()).toEqual(
      tables.map((name) => [`${TYPES.table} ${name}`, EXPECTED[stack].protect]).sort(),
    );
  });
});
