/**
 * Reconnect delays: exponential with full jitter, random in [min, min·2^attempt] capped at max,
 * so that thousands of clients dropped together by one server do not return in step.
 */
export class Backoff {
  /**
   * @param {number} minMs first ceiling and smallest delay
   * @param {number} maxMs largest delay
   * @param {() => number} random a source of numbers in [0, 1)
   */
  constructor(minMs, maxMs, random) {
    this.minMs = minMs;
    this.maxMs = maxMs;
    this.random = random;
    this.attempt = 0;
  }

  /** The delay before the next attempt; each call doubles the ceiling up to `maxMs`. */
  next() {
    const ceiling = Math.min(this.maxMs, this.minMs * 2 ** Math.min(this.attempt, 20));
    this.attempt++;
    return Math.round(this.minMs + this.random() * (ceiling - this.minMs));
  }

  /** Back to the first delay, once a connection has been established. */
  reset() {
    this.attempt = 0;
  }
}
