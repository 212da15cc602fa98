import { readFile } from "node:fs/promises";
import * as path from "node:path";

import { SERVICE_ERRORS } from "../../engine/aws-errors";
import { isJsonObject, type JsonValue } from "../../model/json";
import { UsageError } from "./usage-error";

/** The sample scenarios `npm start` runs without --input or --orders, relative to the project. */
export const SCENARIO_FILE = "samples/scenarios.json";

/**
 * Fail the first `failAttempts` attempts of one Task state: the service answers with `code`, one of its API's
 * error codes (`InternalServerError`), or the function fails with its own error `functionError`
 * (`PaymentDeclinedError`). Step Functions' names for them come from the simulator's error table.
 */
export type ScenarioFault = {
  readonly state: string;
  readonly failAttempts: number;
} & (
  | { readonly code: string; readonly functionError?: never }
  | { readonly functionError: string; readonly code?: never }
);

/** Every integration's API error codes: a fault's code must be one of them. */
const ERROR_CODES = new Set(
  Object.values(SERVICE_ERRORS).flatMap((service) => service.errors.map((error) => error.code)),
);
const CODE_RULE =
  `an API error code of ${Object.keys(SERVICE_ERRORS).join(", ")}, as its API reference spells it ` +
  "(local/engine/aws-errors/README.md lists them)";
/** A JavaScript error's name. */
const ERROR_NAME = /^[A-Za-z_$][A-Za-z0-9_$.]*$/;

export interface Scenario {
  /** Starts the execution name; letters, digits, '-' and '_'. */
  readonly name: string;
  readonly about: string;
  readonly input: JsonValue;
  readonly faults: readonly ScenarioFault[];
  /** The outcome the scenario shows: an order status, or an execution status when the execution fails. */
  readonly expect: string;
}

export interface ScenarioFile {
  /** The gateway's decline rate for the scenarios: 0, so that only their injected declines happen. */
  readonly declineRate: number;
  readonly scenarios: readonly Scenario[];
}

export const OUTCOMES = ["AUTHORIZED", "INVALID", "FAILED_AUTH", "FAILED", "TIMED_OUT", "ABORTED"] as const;
const NAME = /^[A-Za-z0-9_-]{1,60}$/;

class Reader {
  constructor(private readonly file: string) {}

  fail(where: string, value: unknown, allowed: string): never {
    const received = value === undefined ? "missing" : JSON.stringify(value);
    throw new UsageError(`${this.file}: ${where} is ${received}`, allowed);
  }

  object(value: unknown, where: string): Record<string, JsonValue> {
    return isJsonObject(value) ? value : this.fail(where, value, "an object");
  }

  array(value: unknown, where: string): readonly JsonValue[] {
    return Array.isArray(value) ? (value as JsonValue[]) : this.fail(where, value, "an array");
  }

  text(
    value: unknown,
    where: string,
    pattern?: RegExp,
    allowed = "a string",
    check: (text: string) => boolean = () => true,
  ): string {
    return typeof value === "string" && value !== "" && (pattern?.test(value) ?? true) && check(value)
      ? value
      : this.fail(where, value, allowed);
  }

  number(value: unknown, where: string, check: (n: number) => boolean, allowed: string): number {
    return typeof value === "number" && check(value) ? value : this.fail(where, value, allowed);
  }
}

export function parseScenarioFile(text: string, file: string): ScenarioFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `${file} is not JSON (${String(error)})`,
      "a JSON object with declineRate and scenarios",
    );
  }
  const read = new Reader(file);
  const root = read.object(parsed, "the file");
  const declineRate = read.number(root.declineRate, "declineRate", (n) => n >= 0 && n <= 1, "0 to 1");
  const names = new Set<string>();
  const scenarios = read
    .array(root.scenarios, "scenarios")
    .map((value, index) => scenarioOf(read, value, `scenarios[${index}]`, names));
  return { declineRate, scenarios };
}

/** One entry of `scenarios`, its name not among `names` (which it joins). */
function scenarioOf(read: Reader, value: unknown, where: string, names: Set<string>): Scenario {
  const scenario = read.object(value, where);
  const name = read.text(scenario.name, `${where}.name`, NAME, "1 to 60 letters, digits, '-' or '_'");
  if (names.has(name)) read.fail(`${where}.name`, name, "a name no other scenario has");
  names.add(name);
  if (!("input" in scenario)) read.fail(`${where}.input`, undefined, "any JSON value");
  const faults = read
    .array(scenario.faults ?? [], `${where}.faults`)
    .map((fault, at) => faultOf(read, fault, `${where}.faults[${at}]`));
  return {
    name,
    about: read.text(scenario.about, `${where}.about`),
    input: scenario.input ?? null,
    faults,
    expect: read.text(
      scenario.expect,
      `${where}.expect`,
      new RegExp(`^(?:${OUTCOMES.join("|")})$`),
      `one of ${OUTCOMES.join(", ")}`,
    ),
  };
}

/** One entry of a scenario's `faults`: a service's error code or a function's own error, for some attempts. */
function faultOf(read: Reader, fault: unknown, where: string): ScenarioFault {
  const object = read.object(fault, where);
  const state = read.text(object.state, `${where}.state`);
  const failAttempts = read.number(
    object.failAttempts,
    `${where}.failAttempts`,
    (n) => Number.isInteger(n) && n >= 1,
    "a whole number, 1 or more",
  );
  if ("code" in object === "functionError" in object) {
    read.fail(
      where,
      object,
      "a fault with either code (a service's API error code) or functionError (the name of a function's own error)",
    );
  }
  return "code" in object
    ? {
        state,
        failAttempts,
        code: read.text(object.code, `${where}.code`, undefined, CODE_RULE, (code) => ERROR_CODES.has(code)),
      }
    : {
        state,
        failAttempts,
        functionError: read.text(object.functionError, `${where}.functionError`, ERROR_NAME, "an error name"),
      };
}

/** Each fault must name a Task state of the synthesized state machine, or it could never fire. */
export function checkScenarioStates(
  scenarios: ScenarioFile,
  taskStates: readonly string[],
  file: string,
): void {
  const read = new Reader(file);
  for (const [index, scenario] of scenarios.scenarios.entries()) {
    for (const [at, fault] of scenario.faults.entries()) {
      if (!taskStates.includes(fault.state)) {
        read.fail(
          `scenarios[${index}].faults[${at}].state`,
          fault.state,
          `a Task state: ${taskStates.join(", ")}`,
        );
      }
    }
  }
}

export async function readScenarioFile(projectDir: string): Promise<ScenarioFile> {
  return parseScenarioFile(await readFile(path.join(projectDir, SCENARIO_FILE), "utf8"), SCENARIO_FILE);
}
