/**
 * Long options for this project's small report commands. Not commander: commander 15 is an ES module, which
 * jest (CommonJS here) cannot load, and these commands are tested in-process.
 */

/** Bad command-line input: one line for stderr, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Each option by name: the placeholder of its value, or `null` for a flag that takes none. */
export type FlagSpec = Readonly<Record<string, string | null>>;

export type Flags<S extends FlagSpec> = { readonly [K in keyof S]?: S[K] extends string ? string : true };

function describe(spec: FlagSpec): string {
  return Object.entries(spec)
    .map(([name, value]) => (value === null ? `--${name}` : `--${name} ${value}`))
    .join(", ");
}

/** `--name value`, `--name=value` and bare `--flag`; anything else is a {@link UsageError}. */
export function parseFlags<S extends FlagSpec>(argv: readonly string[], spec: S): Flags<S> {
  const found: Record<string, string | true> = {};
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? "";
    const match = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    if (match === null) {
      throw new UsageError(`Unexpected argument ${JSON.stringify(arg)}; options: ${describe(spec)}.`);
    }
    const [, name = "", inline] = match;
    const placeholder = spec[name];
    if (placeholder === undefined) {
      throw new UsageError(`Unknown option --${name}; options: ${describe(spec)}.`);
    }
    if (name in found) throw new UsageError(`Option --${name} is given twice; give it once.`);
    if (placeholder === null) {
      if (inline !== undefined) {
        throw new UsageError(`Option --${name} takes no value; received ${JSON.stringify(inline)}.`);
      }
      found[name] = true;
      continue;
    }
    const value = inline ?? argv[index + 1];
    if (value === undefined || value === "" || (inline === undefined && value.startsWith("--"))) {
      throw new UsageError(`Option --${name} needs a value: --${name} ${placeholder}.`);
    }
    if (inline === undefined) index++;
    found[name] = value;
  }
  return found as Flags<S>;
}
