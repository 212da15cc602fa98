import type { SettingKey } from "./setting-keys";

/**
 * Reads a stack's raw config one key at a time and keeps every problem rather than stopping at the first, so
 * that a stack with several bad keys hears of all of them at once.
 */
export class SettingsReader {
  /** What is wrong with the stack's settings, in the order it was found. */
  readonly problems: string[] = [];
  private readonly unparsed = new Set<SettingKey>();

  /**
   * @param project The Pulumi project, which prefixes every key in the stack's config.
   * @param raw Config values by key without the project prefix.
   */
  constructor(
    private readonly project: string,
    private readonly raw: Readonly<Record<string, string | undefined>>,
  ) {}

  /** The key as the stack's config file names it. */
  field(key: SettingKey): string {
    return `${this.project}:${key}`;
  }

  /**
   * The key's value, parsed and checked by `parse`; undefined when the stack leaves it out, or when `parse`
   * throws, whose message is then a problem.
   */
  read<T>(key: SettingKey, parse: (value: string, field: string) => T): T | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    try {
      return parse(value, this.field(key));
    } catch (error) {
      this.report(error);
      this.unparsed.add(key);
      return undefined;
    }
  }

  /** Whether any of the keys had a value that failed to parse, and so was reported already. */
  anyUnparsed(keys: readonly SettingKey[]): boolean {
    return keys.some((key) => this.unparsed.has(key));
  }

  /** Keeps a problem: a message, or what a check threw. */
  report(problem: unknown): void {
    this.problems.push(problem instanceof Error ? problem.message : String(problem));
  }
}
