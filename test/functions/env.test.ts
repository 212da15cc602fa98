import { readNumberEnv, readStringEnv } from "../../functions/shared/env";
import { CONFIGURATION_ERROR, ConfigurationError } from "../../functions/shared/errors";
import { thrownBy } from "./thrown";

const RATE = { min: 0, max: 1 };
const LATENCY = { min: 0, max: 5000, integer: true };

describe("readNumberEnv", () => {
  test.each<[string, string, { min: number; max: number; integer?: boolean }, number]>([
    ["0", "0", RATE, 0],
    ["1", "1", RATE, 1],
    ["0.25", "0.25", RATE, 0.25],
    [".5", ".5", RATE, 0.5],
    ["an integer at the maximum", "5000", LATENCY, 5000],
    ["an integer written in exponent form", "2e3", LATENCY, 2000],
  ])("reads %s", (_name, raw, range, expected) => {
    expect(readNumberEnv("VALUE", range, { VALUE: raw })).toBe(expected);
  });

  test.each<[string, NodeJS.ProcessEnv, string]>([
    [
      "fails when the variable is not set",
      {},
      "Environment variable `AUTH_FAILURE_RATE` is not set; expected a number from 0 to 1.",
    ],
    [
      "fails when the variable is empty",
      { AUTH_FAILURE_RATE: "" },
      "Environment variable `AUTH_FAILURE_RATE` is not set; expected a number from 0 to 1.",
    ],
    [
      "fails when the value is not a number",
      { AUTH_FAILURE_RATE: "abc" },
      'Environment variable `AUTH_FAILURE_RATE` is "abc"; expected a number from 0 to 1.',
    ],
    [
      "fails when the value is above the maximum",
      { AUTH_FAILURE_RATE: "2" },
      'Environment variable `AUTH_FAILURE_RATE` is "2"; expected a number from 0 to 1.',
    ],
    [
      "fails when the value is below the minimum",
      { AUTH_FAILURE_RATE: "-0.1" },
      'Environment variable `AUTH_FAILURE_RATE` is "-0.1"; expected a number from 0 to 1.',
    ],
    [
      "fails when the value is only whitespace, which Number() would read as 0",
      { AUTH_FAILURE_RATE: " " },
      'Environment variable `AUTH_FAILURE_RATE` is " "; expected a number from 0 to 1.',
    ],
    [
      "fails when the value is hexadecimal",
      { AUTH_FAILURE_RATE: "0x1" },
      'Environment variable `AUTH_FAILURE_RATE` is "0x1"; expected a number from 0 to 1.',
    ],
    [
      "fails when the value has trailing text",
      { AUTH_FAILURE_RATE: "0.5%" },
      'Environment variable `AUTH_FAILURE_RATE` is "0.5%"; expected a number from 0 to 1.',
    ],
  ])("%s", (_name, env, message) => {
    expect(thrownBy(() => readNumberEnv("AUTH_FAILURE_RATE", RATE, env))).toEqual({
      type: ConfigurationError,
      name: "ConfigurationError",
      message,
    });
  });

  test.each<[string, string, string]>([
    [
      "fails when a whole number is required but the value has decimals",
      "12.5",
      'Environment variable `AUTH_LATENCY_MS` is "12.5"; expected a whole number from 0 to 5000.',
    ],
    [
      "fails when a whole number is above the maximum",
      "5001",
      'Environment variable `AUTH_LATENCY_MS` is "5001"; expected a whole number from 0 to 5000.',
    ],
    [
      "fails when the value is Infinity",
      "Infinity",
      'Environment variable `AUTH_LATENCY_MS` is "Infinity"; expected a whole number from 0 to 5000.',
    ],
  ])("%s", (_name, raw, message) => {
    expect(thrownBy(() => readNumberEnv("AUTH_LATENCY_MS", LATENCY, { AUTH_LATENCY_MS: raw }))).toEqual({
      type: ConfigurationError,
      name: "ConfigurationError",
      message,
    });
  });

  it("names its error class with the exported constant", () => {
    expect(CONFIGURATION_ERROR).toBe("ConfigurationError");
  });

  describe("with the default environment", () => {
    const saved = process.env;
    afterEach(() => {
      process.env = saved;
    });

    it("reads process.env", () => {
      process.env = { ...saved, SOME_RATE: "0.75" };
      expect(readNumberEnv("SOME_RATE", RATE)).toBe(0.75);
    });
  });
});

describe("readStringEnv", () => {
  it("reads a set variable as it is", () => {
    expect(readStringEnv("TABLE", "a table name", { TABLE: "orders-idempotency" })).toBe(
      "orders-idempotency",
    );
  });

  test.each<[string, NodeJS.ProcessEnv]>([
    ["fails when the variable is not set", {}],
    ["fails when the variable is empty", { TABLE: "" }],
  ])("%s", (_name, env) => {
    expect(thrownBy(() => readStringEnv("TABLE", "a table name", env))).toEqual({
      type: ConfigurationError,
      name: CONFIGURATION_ERROR,
      message: "Environment variable `TABLE` is not set; expected a table name.",
    });
  });
});
