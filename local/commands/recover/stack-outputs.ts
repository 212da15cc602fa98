import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

import { aliasArnParts, STATE_MACHINE_ALIAS_ARN } from "../../../components/alias-start-policy";
import { isRecord } from "../../model/json";

/**
 * The stack outputs recover needs (index.ts), and the environment variable `npm start -- --serve` prints for each:
 * the state machine whose executions it describes and redrives, the live alias it starts new executions through
 * (the stack's IAM allows no other start), and the failure queue.
 */
export const REQUIRED_OUTPUTS = {
  stateMachineArn: "STATE_MACHINE_ARN",
  liveAliasArn: "LIVE_ALIAS_ARN",
  failureQueueUrl: "FAILURE_QUEUE_URL",
} as const;

export type RecoverOutputs = { readonly [name in keyof typeof REQUIRED_OUTPUTS]: string };

/** The stack's outputs cannot be found, or do not fit together: the message names each and how to provide it. */
export class MissingOutputsError extends Error {
  override readonly name = "MissingOutputsError";
}

export interface OutputSources {
  readonly stack: string;
  /** `--outputs <file>`: `pulumi stack output --json` saved to a file. */
  readonly file?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Runs `pulumi stack output --json --stack <stack>`; default: spawns the Pulumi CLI. */
  readonly pulumi?: (stack: string) => {
    readonly outputs?: Record<string, unknown>;
    readonly problem?: string;
  };
}

/**
 * The outputs, from `--outputs <file>` when given; otherwise from the environment (as `--serve` exports them),
 * then from the Pulumi CLI for whatever the environment lacks. Throws MissingOutputsError naming each missing one.
 */
export function findOutputs(sources: OutputSources): RecoverOutputs {
  const found: Partial<Record<keyof RecoverOutputs, string>> = {};
  const tried: string[] = [];
  const names = Object.keys(REQUIRED_OUTPUTS) as (keyof RecoverOutputs)[];
  if (sources.file !== undefined) {
    Object.assign(found, fromRecord(readOutputsFile(sources.file), names));
    tried.push(`--outputs ${sources.file}`);
  } else {
    for (const name of names) {
      const value = sources.env[REQUIRED_OUTPUTS[name]];
      if (value !== undefined && value !== "") found[name] = value;
    }
    tried.push(`the environment (${names.map((name) => REQUIRED_OUTPUTS[name]).join(", ")})`);
    if (names.some((name) => found[name] === undefined)) {
      const { outputs, problem } = (sources.pulumi ?? pulumiStackOutput)(sources.stack);
      tried.push(
        `\`pulumi stack output --json --stack ${sources.stack}\`${problem === undefined ? "" : ` (${problem})`}`,
      );
      if (outputs !== undefined) {
        for (const [name, value] of Object.entries(fromRecord(outputs, names))) {
          found[name as keyof RecoverOutputs] ??= value;
        }
      }
    }
  }
  const missing = names.filter((name) => found[name] === undefined);
  if (missing.length > 0) {
    throw new MissingOutputsError(
      `stack ${sources.stack}: missing output${missing.length > 1 ? "s" : ""} ${missing.map((name) => `\`${name}\``).join(", ")}; ` +
        `looked in ${tried.join(", then ")}. Provide ${missing.map((name) => `${REQUIRED_OUTPUTS[name]}="$(pulumi stack output ${name} --stack ${sources.stack})"`).join(" and ")}, ` +
        `or --outputs <file> holding \`pulumi stack output --json --stack ${sources.stack}\`, or deploy the stack so that it has them` +
        (missing.includes("liveAliasArn")
          ? ` (\`liveAliasArn\` exists once the stack is deployed with its live alias)`
          : ""),
    );
  }
  const outputs = found as RecoverOutputs;
  checkAliasOf(outputs);
  return outputs;
}

/** A live alias of another state machine would start executions recover neither describes nor redrives. */
function checkAliasOf(outputs: RecoverOutputs): void {
  if (!STATE_MACHINE_ALIAS_ARN.pattern.test(outputs.liveAliasArn)) {
    throw new MissingOutputsError(
      `\`liveAliasArn\` must be an alias ARN (${STATE_MACHINE_ALIAS_ARN.shape}). Received: ${outputs.liveAliasArn}`,
    );
  }
  const { stateMachineArn } = aliasArnParts(outputs.liveAliasArn);
  if (stateMachineArn !== outputs.stateMachineArn) {
    throw new MissingOutputsError(
      `\`liveAliasArn\` ${outputs.liveAliasArn} is an alias of ${stateMachineArn}, not of \`stateMachineArn\` ` +
        `${outputs.stateMachineArn}; the outputs must come from one stack`,
    );
  }
}

function fromRecord(record: Readonly<Record<string, unknown>>, names: readonly (keyof RecoverOutputs)[]) {
  const found: Partial<Record<keyof RecoverOutputs, string>> = {};
  for (const name of names) {
    const value = record[name];
    if (typeof value === "string" && value !== "") found[name] = value;
  }
  return found;
}

function readOutputsFile(file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new MissingOutputsError(
      `--outputs ${file} could not be read as JSON (${error instanceof Error ? error.message : String(error)}); ` +
        "it must hold the object `pulumi stack output --json` prints",
    );
  }
  if (!isRecord(parsed)) {
    throw new MissingOutputsError(
      `--outputs ${file} is not a JSON object; it must hold what \`pulumi stack output --json\` prints`,
    );
  }
  return parsed;
}

/** Spawned, not linked: the Pulumi CLI is the only reader of a stack's outputs that knows its backend and login. */
function pulumiStackOutput(stack: string): { outputs?: Record<string, unknown>; problem?: string } {
  const result = spawnSync("pulumi", ["stack", "output", "--json", "--stack", stack], {
    encoding: "utf8",
    timeout: 60_000,
  });
  if (result.error !== undefined) {
    const code = "code" in result.error ? String(result.error.code) : "";
    return { problem: code === "ENOENT" ? "the Pulumi CLI is not installed" : result.error.message };
  }
  if (result.status !== 0)
    return { problem: `exit ${result.status ?? "signal"}: ${result.stderr.trim().split("\n")[0] ?? ""}` };
  try {
    const parsed: unknown = JSON.parse(result.stdout);
    return isRecord(parsed) ? { outputs: parsed } : { problem: "it printed no JSON object" };
  } catch {
    return { problem: "it printed no JSON" };
  }
}
