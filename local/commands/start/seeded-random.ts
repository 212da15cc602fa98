import { createHash, randomInt } from "node:crypto";

import { xoroshiro128plus, type RandomGenerator } from "pure-rand";

import { MAX_SEED } from "./flag-values";

/** A seed for a run given none: printed, so that the run can be repeated with --seed. */
export function pickSeed(): number {
  return randomInt(0, MAX_SEED + 1);
}

/**
 * Execution names: `<label>-<8 hex digits>`, the digits drawn from the seed. Unique within a run because
 * labels are, and the same in every run with the same seed and inputs.
 */
export class ExecutionNames {
  private readonly generator: RandomGenerator;

  constructor(seed: number) {
    // xoroshiro128plus's first outputs from a small seed are barely mixed (seed 1 starts with fffffffe).
    const mixed = createHash("sha256").update(`execution-names:${seed}`).digest().readUInt32BE(0);
    this.generator = xoroshiro128plus(mixed);
  }

  next(label: string): string {
    const suffix = (this.generator.unsafeNext() >>> 0).toString(16).padStart(8, "0");
    return `${label}-${suffix}`;
  }
}
