import { main } from "./cli";
import { info } from "./info";
import { DEFECT_EXIT_CODE, diagnosticLine } from "./usage-error";

// The exit codes are main's (cli.ts), which a test can also run in its own process.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    info(
      diagnosticLine(
        `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      ),
    );
    process.exitCode = DEFECT_EXIT_CODE;
  },
);
