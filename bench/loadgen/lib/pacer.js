// Publishing at a steady rate: push i of a step is due at i / rate seconds after the step starts.
// A timer wakes every few milliseconds and publishes, in one batch, every push that has come due,
// so a late wake-up is caught up at once instead of lowering the rate.
const TICK_MS = 5;

/** The push data: {"seq":S,"t":T,"pad":"..."} padded to exactly `bytes` bytes (ASCII). */
export function payload(seq, bytes, kind = 'pad') {
  if (kind === 'json') return orderPayload(seq, bytes);
  const head = `{"seq":${seq},"t":${performance.now().toFixed(3)},"pad":"`;
  return head + 'x'.repeat(Math.max(0, bytes - head.length - 2)) + '"}';
}

const WORDS = ['red', 'blue', 'cotton', 'shirt', 'lamp', 'desk', 'walnut', 'steel', 'kettle', 'oak', 'linen', 'mug',
  'glass', 'chair', 'wool', 'scarf', 'brass', 'clock', 'maple', 'tray'];

/**
 * Data shaped like a business push (an order with lines of varied names, numbers and ids), about
 * `bytes` long: compressible as real JSON is, not as a run of one letter is. Deterministic per seq.
 */
function orderPayload(seq, bytes) {
  let state = (seq * 2654435761) >>> 0;
  const next = (n) => { state = (state * 1103515245 + 12345) >>> 0; return state % n; };
  const head = `{"seq":${seq},"t":${performance.now().toFixed(3)},"order":{"id":"ORD-${100000 + next(900000)}",`
    + `"customer":"C${next(99999)}","status":"${['new', 'paid', 'packed', 'shipped'][next(4)]}"},"lines":[`;
  let out = head;
  for (let i = 0; out.length < bytes - 120; i++) {
    out += `${i ? ',' : ''}{"sku":"SKU-${next(99999)}","name":"${WORDS[next(20)]} ${WORDS[next(20)]}","qty":${1 + next(9)},`
      + `"price":"${next(500)}.${String(next(100)).padStart(2, '0')}"}`;
  }
  return out + ']}';
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
