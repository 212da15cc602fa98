import { parseConcurrency, parseOrders, parseSeed } from "../../local/commands/bench/flag-values";

test.each([
  [parseOrders, "10000", 10_000],
  [parseOrders, "1", 1],
  [parseConcurrency, "256", 256],
  [parseSeed, "-7", -7],
  [parseSeed, "2147483647", 2_147_483_647],
])("parses %p(%j)", (parse, text, value) => {
  expect(parse(text)).toBe(value);
});

test.each([
  [parseOrders, "0", "expected a whole number from 1 to 1000000"],
  [parseOrders, "1.5", "expected a whole number from 1 to 1000000"],
  [parseOrders, "ten", "expected a whole number from 1 to 1000000"],
  [parseOrders, "1e3", "expected a whole number from 1 to 1000000"],
  [parseConcurrency, "257", "expected a whole number from 1 to 256"],
  [parseSeed, "2147483648", "expected a whole number from -2147483648 to 2147483647"],
])("fails when %p gets %j", (parse, text, message) => {
  expect(() => parse(text)).toThrow(new Error(message));
});
