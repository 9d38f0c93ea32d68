// Latency histogram: logarithmic buckets 1% apart from 1 µs to about 3 minutes. Recording is
// O(1) and memory fixed, so a step may record millions of deliveries; percentiles are exact to
// within the 1% bucket width (the maximum is exact).
const GROWTH = 1.01;
const LOG_GROWTH = Math.log(GROWTH);
const BUCKETS = 1925; // 1.01^1925 µs ≈ 210 s

export class Histogram {
  constructor() {
    this.counts = new Float64Array(BUCKETS);
    this.count = 0;
    this.max = 0;
  }

  record(ms) {
    const us = ms * 1000;
    const bucket = us <= 1 ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(us) / LOG_GROWTH));
    this.counts[bucket]++;
    this.count++;
    if (ms > this.max) this.max = ms;
  }

  /** The smallest bucket bound that p percent of the samples do not exceed, in ms. */
  percentile(p) {
    if (this.count === 0) return null;
    const wanted = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      seen += this.counts[bucket];
      if (seen >= wanted) return Math.min(GROWTH ** bucket / 1000, this.max);
    }
    return this.max;
  }

  summary() {
    const round = (ms) => (ms === null ? null : Math.round(ms * 100) / 100);
    return { count: this.count, p50Ms: round(this.percentile(50)), p99Ms: round(this.percentile(99)), maxMs: round(this.max) };
  }
}
