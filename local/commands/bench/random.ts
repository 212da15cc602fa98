import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from "pure-rand";

/** A seeded source of random choices, so that a bench run can be repeated order for order. */
export class SeededRandom {
  private readonly generator: RandomGenerator;

  constructor(seed: number) {
    this.generator = xoroshiro128plus(seed);
  }

  /** A whole number from `from` to `to`, both included. */
  int(from: number, to: number): number {
    return unsafeUniformIntDistribution(from, to, this.generator);
  }

  /** Uniform in [0, 1), with 2^-30 resolution: enough to pick an order kind by its share. */
  fraction(): number {
    return this.int(0, 2 ** 30 - 1) / 2 ** 30;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new Error("pick needs at least one item");
    return item;
  }
}
