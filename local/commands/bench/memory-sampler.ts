/** Samples the process's memory on an interval; the Lambda workers are threads of this process, so RSS covers them. */
export class MemorySampler {
  private peakRssBytes = 0;
  private peakHeapUsedBytes = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs: number) {
    this.sample();
    this.timer = setInterval(() => {
      this.sample();
    }, intervalMs);
    // Sampling must never keep the bench alive.
    this.timer.unref();
  }

  stop(): { readonly peakRssBytes: number; readonly peakHeapUsedBytes: number } {
    clearInterval(this.timer);
    this.sample();
    return { peakRssBytes: this.peakRssBytes, peakHeapUsedBytes: this.peakHeapUsedBytes };
  }

  private sample(): void {
    const { rss, heapUsed } = process.memoryUsage();
    this.peakRssBytes = Math.max(this.peakRssBytes, rss);
    this.peakHeapUsedBytes = Math.max(this.peakHeapUsedBytes, heapUsed);
  }
}
