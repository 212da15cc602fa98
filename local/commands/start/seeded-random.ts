import { createHash, randomInt } from "node:crypto";

import { xoroshiro128plus, type RandomGenerator } from "pure-rand";

import { MAX_SEED } from "./flag-values";

/** A seed for a run given none: printed, so that the run can be repeated with --seed. */
export function pickSeed(): number {
  return randomInt(0, MAX_SEED + 1);
}

/**
 * A generator for one use of the run's seed (`purpose`), so that each use draws its own sequence and adding a use
 * changes no other's.
 */
export function seededGenerator(purpose: string, seed: number): RandomGenerator {
  // xoroshiro128plus's first outputs from a small seed are barely mixed (seed 1 starts with fffffffe).
  const mixed = createHash("sha256").update(`${purpose}:${seed}`).digest().readUInt32BE(0);
  return xoroshiro128plus(mixed);
}

/**
 * Execution names: `<label>-<8 hex digits>`, the digits drawn from the seed. Unique within a run because
 * labels are, and the same in every run with the same seed and inputs.
 */
export class ExecutionNames {
  private readonly generator: RandomGenerator;

  constructor(seed: number) {
    this.generator = seededGenerator("execution-names", seed);
  }

  next(label: string): string {
    const suffix = (this.generator.unsafeNext() >>> 0).toString(16).padStart(8, "0");
    return `${label}-${suffix}`;
  }
}
