import { percentText, verdictOf, type VersionSummary } from "../../local/commands/start/canary/summary";

/** A summary with `executions`, of which the named ones failed and the `unexpected` ones ended otherwise than expected. */
function summary(
  executions: number,
  failed: readonly string[],
  unexpected: readonly string[],
): VersionSummary {
  return {
    executions,
    statuses: {},
    outcomes: {},
    transitions: { total: 0, perExecution: 0 },
    failures: failed.map((name) => ({ name, status: "FAILED" })),
    unexpected,
  };
}

test.each([
  [0, 0, "0%"],
  [1, 13, "7.7%"],
  [2, 3, "66.7%"],
  [3, 5, "60%"],
  [5, 5, "100%"],
])("%d of %d is %s", (count, of, text) => {
  expect(percentText(count, of)).toBe(text);
});

test("the candidate failing more of its orders than the baseline does worse", () => {
  const versions = { candidate: summary(5, ["a", "b", "c"], ["a", "b", "c"]), baseline: summary(45, [], []) };
  expect(verdictOf(versions, false)).toEqual({
    candidateWorse: true,
    line: "verdict: candidate: 3 of 5 failed (60%); baseline: 0 of 45 (0%). The candidate does worse than the baseline.",
  });
});

test("a scenario that fails by design counts against neither version", () => {
  // table-down ends FAILED on whichever version it is routed to, as its scenario expects.
  const versions = { candidate: summary(2, ["table-down"], []), baseline: summary(13, [], []) };
  expect(verdictOf(versions, true)).toEqual({
    candidateWorse: false,
    line:
      "verdict: candidate: 1 of 2 failed (50%); baseline: 0 of 13 (0%). Not as their scenario expects: " +
      "candidate 0 of 2 (0%), baseline 0 of 13 (0%). The candidate does no worse than the baseline.",
  });
});

test("the same share of unexpected endings on both versions is no worse", () => {
  const versions = { candidate: summary(10, ["a"], ["a"]), baseline: summary(20, ["b", "c"], ["b", "c"]) };
  expect(verdictOf(versions, false).candidateWorse).toBe(false);
});

test("a candidate that ran none of the orders is compared with nothing", () => {
  const versions = { candidate: summary(0, [], []), baseline: summary(15, ["table-down"], []) };
  expect(verdictOf(versions, true)).toEqual({
    candidateWorse: false,
    line:
      "verdict: candidate: 0 of 0 failed (0%); baseline: 1 of 15 (6.7%). The candidate ran none of the orders, " +
      "so nothing is compared (raise --canary, run more --orders or try another --seed).",
  });
});

test("a baseline that ran none of the orders leaves the candidate judged on its own failures", () => {
  expect(
    verdictOf({ candidate: summary(3, ["a"], ["a"]), baseline: summary(0, [], []) }, false).candidateWorse,
  ).toBe(true);
  expect(
    verdictOf({ candidate: summary(3, [], []), baseline: summary(0, [], []) }, false).candidateWorse,
  ).toBe(false);
});
