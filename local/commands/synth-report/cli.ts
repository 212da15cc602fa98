import * as fs from "node:fs";
import * as path from "node:path";
import { availableStacks } from "../../capture/stack-config";
import { PROJECT_DIR, synthesize } from "../../capture/synth";
import { parseFlags, UsageError } from "./flags";
import { buildSynthReport } from "./report";

export interface SynthArgs {
  readonly stack: string;
  /** Where to write the report's files; stdout when left out. */
  readonly out?: string;
}

/** Where the command writes; a test passes its own. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export function parseSynthArgs(argv: readonly string[], stacks: readonly string[]): SynthArgs {
  const flags = parseFlags(argv, { stack: "<env>", out: "<dir>" });
  const allowed = stacks.join(", ");
  if (flags.stack === undefined) throw new UsageError(`Missing --stack <env>; stacks: ${allowed}.`);
  if (!stacks.includes(flags.stack)) {
    throw new UsageError(`Unknown stack ${JSON.stringify(flags.stack)} for --stack; stacks: ${allowed}.`);
  }
  return { stack: flags.stack, ...(flags.out === undefined ? {} : { out: flags.out }) };
}

/** `npm run synth -- --stack <env> [--out <dir>]`; resolves to the exit code. */
export async function runSynth(argv: readonly string[], io: Io): Promise<number> {
  let args: SynthArgs;
  try {
    args = parseSynthArgs(argv, availableStacks(PROJECT_DIR));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`synth: ${error.message}\n`);
    return 2;
  }
  const report = await buildSynthReport(await synthesize(args.stack));
  if (args.out === undefined) {
    // Headers as `head` prints them for several files.
    io.stdout(
      Object.entries(report)
        .map(([file, text]) => `==> ${file} <==\n${text}`)
        .join("\n"),
    );
    return 0;
  }
  fs.mkdirSync(args.out, { recursive: true });
  for (const [file, text] of Object.entries(report)) {
    fs.writeFileSync(path.join(args.out, file), text);
    io.stdout(`wrote ${path.join(args.out, file)}\n`);
  }
  return 0;
}
