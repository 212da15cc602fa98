import { mean, percentile } from "../../local/commands/bench/stats";

const HUNDRED = Array.from({ length: 100 }, (_, index) => 100 - index);

test.each([
  [[5], 50, 5],
  [[5], 99, 5],
  [[3, 1, 2], 50, 2],
  [[3, 1, 2], 100, 3],
  [[15, 20, 35, 40, 50], 30, 20],
  [[15, 20, 35, 40, 50], 40, 20],
  [[15, 20, 35, 40, 50], 50, 35],
  [HUNDRED, 50, 50],
  [HUNDRED, 95, 95],
  [HUNDRED, 99, 99],
  [HUNDRED, 99.5, 100],
])("percentile(%j, %d) is %d", (values, p, expected) => {
  expect(percentile(values, p)).toBe(expected);
});

test("percentile leaves its input in order", () => {
  const values = [3, 1, 2];
  percentile(values, 50);
  expect(values).toEqual([3, 1, 2]);
});

test("fails when there are no values", () => {
  expect(() => percentile([], 50)).toThrow(new Error("percentile of no values"));
});

test.each([0, -1, 101])("fails when p is %d", (p) => {
  expect(() => percentile([1], p)).toThrow(
    new Error(`percentile p is ${p}; expected more than 0 and at most 100`),
  );
});

test.each([
  [[], 0],
  [[1, 2, 3, 4], 2.5],
])("mean(%j) is %d", (values, expected) => {
  expect(mean(values)).toBe(expected);
});
