import { parseBenchOptions } from "./options";
import { startProgress } from "./progress";
import { benchReport } from "./report";
import { formatReport } from "./report-text";

/** Exit code when an order was lost or ended other than planned. */
const LOST_EXIT_CODE = 1;

async function main(): Promise<number> {
  const options = parseBenchOptions(process.argv.slice(2));
  if ("exitCode" in options) return options.exitCode;
  // Loaded after the flags are read, so that `--help` and a bad flag answer without loading Pulumi.
  const { runBench } = await import("./bench");
  const progress = startProgress(options.orders);
  const run = await runBench(options, (done) => {
    progress.update(done);
  }).finally(() => {
    progress.stop();
  });
  const report = benchReport(run);
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  return report.lost.length === 0 ? 0 : LOST_EXIT_CODE;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = LOST_EXIT_CODE;
  },
);
