import { formatSortedJson, sortKeysDeep } from "../../local/commands/synth-report/sorted-json";

test("sorts keys at every depth and keeps arrays in their order", () => {
  expect(JSON.stringify(sortKeysDeep({ b: 1, a: { d: [{ z: 1, y: 2 }, 3], c: null } }))).toBe(
    '{"a":{"c":null,"d":[{"y":2,"z":1},3]},"b":1}',
  );
});

test("lays out JSON as Prettier does: objects broken, arrays of scalars on one line while they fit", () => {
  const value = {
    list: ["b", "a"],
    nested: { empty: {}, none: [] },
    objects: [{ k: true }],
    pairs: [[1, 2], [3]],
  };
  expect(formatSortedJson(value, "value")).toBe(
    [
      "{",
      '  "list": ["b", "a"],',
      '  "nested": {',
      '    "empty": {},',
      '    "none": []',
      "  },",
      '  "objects": [',
      "    {",
      '      "k": true',
      "    }",
      "  ],",
      '  "pairs": [',
      "    [1, 2],",
      "    [3]",
      "  ]",
      "}",
      "",
    ].join("\n"),
  );
});

// `  "k": ["…"],` is 110 characters with a 98-character string: Prettier's print width, comma included.
test.each([
  [98, `{\n  "k": ["${"x".repeat(98)}"],\n  "z": 1\n}\n`],
  [99, `{\n  "k": [\n    "${"x".repeat(99)}"\n  ],\n  "z": 1\n}\n`],
])(
  "puts an array with a %d-character string on one line only while it fits in 110 columns",
  (length, expected) => {
    expect(formatSortedJson({ z: 1, k: ["x".repeat(length)] }, "value")).toBe(expected);
  },
);

test("fails when the value is not JSON data", () => {
  expect(() => formatSortedJson({ a: undefined }, "The policy")).toThrow("The policy is not JSON data.");
});
