import Ajv from "ajv";

import { ORDER_DEFINITION } from "../fixtures/local/order-fixture";

type Validator = typeof import("asl-validator");

// The simulator's library validates with its own copy (3.x); the definition tests with the project's (4.x). Both
// are patched (patches/*asl-validator*.patch) to compile their JSON schemas once per process.
const COPIES: readonly (readonly [string, Validator])[] = [
  [
    "aws-local-stepfunctions' asl-validator 3.16.0",
    jest.requireActual<Validator>("../../node_modules/aws-local-stepfunctions/node_modules/asl-validator"),
  ],
  ["asl-validator 4.0.0", jest.requireActual<Validator>("asl-validator")],
];

const INVALID = { StartAt: "Missing", States: { Done: { Type: "Succeed", Extra: 1 } } };

// An Ajv instance adds its schemas when it is built: the number of additions counts the instances built.
const addSchema = jest.spyOn(Ajv.prototype, "addSchema");
afterAll(() => {
  addSchema.mockRestore();
});

describe.each(COPIES)("%s, patched", (_copy, validate) => {
  it("builds its schemas once for the options that shape them, and again for other options", () => {
    addSchema.mockClear();
    expect(validate(structuredClone(ORDER_DEFINITION)).isValid).toBe(true);
    const perInstance = addSchema.mock.calls.length;
    expect(perInstance).toBeGreaterThan(0);
    validate(structuredClone(INVALID));
    validate(structuredClone(ORDER_DEFINITION), { checkPaths: true, checkArn: true });
    expect(addSchema).toHaveBeenCalledTimes(perInstance);
    validate(structuredClone(ORDER_DEFINITION), { checkPaths: false, checkArn: true });
    expect(addSchema).toHaveBeenCalledTimes(2 * perInstance);
  });

  it("reports each definition's own errors: none leak from one validation into the next", () => {
    const invalid = validate(structuredClone(INVALID));
    expect(invalid.isValid).toBe(false);
    expect(invalid.errorsText("\n")).toBe(
      "SCHEMA_VALIDATION_FAILED: /States/Done is invalid. must match exactly one schema in oneOf",
    );
    expect(validate(structuredClone(ORDER_DEFINITION)).errors).toEqual([]);
    expect(validate(structuredClone(INVALID)).errorsText("\n")).toBe(invalid.errorsText("\n"));
  });
});
