/**
 * The nearest-rank percentile: the smallest value such that at least p% of the values are at most it.
 * @see https://en.wikipedia.org/wiki/Percentile#The_nearest-rank_method
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error("percentile of no values");
  if (!(p > 0 && p <= 100)) throw new Error(`percentile p is ${p}; expected more than 0 and at most 100`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[rank - 1] ?? Number.NaN;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((total, value) => total + value, 0) / values.length;
}
