import { Command, CommanderError, InvalidArgumentError, Option } from "commander";

import { availableStacks } from "../../capture/stack-config";
import { projectDir } from "../../model/project-dir";
import type { BenchSettings } from "./bench";
import { DEFAULT_MIX, formatMix, ORDER_KIND_HELP, ORDER_KINDS, parseMix } from "./mix";
import { parseConcurrency, parseOrders, parseSeed } from "./flag-values";

export interface BenchOptions extends BenchSettings {
  readonly json: boolean;
}

/** Exit code for a bad flag, as for any command-line usage error. */
export const USAGE_EXIT_CODE = 2;

const DEFAULTS = { orders: 10_000, concurrency: 16, stack: "dev", seed: 1 } as const;

/** commander's parsers must throw InvalidArgumentError for commander to name the flag and the value. */
function argument<T>(parse: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return parse(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new InvalidArgumentError(`${message.charAt(0).toUpperCase()}${message.slice(1)}.`);
    }
  };
}

function program(): Command {
  const kinds = ORDER_KINDS.map((kind) => `  ${kind}: ${ORDER_KIND_HELP[kind]}`).join("\n");
  return new Command("bench")
    .description(
      "Runs orders through the stack's state machine in the local simulator and reports throughput, latency, " +
        "memory, transitions, retries, log volume and the cost of a million orders at AWS list prices, on " +
        "STANDARD and on EXPRESS side by side.",
    )
    .addOption(
      new Option("--orders <n>", "orders to run").default(DEFAULTS.orders).argParser(argument(parseOrders)),
    )
    .addOption(
      new Option("--concurrency <n>", "executions running at once")
        .default(DEFAULTS.concurrency)
        .argParser(argument(parseConcurrency)),
    )
    .addOption(
      new Option("--mix <shares>", "share of each kind of order, summing to 1")
        .default(DEFAULT_MIX, formatMix(DEFAULT_MIX))
        .argParser(argument(parseMix)),
    )
    .addOption(
      new Option("--stack <name>", "stack whose deployment runs")
        .default(DEFAULTS.stack)
        .choices(availableStacks(projectDir())),
    )
    .addOption(
      new Option("--seed <int>", "seed of the order generator")
        .default(DEFAULTS.seed)
        .argParser(argument(parseSeed)),
    )
    .addOption(new Option("--json", "print the report as JSON").default(false))
    .addHelpText(
      "after",
      `\nKinds of order:\n${kinds}\n\nDeclines and faults are injected per execution; the gateway's own random declines and its latency are\nturned off, so each order's outcome is known in advance. Retry waits are skipped, and counted in\nExpress's duration as the definition would make them.\n`,
    )
    .showSuggestionAfterError(true);
}

/** commander names an unknown flag but not the known ones; the one error line lists them. */
function withAllowedFlags(command: Command): Command {
  const flags = [...command.options.map((option) => option.long ?? option.flags), "--help"].join(", ");
  return command.configureOutput({
    outputError: (text, write) => {
      const line = text.trimEnd().replaceAll("\n", " ");
      write(/unknown option/.test(text) ? `${line} (flags: ${flags})\n` : `${line}\n`);
    },
  });
}

/** The parsed flags, or an exit code: 0 after --help, 2 after a bad flag (commander has written the message). */
export function parseBenchOptions(argv: readonly string[]): BenchOptions | { readonly exitCode: number } {
  const command = withAllowedFlags(program()).exitOverride();
  try {
    command.parse(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      return { exitCode: error.exitCode === 0 ? 0 : USAGE_EXIT_CODE };
    }
    throw error;
  }
  return command.opts<BenchOptions>();
}
