import { readFile } from "node:fs/promises";
import * as path from "node:path";

import { isJsonObject, type JsonValue } from "../../model/json";
import { UsageError } from "./usage-error";

/** The sample scenarios `npm start` runs without --input or --orders, relative to the project. */
export const SCENARIO_FILE = "samples/scenarios.json";

/** Fail the first `failAttempts` attempts of one Task state with `error`, as the service would report it. */
export interface ScenarioFault {
  readonly state: string;
  readonly error: string;
  readonly failAttempts: number;
}

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

  text(value: unknown, where: string, pattern?: RegExp, allowed = "a string"): string {
    return typeof value === "string" && value !== "" && (pattern?.test(value) ?? true)
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
  const scenarios = read.array(root.scenarios, "scenarios").map((value, index): Scenario => {
    const where = `scenarios[${index}]`;
    const scenario = read.object(value, where);
    const name = read.text(scenario.name, `${where}.name`, NAME, "1 to 60 letters, digits, '-' or '_'");
    if (names.has(name)) read.fail(`${where}.name`, name, "a name no other scenario has");
    names.add(name);
    if (!("input" in scenario)) read.fail(`${where}.input`, undefined, "any JSON value");
    const faults = read.array(scenario.faults ?? [], `${where}.faults`).map((fault, at): ScenarioFault => {
      const faultWhere = `${where}.faults[${at}]`;
      const object = read.object(fault, faultWhere);
      return {
        state: read.text(object.state, `${faultWhere}.state`),
        error: read.text(object.error, `${faultWhere}.error`),
        failAttempts: read.number(
          object.failAttempts,
          `${faultWhere}.failAttempts`,
          (n) => Number.isInteger(n) && n >= 1,
          "a whole number, 1 or more",
        ),
      };
    });
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
  });
  return { declineRate, scenarios };
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
