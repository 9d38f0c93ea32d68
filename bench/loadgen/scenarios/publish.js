// Publish path: N opTypes with one subscriber each (the per-user notification shape) and one
// publisher sending round-robin over them, closed-loop: at most `window` pushes published and not
// yet delivered. Its rate is the end-to-end throughput of publish → bus → delivery, measured for a
// fixed time after a warm-up; every delivery is checked on its subscriber. Against the gateway the
// subscribers are WebSockets; the broker-stomp baseline uses one STOMP subscription (lib/subscribers.js).
import { Histogram } from '../lib/histogram.js';
import { CpuMeter, compilerCpuSeconds } from '../lib/procstat.js';
import { createPublisher } from '../lib/publishers.js';
import { StompSubscribers, Subscribers } from '../lib/subscribers.js';
import { payload } from '../lib/pacer.js';

export const defaults = {
  n: 1000,
  opTypePrefix: 'bench.p.', // opType i is bench.p.<i>
  payloadBytes: 128,
  // 2,000 in flight is ample: even at 100,000 pushes/s it leaves 20 ms of latency to fill the
  // pipeline, far more than an idle round trip takes, so the servers, not the window, set the rate.
  window: 2000,
  minBatch: 50, // pushes per publish() at least (one STOMP write and receipt), unless nothing is in flight
  maxBatch: 500,
  seconds: 10, // the measured phase
  // The same traffic before it, unmeasured, in slices, until the JIT has compiled the paths: a
  // fresh gateway (and its broker) on one core speeds up for tens of seconds, as its compiler
  // threads share the core, and may stay on a plateau for a while before it speeds up again. The
  // warm-up ends after at least warmupSeconds once two slices in a row were not faster than
  // warmupSettled × the best slice before them and the servers' JIT compiler threads used less
  // than warmupJitPct of a core in them, or after warmupMaxSeconds.
  warmupSeconds: 10,
  warmupSliceSeconds: 5,
  warmupSettled: 1.05,
  warmupJitPct: 10,
  warmupMaxSeconds: 300, // the gateway's HTTP path needs minutes: Jersey, Weld and Artemis on one core
  concurrency: 100, // connections being opened at once
  drainSeconds: 30, // how long the last deliveries may take before they count as lost
  httpClients: 8, // concurrent keep-alive requests of an http:// publisher
  httpBatch: 1, // pushes per HTTP request (a JSON array when > 1; the gateway only: the bare servlet takes one)
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function run(o) {
  const pids = { server: o.serverPid, ...(o.brokerPid ? { broker: o.brokerPid } : {}) };
  const subscribeUrl = o.subscribe ?? o.wsUrl;
  const stomp = subscribeUrl.startsWith('stomp:');
  const httpBatch = o.server === 'gateway' ? o.httpBatch : 1;
  const seconds = o.quick ? 3 : o.seconds;
  const result = { scenario: 'publish', server: o.server, n: o.n, pass: o.pass ?? 1, quick: Boolean(o.quick),
    publish: o.publish, subscribe: subscribeUrl, window: o.window, ...(o.publish.startsWith('http:') ? { httpBatch } : {}) };
  const publisher = await createPublisher(o.publish, { httpClients: o.httpClients, httpBatch, publishSecret: o.publishSecret });
  let subs;
  let loop;
  try {
    if (!stomp) await untilDelivered(o, publisher);
    const opType = (i) => `${o.opTypePrefix}${i}`;
    subs = stomp ? new StompSubscribers({ url: subscribeUrl, opType }) : new Subscribers({ url: subscribeUrl, opType });
    result.connect = await subs.open(o.n, { concurrency: o.concurrency, deadlineMs: 60_000 + o.n * 20 });

    loop = new Window({ subs, publisher, n: o.n, opType, window: o.window, minBatch: o.minBatch, maxBatch: o.maxBatch,
      makeData: (seq) => payload(seq, o.payloadBytes) });
    loop.start();
    result.warmup = o.quick ? await phase({ subs, publisher, loop, pids, seconds: 2 }) : await warmUp(o, { subs, publisher, loop, pids });
    result.measured = await phase({ subs, publisher, loop, pids, seconds });
    loop.stop();

    // Everything published must arrive, however late, on every subscriber that is still live.
    await publisher.flush().catch(() => {});
    result.drained = await subs.whenReceived(loop.published, publisher.error ? 2000 : o.drainSeconds * 1000);
    result.published = loop.published;
    result.frameBytes = subs.frameBytes;
    result.integrity = { ...subs.integrity((conn) => loop.sent[conn.index]), publisherKeepsOrder: publisher.ordered };
    result.clean = result.integrity.lost === 0 && result.integrity.duplicated === 0
      && (result.integrity.reordered === 0 || !publisher.ordered) && result.integrity.closedSessions === 0
      && result.integrity.unexpectedFrames === 0;
    // The window keeps every server within what it can take, so anything lost is a fault, not overload.
    result.ok = result.clean && !publisher.error && result.measured.delivered > 0;
  } catch (error) {
    result.ok = false;
    result.error = String(error?.stack ?? error);
  } finally {
    loop?.stop();
    if (publisher.error) result.publisherError = String(publisher.error);
    if (publisher.statuses) result.httpStatuses = publisher.statuses;
    await subs?.close();
    publisher.close();
  }
  return result;
}

/**
 * The closed loop: whenever deliveries make room, publishes the next pushes round-robin over the
 * opTypes, each with the next sequence number of its opType, keeping at most `window` in flight.
 * Refills run from setImmediate, after a turn's deliveries were all read, so a publish carries
 * what came free meanwhile rather than one push per delivery.
 */
class Window {
  constructor({ subs, publisher, n, opType, window, minBatch, maxBatch, makeData }) {
    Object.assign(this, { subs, publisher, n, window, maxBatch, makeData });
    this.minBatch = Math.min(minBatch, window);
    this.opTypes = Array.from({ length: n }, (_, i) => opType(i));
    this.sent = new Array(n).fill(0); // pushes published per opType = the last sequence number
    this.published = 0;
    this.next = 0; // the opType of the next push
    this.scheduled = false;
    this.running = false;
    this.refill = this.refill.bind(this);
  }

  start() {
    this.running = true;
    this.subs.onReceive = () => this.schedule();
    this.refill();
  }

  stop() {
    this.running = false;
    this.subs.onReceive = null;
  }

  schedule() {
    if (!this.scheduled && this.running) {
      this.scheduled = true;
      setImmediate(this.refill);
    }
  }

  refill() {
    this.scheduled = false;
    if (!this.running || this.publisher.error) return;
    const inFlight = this.published - this.subs.received;
    const room = this.window - inFlight;
    if (room < this.minBatch && inFlight > 0) return;
    const count = Math.min(room, this.maxBatch);
    const batch = new Array(count);
    for (let i = 0; i < count; i++) {
      const index = this.next;
      this.next = index + 1 === this.n ? 0 : index + 1;
      batch[i] = { opType: this.opTypes[index], data: this.makeData(++this.sent[index]) };
    }
    this.published += count;
    this.publisher.publish(batch);
    // More room than one batch: go on after the I/O that is waiting.
    if (room > count) this.schedule();
  }
}

/** One phase: the loop runs for `seconds` (less if the publisher failed); deliveries, latency and CPU over it. */
async function phase({ subs, publisher, loop, pids, seconds }) {
  const receivedBefore = subs.received;
  const publishedBefore = loop.published;
  const acceptedBefore = { requests: publisher.accepted ?? 0, pushes: publisher.acceptedPushes ?? 0 };
  const closedBefore = subs.closedWhileLive;
  subs.latency = new Histogram();
  const meter = new CpuMeter(pids);
  const compilerStart = Object.values(pids).reduce((sum, pid) => sum + (compilerCpuSeconds(pid) ?? 0), 0);
  const timeline = []; // deliveries in each second: shows whether the rate was still rising (JIT) or steady
  let lastSecond = receivedBefore;
  for (let tick = 1; tick <= seconds * 10 && !publisher.error && subs.closedWhileLive === closedBefore; tick++) {
    await sleep(100);
    if (tick % 10 === 0) { timeline.push(subs.received - lastSecond); lastSecond = subs.received; }
  }
  const cpu = meter.read();
  const compiler = Object.values(pids).reduce((sum, pid) => sum + (compilerCpuSeconds(pid) ?? 0), 0) - compilerStart;
  const delivered = subs.received - receivedBefore;
  const perPush = (cpuSeconds) => (cpuSeconds === null || cpuSeconds === undefined ? null : round((cpuSeconds * 1e6) / Math.max(1, delivered), 1));
  const perSecond = (count) => Math.round(count / cpu.wallSeconds);
  const measured = {
    seconds: round(cpu.wallSeconds, 2), published: loop.published - publishedBefore, delivered,
    pushesPerSecond: perSecond(delivered), latency: subs.latency.summary(),
    serverUsPerPush: perPush(cpu.cpuSeconds.server), brokerUsPerPush: perPush(cpu.cpuSeconds.broker),
    serverCpuPct: round((cpu.cpuSeconds.server / cpu.wallSeconds) * 100, 1),
    ...(cpu.cpuSeconds.broker !== undefined ? { brokerCpuPct: round((cpu.cpuSeconds.broker / cpu.wallSeconds) * 100, 1) } : {}),
    generatorCpuPct: round(cpu.generatorCpuPct, 1), closedSessions: subs.closedWhileLive - closedBefore, timeline,
    jitPct: round((compiler / cpu.wallSeconds) * 100, 1), // the servers' JIT compiler threads, % of a core
  };
  if (publisher.accepted !== undefined) {
    measured.requestsPerSecond = perSecond(publisher.accepted - acceptedBefore.requests);
    measured.acceptedPushesPerSecond = perSecond(publisher.acceptedPushes - acceptedBefore.pushes);
  }
  return measured;
}

/** Slices of the loop until the rate stops rising (see defaults); each slice's pushes/s. */
async function warmUp(o, context) {
  const slices = [];
  let seconds = 0;
  let best = 0;
  const jit = [];
  let flat = 0; // slices in a row that were not faster than the best before them, with the JIT quiet
  while (seconds < o.warmupMaxSeconds && !context.publisher.error) {
    const slice = await phase({ ...context, seconds: o.warmupSliceSeconds });
    seconds += slice.seconds;
    slices.push(slice.pushesPerSecond);
    jit.push(slice.jitPct);
    const quiet = (slice.jitPct ?? 0) < o.warmupJitPct;
    flat = slices.length > 1 && quiet && slice.pushesPerSecond <= o.warmupSettled * best ? flat + 1 : 0;
    best = Math.max(best, slice.pushesPerSecond);
    if (flat >= 2 && seconds >= o.warmupSeconds) break;
  }
  return { seconds: round(seconds, 1), settled: flat >= 2, slicePushesPerSecond: slices, sliceJitPct: jit };
}

/**
 * Publishes to a probe opType until a push arrives on its one subscriber: the gateway's bus
 * subscription may not exist yet right after deployment, and a push published before it is lost
 * (or, over HTTP, refused with 503).
 */
async function untilDelivered(o, publisher) {
  const probe = new Subscribers({ url: o.wsUrl, opType: `${o.opTypePrefix}probe` });
  try {
    await probe.open(1, { deadlineMs: 60_000 });
    for (let attempt = 1; attempt <= 120 && probe.received === 0; attempt++) {
      publisher.publish([{ opType: `${o.opTypePrefix}probe`, data: payload(attempt, o.payloadBytes) }]);
      // Over HTTP the gateway answers 503 until its bridge is on the broker: wait that out too.
      await publisher.flush().catch((error) => {
        if (typeof publisher.forgiveUnavailable !== 'function') throw error;
        publisher.forgiveUnavailable();
        if (publisher.error) throw error;
      });
      await probe.whenReceived(1, 500);
    }
    if (probe.received === 0) throw new Error('no push reached a subscriber within 60 s');
  } finally {
    await probe.close();
  }
}

/** bench.js's one-line summary. */
export function summarize(r) {
  const m = r.measured;
  if (!m) return 'not measured';
  const requests = m.requestsPerSecond !== undefined ? `, ${m.requestsPerSecond} requests/s accepted` : '';
  const statuses = r.httpStatuses ? `; HTTP ${JSON.stringify(r.httpStatuses)}` : '';
  return `${m.pushesPerSecond} pushes/s delivered${requests}; p50/p99 ${m.latency.p50Ms}/${m.latency.p99Ms} ms; `
    + `server ${m.serverUsPerPush} µs/push${m.brokerUsPerPush !== null ? `, broker ${m.brokerUsPerPush} µs/push` : ''}; generator ${m.generatorCpuPct} %${statuses}`;
}

function round(value, digits) {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
