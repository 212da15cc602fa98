import { parseCanaryPercent } from "../../local/commands/start/flag-values";

// The combinations with other flags and the help text go through Commander, which jest cannot load (an ES
// module): canary-cli-process.test.ts checks them on the command line.

const CANARY_RULE = "allowed: a whole percentage from 1 to 99, as a canary DeploymentPreference's Percentage";

test.each([
  ["1", 1],
  ["10", 10],
  ["99", 99],
  ["07", 7],
])("--canary %s routes %d percent of the orders to the candidate", (text, percent) => {
  expect(parseCanaryPercent(text)).toBe(percent);
});

test.each([
  ["0", `--canary "0" is less than 1; ${CANARY_RULE}`],
  ["100", `--canary "100" is more than 99; ${CANARY_RULE}`],
  ["12.5", `--canary "12.5" is not a whole number; ${CANARY_RULE}`],
  ["-5", `--canary "-5" is not a whole number; ${CANARY_RULE}`],
  ["ten", `--canary "ten" is not a whole number; ${CANARY_RULE}`],
  ["", `--canary "" is not a whole number; ${CANARY_RULE}`],
  ["1e1", `--canary "1e1" is not a whole number; ${CANARY_RULE}`],
  [" 10", `--canary " 10" is not a whole number; ${CANARY_RULE}`],
])("fails when --canary is %j", (text, message) => {
  expect(() => parseCanaryPercent(text)).toThrow(message);
});
