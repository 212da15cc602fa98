import { DEFAULT_MIX, formatMix, parseMix } from "../../local/commands/bench/mix";

const RULE =
  "expected comma-separated kind=share pairs, kinds valid, invalid, decline, fault, each share from 0 to 1, summing to 1";

test.each([
  ["valid=0.7,invalid=0.1,decline=0.1,fault=0.1", { valid: 0.7, invalid: 0.1, decline: 0.1, fault: 0.1 }],
  ["valid=1", { valid: 1, invalid: 0, decline: 0, fault: 0 }],
  [" decline = 0.5 , fault=.5", { valid: 0, invalid: 0, decline: 0.5, fault: 0.5 }],
  ["valid=0.3,invalid=0.3,decline=0.3,fault=0.1", { valid: 0.3, invalid: 0.3, decline: 0.3, fault: 0.1 }],
])("parses %j", (text, mix) => {
  expect(parseMix(text)).toEqual(mix);
});

test.each([
  ["valid=0.7,invalid=0.1", `shares sum to 0.8; ${RULE}`],
  ["valid=0.7,invalid=0.4", `shares sum to 1.1; ${RULE}`],
  ["valid=0.7,bogus=0.3", `unknown kind "bogus"; ${RULE}`],
  ["valid=0.7,valid=0.3", `kind valid is given twice; ${RULE}`],
  ["valid=1.5", `share of valid is "1.5"; ${RULE}`],
  ["valid=-0.5,fault=1.5", `share of valid is "-0.5"; ${RULE}`],
  ["valid=abc", `share of valid is "abc"; ${RULE}`],
  ["valid", `"valid" is not kind=share; ${RULE}`],
  ["valid=0.5=0.5", `"valid=0.5=0.5" is not kind=share; ${RULE}`],
  ["", `"" is not kind=share; ${RULE}`],
])("fails when the mix is %j", (text, message) => {
  expect(() => parseMix(text)).toThrow(new Error(message));
});

test("the default mix reads back as itself", () => {
  expect(parseMix(formatMix(DEFAULT_MIX))).toEqual(DEFAULT_MIX);
});
