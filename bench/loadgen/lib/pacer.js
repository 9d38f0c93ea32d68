// Publishing at a steady rate: push i of a step is due at i / rate seconds after the step starts.
// A timer wakes every few milliseconds and publishes, in one batch, every push that has come due,
// so a late wake-up is caught up at once instead of lowering the rate.
const TICK_MS = 5;

/** The push data: {"seq":S,"t":T,"pad":"..."} padded to exactly `bytes` bytes (ASCII). */
export function payload(seq, bytes) {
  const head = `{"seq":${seq},"t":${performance.now().toFixed(3)},"pad":"`;
  return head + 'x'.repeat(Math.max(0, bytes - head.length - 2)) + '"}';
}

/**
 * Publishes `count` pushes at `rate` per second with publisher.publish(batch); makeData(seq)
 * gives each push's data and `firstSeq` the first sequence number. Resolves when the last push was
 * handed to the publisher, with the time that took.
 */
export function pace({ publisher, opType, rate, count, firstSeq, makeData }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let sent = 0;
    const tick = () => {
      if (publisher.error) { reject(publisher.error); return; }
      const due = Math.min(count, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
      if (due > sent) {
        const batch = [];
        for (; sent < due; sent++) batch.push({ opType, data: makeData(firstSeq + sent) });
        publisher.publish(batch);
      }
      if (sent >= count) resolve({ published: count, ms: performance.now() - started });
      else setTimeout(tick, TICK_MS);
    };
    tick();
  });
}
