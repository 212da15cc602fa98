import { describeKind, renderValue } from "../../functions/shared/describe-value";

describe("describeKind", () => {
  test.each<[unknown, string]>([
    [{}, "an object"],
    [[], "an array"],
    [null, "null"],
    [undefined, "nothing"],
    ["", "a string"],
    [0, "a number"],
    [false, "a boolean"],
    [10n, "a bigint"],
    [() => 1, "a function"],
  ])("describes %p as %s", (value, expected) => {
    expect(describeKind(value)).toBe(expected);
  });
});

describe("renderValue", () => {
  test.each<[string, unknown, string]>([
    ["quotes a short string", "usd", '"usd"'],
    ["quotes an empty string", "", '""'],
    ["keeps a string of exactly 32 characters whole", "b".repeat(32), `"${"b".repeat(32)}"`],
    [
      "truncates a 33-character string and states its length",
      "c".repeat(33),
      `"${"c".repeat(32)}…" (33 characters)`,
    ],
    ["escapes quotes and control characters", 'a"b\nc', '"a\\"b\\nc"'],
    [
      "counts characters, not UTF-16 units, when truncating",
      "😀".repeat(40),
      `"${"😀".repeat(32)}…" (40 characters)`,
    ],
    ["renders a number with its kind", 12.5, "12.5 (a number)"],
    ["renders a boolean with its kind", false, "false (a boolean)"],
    ["renders null", null, "null"],
    ["describes an object without echoing it", { secret: "x" }, "an object"],
    ["describes an array without echoing it", ["x"], "an array"],
  ])("%s", (_name, value, expected) => {
    expect(renderValue(value)).toBe(expected);
  });
});
