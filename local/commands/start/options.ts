import { Command, Option } from "commander";

import { parseFlags } from "../shared/parse-flags";
import type { JsonValue } from "../../model/json";
import {
  CANARY_RULE,
  DECLINE_RATE_RULE,
  parseCanaryPercent,
  parseDeclineRate,
  parseInput,
  parseSeed,
  SEED_RULE,
} from "./flag-values";
import { FAULT_SPEC_RULE } from "./fault-spec";
import { SCENARIO_FILE } from "./scenario-file";
import { DEFAULT_PORT, parsePort, PORT_RULE } from "../serve/port";
import { quoted, UsageError } from "./usage-error";

/** Where the executions' inputs come from. */
export type InputSource =
  | { readonly kind: "scenarios" }
  | { readonly kind: "input"; readonly input: JsonValue }
  | { readonly kind: "orders"; readonly file: string };

export interface CliOptions {
  readonly stack: string;
  readonly source: InputSource;
  /** Overrides the authorize function's AUTH_FAILURE_RATE; undefined keeps the stack's (or the scenarios'). */
  readonly declineRate?: number;
  /** `--fault` values as typed; checked against the state machine's integrations once it is synthesized. */
  readonly faults: readonly string[];
  /** Undefined: pick one and print it. */
  readonly seed?: number;
  readonly json: boolean;
  readonly fast: boolean;
  /** `--serve`: keep the deployment running behind a local AWS endpoint on this port, instead of running orders. */
  readonly serve?: { readonly port: number };
  /** `--outage-demo [orders]`: this many orders through a DynamoDB outage and `recover --apply`, instead. */
  readonly outageDemo?: { readonly orders: number };
  /** `--canary <percent>`: the orders split between the committed snapshot's definition and the current one. */
  readonly canary?: { readonly percent: number };
}

export const DEFAULT_OUTAGE_ORDERS = 3;
/** ReceiveMessage's batch: the demo shows the whole queue in one. */
export const MAX_OUTAGE_ORDERS = 10;
const OUTAGE_ORDERS_RULE = `a whole number of orders from 1 to ${MAX_OUTAGE_ORDERS}`;

export const DEFAULT_STACK = "dev";

interface RawOptions {
  readonly stack: string;
  readonly input?: string;
  readonly orders?: string;
  readonly declineRate?: string;
  readonly fault: string[];
  readonly seed?: string;
  readonly json: boolean;
  readonly fast: boolean;
  readonly serve: boolean;
  readonly port?: string;
  readonly outageDemo?: string | true;
  readonly canary?: string;
}

function program(): Command {
  const command = new Command()
    .name("npm start --")
    .description(
      "Runs the exact state machine and Lambda archives a stack would deploy, locally and offline: " +
        "Lambda handlers in worker threads, DynamoDB in memory (dynalite), SNS captured.",
    );
  for (const option of [...runFlags(), ...modeFlags()]) command.addOption(option);
  return command
    .helpOption("-h, --help", "list the flags")
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({
      // Commander's own errors become UsageErrors, printed by main as one line.
      writeErr: () => undefined,
    });
}

/** What runs: the stack, the orders, the gateway's declines, the faults and the seed. */
function runFlags(): Option[] {
  return [
    new Option("--stack <name>", "the stack whose Pulumi.<name>.yaml is synthesized").default(DEFAULT_STACK),
    new Option("--input <json>", `one order (any JSON value) (default: the scenarios of ${SCENARIO_FILE})`),
    new Option(
      "--orders <file>",
      `a JSON array of orders, or JSON lines: one JSON value per line, blank lines allowed (default: the scenarios of ${SCENARIO_FILE})`,
    ),
    new Option(
      "--decline-rate <rate>",
      `the payment gateway's decline rate, ${DECLINE_RATE_RULE} (default: the stack's authFailureRate; for the scenarios, their declineRate)`,
    ),
    new Option("--fault <spec>", `fail calls of the run in call order, repeatable: ${FAULT_SPEC_RULE}`)
      .default([], "none")
      .argParser((value: string, previous: string[]) => [...previous, value]),
    new Option(
      "--seed <integer>",
      `${SEED_RULE}: seeds execution names and the handlers' Math.random and crypto.randomUUID, so a run repeats (default: a random seed, printed)`,
    ),
  ];
}

/** How it runs: the output, the waits, the canary comparison, or instead of orders the endpoint or the outage demo. */
function modeFlags(): Option[] {
  return [
    new Option("--json", "write the executions as JSON to stdout; progress goes to stderr").default(false),
    new Option("--fast", "do not wait retry intervals, and a gateway latency of 0 ms").default(false),
    new Option(
      "--canary <percent>",
      "compare the committed definition (snapshots/<stack>/definition.json, the baseline) with the current program's " +
        "(the candidate) as a canary would: each order runs on the candidate with a probability of <percent> " +
        `percent (${CANARY_RULE}), drawn from the seed as an alias routes executions; both versions run today's ` +
        "Lambda functions (the program does not version them, so on AWS too only the definition differs), each " +
        "with its own in-memory table, topic and queue; prints each version's outcomes, transitions and failures, " +
        "and a verdict; exits 1 when the candidate does worse",
    ),
    new Option(
      "--serve",
      "keep the deployment running behind one AWS-compatible endpoint on 127.0.0.1 (Step Functions, SQS, DynamoDB) until stopped, and print its shell exports; runs no orders of its own",
    ).default(false),
    new Option("--port <port>", `with --serve: ${PORT_RULE} (default: ${DEFAULT_PORT})`),
    new Option(
      "--outage-demo [orders]",
      `run that many orders (${OUTAGE_ORDERS_RULE}, default ${DEFAULT_OUTAGE_ORDERS}) with DynamoDB down once each payment is authorized, ` +
        "show the failed executions and the failure queue, then run recover --apply against an in-process local endpoint " +
        "and show the records and gateway calls; retry waits skipped",
    ),
  ];
}

/**
 * The options of one run. Throws UsageError for bad input, and CommanderError with exit code 0 when help was
 * shown.
 */
export function parseCommandLine(argv: readonly string[], writeHelp: (text: string) => void): CliOptions {
  const command = program();
  parseFlags(command, argv, writeHelp, "npm start --");
  const raw = command.opts<RawOptions>();
  checkCombinations(raw);
  return {
    stack: raw.stack,
    source:
      raw.input !== undefined
        ? { kind: "input", input: parseInput(raw.input) }
        : raw.orders !== undefined
          ? { kind: "orders", file: raw.orders }
          : { kind: "scenarios" },
    ...(raw.declineRate === undefined ? {} : { declineRate: parseDeclineRate(raw.declineRate) }),
    faults: raw.fault,
    ...(raw.seed === undefined ? {} : { seed: parseSeed(raw.seed) }),
    json: raw.json,
    fast: raw.fast,
    ...(raw.serve ? { serve: { port: raw.port === undefined ? DEFAULT_PORT : parsePort(raw.port) } } : {}),
    ...(raw.outageDemo === undefined
      ? {}
      : {
          outageDemo: {
            orders: raw.outageDemo === true ? DEFAULT_OUTAGE_ORDERS : parseOutageOrders(raw.outageDemo),
          },
        }),
    ...(raw.canary === undefined ? {} : { canary: { percent: parseCanaryPercent(raw.canary) } }),
  };
}

/**
 * Refuses flags that do not go together: --canary with --input or another mode, --input with --orders,
 * --outage-demo or --serve with the orders' flags.
 */
function checkCombinations(raw: RawOptions): void {
  checkCanaryCombinations(raw);
  if (raw.input !== undefined && raw.orders !== undefined) {
    throw new UsageError(
      "--input and --orders were both given",
      "one of them, or neither to run the sample scenarios",
    );
  }
  if (raw.outageDemo !== undefined) {
    const conflicts = [
      ...(raw.input === undefined ? [] : ["--input"]),
      ...(raw.orders === undefined ? [] : ["--orders"]),
      ...(raw.json ? ["--json"] : []),
      ...(raw.serve ? ["--serve"] : []),
      ...(raw.fault.length === 0 ? [] : ["--fault"]),
      ...(raw.declineRate === undefined ? [] : ["--decline-rate"]),
    ];
    if (conflicts.length > 0) {
      throw new UsageError(
        `--outage-demo was given with ${conflicts.join(" and ")}; the demo runs its own orders, outage and gateway`,
        "--outage-demo with --stack, --seed and --fast",
      );
    }
  }
  if (raw.port !== undefined && !raw.serve) {
    throw new UsageError(`--port ${quoted(raw.port)} was given without --serve`, "--port with --serve only");
  }
  const serveConflicts = [
    ...(raw.input === undefined ? [] : ["--input"]),
    ...(raw.orders === undefined ? [] : ["--orders"]),
    ...(raw.json ? ["--json"] : []),
  ];
  if (raw.serve && serveConflicts.length > 0) {
    throw new UsageError(
      `--serve was given with ${serveConflicts.join(" and ")}; the endpoint runs only the executions its clients start`,
      "--serve with --stack, --port, --decline-rate, --fault, --seed and --fast",
    );
  }
}

/**
 * `--canary` compares the versions on several orders: one `--input` order would run on one version only, and the
 * endpoint and the demo run executions of their own. `--fault` fails the run's first calls in call order, so
 * which version its failures fall on depends on how the executions interleave, not on the change.
 */
function checkCanaryCombinations(raw: RawOptions): void {
  if (raw.canary === undefined) return;
  const allowed = "--canary with --stack, --orders, --decline-rate, --seed, --json and --fast";
  const conflicts = [
    ...(raw.input === undefined ? [] : ["--input"]),
    ...(raw.serve ? ["--serve"] : []),
    ...(raw.port === undefined ? [] : ["--port"]),
    ...(raw.outageDemo === undefined ? [] : ["--outage-demo"]),
  ];
  if (conflicts.length > 0) {
    throw new UsageError(
      `--canary ${quoted(raw.canary)} was given with ${conflicts.join(" and ")}; the comparison runs the sample ` +
        "scenarios or the --orders file, split between the two versions",
      allowed,
    );
  }
  const [fault] = raw.fault;
  if (fault !== undefined) {
    throw new UsageError(
      `--canary ${quoted(raw.canary)} was given with --fault ${quoted(fault)}; a fault fails the run's first ` +
        "calls whichever version makes them, so it would fall on one version by timing, not by the change " +
        "(the sample scenarios inject their faults per execution)",
      allowed,
    );
  }
}

/** `--outage-demo <orders>`: how many orders go through the outage. */
function parseOutageOrders(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_OUTAGE_ORDERS) {
    throw new UsageError(`--outage-demo ${quoted(text)} is not a number of orders`, OUTAGE_ORDERS_RULE);
  }
  return Number(text);
}
