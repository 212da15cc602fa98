/** A progress or diagnostic line: on stderr, so that `--json` output on stdout stays a JSON document. */
export function info(line: string): void {
  process.stderr.write(`${line}\n`);
}
