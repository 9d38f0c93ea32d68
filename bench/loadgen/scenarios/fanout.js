// Fan-out: N subscribers of one opType, one publisher. Measures the connect+subscribe rate,
// memory per idle session, latency at a fixed delivery rate, then raises the rate step by step
// until the server no longer keeps up; every delivery is checked on every connection.
import { Histogram } from '../lib/histogram.js';
import { CpuMeter, liveHeapKiB, rssKiB } from '../lib/procstat.js';
import { createPublisher } from '../lib/publishers.js';
import { Subscribers } from '../lib/subscribers.js';
import { pace, payload } from '../lib/pacer.js';

export const defaults = {
  n: 1000,
  opType: 'bench.fanout',
  payloadBytes: 128,
  payloadKind: 'pad', // 'json': data shaped like an order, compressible as real JSON is (for --deflate)
  deflate: false, // subscribers offer permessage-deflate (the gateway-deflate server accepts it)
  rate: 10_000, // deliveries/s of the fixed phase
  rateStart: 5_000, // deliveries/s of the first rising step
  rateFactor: 1.5,
  maxSteps: 12,
  p99LimitMs: 1000, // a step whose p99 is above this did not keep up
  concurrency: 100, // connections being opened at once
  drainSeconds: 30, // how long the last deliveries may take before they count as lost
  warmupSeconds: 10,
  httpClients: 8, // concurrent keep-alive requests of an http:// publisher
};

const clamp = (value, low, high) => Math.min(high, Math.max(low, value));

export async function run(o) {
  const pids = { server: o.serverPid, ...(o.brokerPid ? { broker: o.brokerPid } : {}) };
  const makeData = (seq) => payload(seq, o.payloadBytes, o.payloadKind);
  const publisher = await createPublisher(o.publish, { httpClients: o.httpClients, publishSecret: o.publishSecret });
  const result = { scenario: 'fanout', server: o.server, n: o.n, pass: o.pass ?? 1, quick: Boolean(o.quick), publish: o.publish };
  let subs;
  try {
    await warmUp(o, publisher, makeData);
    const before = o.quick ? null : { heap: await liveHeapKiB(o.serverPid), rss: rssKiB(o.serverPid) };

    subs = new Subscribers({ url: o.wsUrl, opType: o.opType, deflate: Boolean(o.deflate) });
    result.connect = await subs.open(o.n, { concurrency: o.concurrency, deadlineMs: 60_000 + o.n * 20 });
    if (before) {
      const heap = await liveHeapKiB(o.serverPid);
      const rss = rssKiB(o.serverPid);
      result.memory = { heapKiBPerSession: round((heap - before.heap) / o.n, 1), rssKiBPerSession: round((rss - before.rss) / o.n, 1),
        heapBeforeKiB: before.heap, heapAfterKiB: heap, rssBeforeKiB: before.rss, rssAfterKiB: rss };
    }

    subs.markWire();
    let published = 0;
    const step = async (deliveriesPerSecond, seconds) => {
      const s = await runStep({ o, subs, publisher, pids, makeData, deliveriesPerSecond, seconds, firstSeq: published + 1 });
      published += s.pushes;
      s.integrityOk = isClean(subs.integrity(published), publisher);
      s.keptUp &&= s.integrityOk;
      return s;
    };

    // (a) fixed rate: latency where every server should keep up; about 20 pushes, 10 to 30 s.
    const fixedRate = o.quick ? 5_000 : o.rate;
    result.fixed = await step(fixedRate, o.quick ? 6 : clamp((20 * o.n) / fixedRate, 10, 30));

    // (b) rising rate: the last step that kept up is the sustained rate.
    result.steps = [];
    let rate = o.quick ? 10_000 : o.rateStart;
    for (let i = 0; i < (o.quick ? 1 : o.maxSteps); i++, rate *= o.rateFactor) {
      const pushesPerSecond = rate / o.n;
      const s = await step(rate, o.quick ? 3 : clamp(8 / pushesPerSecond, 4, 20));
      result.steps.push(s);
      if (!s.keptUp) break;
      result.sustained = s;
    }

    // Everything published must arrive, however late, on every session that is still open.
    await subs.whenReceived(published * subs.live, o.drainSeconds * 1000);
    result.published = published;
    result.frameBytes = subs.frameBytes;
    result.wireBytesPerDelivery = subs.wireBytesPerDelivery();
    result.deflateNegotiated = subs.deflateNegotiated;
    result.integrity = { ...subs.integrity(published), publisherKeepsOrder: publisher.ordered };
    result.clean = isClean(result.integrity, publisher) && !publisher.error;
    // A real run overloads the server on purpose in its last step (the gateway then closes slow
    // consumers), so only the quick smoke, which stays within every server's capacity, demands a
    // clean run; a real run is ok when it ran to the end, and reports its integrity.
    result.ok = o.quick ? result.clean : true;
  } catch (error) {
    result.ok = false;
    result.error = String(error?.stack ?? error);
  } finally {
    if (publisher.error) result.publisherError = String(publisher.error);
    await subs?.close();
    publisher.close();
  }
  return result;
}

/** One step: publish at a rate for some seconds, wait (at most p99LimitMs) for every delivery, measure. */
async function runStep({ o, subs, publisher, pids, makeData, deliveriesPerSecond, seconds, firstSeq }) {
  const sessions = subs.live;
  const pushesPerSecond = deliveriesPerSecond / sessions;
  const pushes = Math.max(1, Math.round(pushesPerSecond * seconds));
  const receivedBefore = subs.received;
  const closedBefore = subs.closedWhileLive;
  subs.latency = new Histogram();
  const meter = new CpuMeter(pids);
  await pace({ publisher, opType: o.opType, rate: pushesPerSecond, count: pushes, firstSeq, makeData });
  await publisher.flush();
  const drained = await subs.whenReceived(receivedBefore + pushes * sessions, Math.max(1000, o.p99LimitMs));
  const cpu = meter.read();
  const delivered = subs.received - receivedBefore;
  const latency = subs.latency.summary();
  // The step spans `pushes` publish intervals even though its last push goes out one interval
  // before that: without this, a step of few pushes (N=10,000) would claim up to 1/pushes more.
  const window = Math.max(cpu.wallSeconds, pushes / pushesPerSecond);
  const perDelivery = (seconds) => (seconds === null || seconds === undefined ? null : round((seconds * 1e6) / Math.max(1, delivered), 3));
  const step = {
    targetDeliveriesPerSecond: Math.round(deliveriesPerSecond), pushesPerSecond: round(pushesPerSecond, 2), pushes,
    seconds: round(cpu.wallSeconds, 2), delivered, deliveriesPerSecond: Math.round(delivered / window), latency,
    serverUsPerDelivery: perDelivery(cpu.cpuSeconds.server), brokerUsPerDelivery: perDelivery(cpu.cpuSeconds.broker),
    serverCpuPct: round((cpu.cpuSeconds.server / cpu.wallSeconds) * 100, 1), generatorCpuPct: round(cpu.generatorCpuPct, 1),
    closedSessions: subs.closedWhileLive - closedBefore,
  };
  step.keptUp = drained && step.closedSessions === 0 && latency.p99Ms !== null && latency.p99Ms <= o.p99LimitMs;
  // A step that fell behind still drains before the next phase, so that the integrity check stays exact.
  if (!drained) await subs.whenReceived(receivedBefore + pushes * sessions, o.drainSeconds * 1000);
  return step;
}

/**
 * Sessions of another opType until a push arrives (the gateway's bus subscription may not exist
 * yet right after deployment, and a push published before it is lost), then traffic at the fixed
 * rate for some seconds, so that the JIT has compiled the connect and delivery paths before
 * anything is measured (a fresh JVM on one core is several times slower at first).
 */
async function warmUp(o, publisher, makeData) {
  const sessions = o.quick ? 50 : Math.min(o.n, 500);
  const seconds = o.quick ? 3 : o.warmupSeconds;
  const subs = new Subscribers({ url: o.wsUrl, opType: 'bench.warmup' });
  try {
    await subs.open(sessions, { concurrency: o.concurrency, deadlineMs: 60_000 });
    for (let attempt = 1; attempt <= 120 && subs.received === 0; attempt++) {
      publisher.publish([{ opType: 'bench.warmup', data: makeData(attempt) }]);
      await publisher.flush();
      await subs.whenReceived(1, 500);
    }
    if (subs.received === 0) throw new Error('warm-up: no push reached a subscriber within 60 s');
    const rate = Math.min(500, (o.quick ? 5_000 : o.rate) / sessions);
    const pushes = Math.round(rate * seconds);
    const target = subs.received + pushes * sessions;
    await pace({ publisher, opType: 'bench.warmup', rate, count: pushes, firstSeq: 1, makeData });
    await publisher.flush();
    if (!(await subs.whenReceived(target, o.drainSeconds * 1000))) throw new Error('warm-up: pushes did not arrive in time');
  } finally {
    await subs.close();
  }
}

/** No delivery lost or duplicated, none reordered (unless the publisher itself does not keep order), no session closed. */
function isClean(integrity, publisher) {
  return integrity.lost === 0 && integrity.duplicated === 0 && (integrity.reordered === 0 || !publisher.ordered)
    && integrity.closedSessions === 0 && integrity.unexpectedFrames === 0;
}

function round(value, digits) {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
