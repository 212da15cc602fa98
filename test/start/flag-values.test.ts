import { parseDeclineRate, parseInput, parseSeed } from "../../local/commands/start/flag-values";

test.each([
  ["0", 0],
  ["1", 1],
  ["0.25", 0.25],
  [".5", 0.5],
  ["1.0", 1],
])("--decline-rate %s is %d", (text, rate) => {
  expect(parseDeclineRate(text)).toBe(rate);
});

const RATE_RULE = "allowed: a number from 0 to 1 (0 never declines, 1 always declines)";

test.each([
  ["1.5", `--decline-rate "1.5" is more than 1; ${RATE_RULE}`],
  ["-0.1", `--decline-rate "-0.1" is not a number; ${RATE_RULE}`],
  ["abc", `--decline-rate "abc" is not a number; ${RATE_RULE}`],
  ["", `--decline-rate "" is not a number; ${RATE_RULE}`],
  ["0x1", `--decline-rate "0x1" is not a number; ${RATE_RULE}`],
  ["1e-1", `--decline-rate "1e-1" is not a number; ${RATE_RULE}`],
])("fails when --decline-rate is %j", (text, message) => {
  expect(() => parseDeclineRate(text)).toThrow(message);
});

test.each([
  ["0", 0],
  ["42", 42],
  ["4294967295", 4294967295],
])("--seed %s is %d", (text, seed) => {
  expect(parseSeed(text)).toBe(seed);
});

test.each([
  ["-1", `--seed "-1" is not a whole number; allowed: a whole number from 0 to 4294967295`],
  ["1.5", `--seed "1.5" is not a whole number; allowed: a whole number from 0 to 4294967295`],
  ["seven", `--seed "seven" is not a whole number; allowed: a whole number from 0 to 4294967295`],
  ["4294967296", `--seed "4294967296" is too large; allowed: a whole number from 0 to 4294967295`],
])("fails when --seed is %j", (text, message) => {
  expect(() => parseSeed(text)).toThrow(message);
});

test.each([
  ['{"orderId":"o-1","amount":12}', { orderId: "o-1", amount: 12 }],
  ['"just text"', "just text"],
  ["null", null],
])("--input %s is any JSON value", (text, input) => {
  expect(parseInput(text)).toEqual(input);
});

test("fails when --input is not JSON", () => {
  expect(() => parseInput("{orderId: 1}")).toThrow(
    `--input "{orderId: 1}" is not JSON (Expected property name or '}' in JSON at position 1 (line 1 column 2)); ` +
      `allowed: one JSON value, e.g. '{"orderId":"o-1","amount":12}'`,
  );
});
