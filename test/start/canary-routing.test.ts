import { routeExecutions } from "../../local/commands/start/canary/routing";
import { ExecutionNames } from "../../local/commands/start/seeded-random";

function candidates(routes: readonly string[]): number[] {
  return routes.flatMap((version, index) => (version === "candidate" ? [index] : []));
}

test("a seed routes the same executions to the candidate in every run", () => {
  expect(candidates(routeExecutions(15, 10, 11))).toEqual([6, 7, 8]);
  expect(candidates(routeExecutions(15, 10, 11))).toEqual([6, 7, 8]);
  expect(candidates(routeExecutions(15, 10, 12))).toEqual([12, 13]);
});

test.each([
  // [orders, percent, seed, on the candidate]: drawn per execution, so near the percentage, not exactly it.
  [1000, 10, 7, 92],
  [1000, 50, 7, 499],
  [1000, 1, 7, 12],
  [1000, 99, 7, 993],
  [20, 30, 3, 8],
  [20, 30, 42, 2],
])("%d orders at %d%% with seed %d: %d on the candidate", (count, percent, seed, onCandidate) => {
  const routes = routeExecutions(count, percent, seed);
  expect(routes).toHaveLength(count);
  expect(candidates(routes)).toHaveLength(onCandidate);
});

test("an execution's version does not depend on how many orders follow it", () => {
  expect(routeExecutions(40, 25, 3).slice(0, 10)).toEqual(routeExecutions(10, 25, 3));
});

test("a higher percentage keeps every execution the lower one sent to the candidate", () => {
  // One draw per execution, compared with the percentage: the canary grows as a linear rollout's would.
  const low = new Set(candidates(routeExecutions(200, 10, 5)));
  const high = new Set(candidates(routeExecutions(200, 40, 5)));
  expect([...low].filter((index) => !high.has(index))).toEqual([]);
  expect(high.size).toBeGreaterThan(low.size);
});

test("routing draws its own sequence: the execution names are those of a plain run with the seed", () => {
  const names = new ExecutionNames(11);
  routeExecutions(15, 50, 11);
  expect(names.next("authorized")).toBe("authorized-dfefba83");
});
