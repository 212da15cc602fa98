import { parseOrderFile } from "../../local/commands/start/order-file";

const RULE = "allowed: a JSON array of orders, or JSON lines (one JSON value per line, blank lines allowed)";

test("a JSON array holds the orders, however it is laid out", () => {
  const text = '[\n  {"orderId":"o-1","amount":12},\n  "not an order",\n  null\n]\n';
  expect(parseOrderFile(text, "orders.json")).toEqual([{ orderId: "o-1", amount: 12 }, "not an order", null]);
});

test("JSON lines: one value per line, blank lines skipped, a line may hold an array", () => {
  const text = '{"orderId":"o-1","amount":12}\n\n  \n[1,2]\r\n"text"\n';
  expect(parseOrderFile(text, "orders.jsonl")).toEqual([{ orderId: "o-1", amount: 12 }, [1, 2], "text"]);
});

test("a single object is a file of one order", () => {
  expect(parseOrderFile('{"orderId":"o-1","amount":12}', "one.json")).toEqual([
    { orderId: "o-1", amount: 12 },
  ]);
});

test("fails when a JSON line is not JSON, naming the file and the line", () => {
  const text = '{"orderId":"o-1","amount":12}\n\n{"orderId":"o-2","amount":}\n';
  expect(() => parseOrderFile(text, "orders.jsonl")).toThrow(
    `--orders "orders.jsonl" line 3 is not JSON (Unexpected token '}', ...","amount":}" is not valid JSON); ${RULE}`,
  );
});

test("fails when a multi-line array is broken, with the parser's position", () => {
  const text = '[\n  {"orderId":"o-1","amount":12},\n  {"orderId":"o-2",}\n]\n';
  expect(() => parseOrderFile(text, "orders.json")).toThrow(
    `--orders "orders.json" is not a JSON array (Expected double-quoted property name in JSON at position 54 (line 3 column 20)); ${RULE}`,
  );
});

test.each([
  ["", '--orders "empty.json" holds no orders'],
  ["\n\n", '--orders "empty.json" holds no orders'],
  ["[]", '--orders "empty.json" holds no orders'],
])("fails when the file %j holds no orders", (text, problem) => {
  expect(() => parseOrderFile(text, "empty.json")).toThrow(`${problem}; ${RULE}`);
});
