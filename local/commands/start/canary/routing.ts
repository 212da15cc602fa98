import { unsafeUniformIntDistribution } from "pure-rand";

import { seededGenerator } from "../seeded-random";

/** The two definitions a canary runs: the committed one and the one under review. */
export const VERSIONS = ["baseline", "candidate"] as const;
export type Version = (typeof VERSIONS)[number];

/**
 * Which version runs each of `count` executions, in start order. An alias with two weighted versions picks at
 * random per execution ("Step Functions randomly chooses which version runs a given execution based on the
 * percentage", https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachineAlias.html),
 * so a share is not dealt out exactly: each execution draws from the run's seed, its own sequence so that the
 * execution names and the handlers' randomness are those of a plain run with the same seed.
 */
export function routeExecutions(count: number, candidatePercent: number, seed: number): Version[] {
  const generator = seededGenerator("canary-routing", seed);
  return Array.from({ length: count }, () =>
    unsafeUniformIntDistribution(0, 99, generator) < candidatePercent ? "candidate" : "baseline",
  );
}
