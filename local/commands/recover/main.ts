import { CommanderError } from "commander";

import { parseRecoverCommandLine } from "./options";
import { MissingOutputsError, findOutputs } from "./stack-outputs";
import { USAGE_EXIT_CODE, UsageError } from "../start/usage-error";

/** Any message left in the queue (a dry run's included), or an AWS error: the run is not done. */
const LEFT_EXIT_CODE = 1;

function line(text: string): void {
  process.stderr.write(`npm run recover: ${text.replaceAll(/\s*\n\s*/g, " ")}\n`);
}

/** Exit codes: 0 when the failure queue is empty at the end, 1 while anything is left, 2 for bad input. */
async function main(argv: readonly string[]): Promise<number> {
  try {
    const options = parseRecoverCommandLine(argv, (text) => process.stdout.write(text));
    const outputs = findOutputs({
      stack: options.stack,
      env: process.env,
      ...(options.outputsFile === undefined ? {} : { file: options.outputsFile }),
    });
    // The SDK loads once the command line and the outputs are known. Credentials, region and endpoint come from
    // the standard chain: AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL (as `npm start -- --serve` exports it), ...
    const [{ SFNClient }, { SQSClient }, { recover }] = await Promise.all([
      import("@aws-sdk/client-sfn"),
      import("@aws-sdk/client-sqs"),
      import("./recover"),
    ]);
    const outcomes = await recover(
      outputs,
      { sfn: new SFNClient({}), sqs: new SQSClient({}) },
      { apply: options.apply, waitSeconds: options.waitSeconds },
      (text) => process.stdout.write(`${text}\n`),
    );
    return outcomes.some((outcome) => !outcome.deleted) ? LEFT_EXIT_CODE : 0;
  } catch (error) {
    if (error instanceof CommanderError && error.exitCode === 0) return 0;
    if (error instanceof UsageError || error instanceof MissingOutputsError) {
      line(error.message);
      return USAGE_EXIT_CODE;
    }
    line(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    return LEFT_EXIT_CODE;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    line(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = LEFT_EXIT_CODE;
  },
);
