// The fault soak (bench/soak.sh, bench/README.md "Fault soak"): clients of the project's own
// JavaScript SDK on two gateway nodes, one STOMP publisher at a steady rate, random connection
// drops, and the faults that soak.sh makes (node kills, a broker restart) and announces in a
// journal file. Every push is checked where it arrives, per client and subscription:
//
// - the pushes' numbers rise strictly: none twice (duplicated), none after a later one (reordered);
// - every push the broker receipted from the subscription's start on arrives (else lost), unless
//   the SDK told the client that this subscription may have missed pushes (onRecoveryFailed:
//   `recovered: false` on a resume, or a `gap` frame). Each such event is recorded with the
//   client's state and the faults around it, and fails the soak: its parameters keep every resume
//   within the documented limits (history size and age, replay cap), so none is expected.
//
// Pushes the broker never receipted (sent while it went down) are uncertain: they may be missing,
// but where one arrived it must arrive on every subscription it matches, in order and once.
//
// Run by soak.sh through bench.js: node bench.js soak --ws-urls URL,URL --publish stomp://HOST:PORT
// --journal FILE [--summary FILE] [--out FILE]. Without --journal it stops after --seconds.
import { readFileSync, watch, writeFileSync } from 'node:fs';
import WebSocket from 'ws';
import { LongConnClient, opTypeMatches, webSocketAdapter } from '../../../clients/js/dist/longconn.esm.js';
import { Histogram } from '../lib/histogram.js';
import { StompClient } from '../lib/stomp.js';

export const defaults = {
  clients: 50,
  rate: 200, // pushes per second, over all opTypes
  drops: 6, // connection drops per second, over all clients
  opTypes: 10, // soak.t0 .. soak.t9
  opTypePrefix: 'soak.t',
  // Reconnect backoff of the SDK clients. At 6 drops/s over 50 clients a client is dropped every
  // 8 s on average, never stays the 10 s that reset its backoff, and with the SDK's default ceiling
  // (30 s) would stay away long enough to pass the replay cap (half of outboxMaxMessages: 500
  // pushes, 2.5 s of a `soak.#` subscription at 200/s). That is a documented limit, not a fault;
  // a ceiling of 1 s keeps every resume well inside it.
  reconnectMinMs: 100,
  reconnectMaxMs: 1000,
  readySeconds: 180, // for every client to subscribe and receive its first push on every subscription
  drainSeconds: 30, // after the stop, for the last pushes to arrive and every client to be back
  receiptTimeoutMs: 10_000, // a broker that confirms nothing this long is taken as gone
  seconds: 60, // only without --journal: how long to publish
  // The gateway's documented limits on a resume (README "Configuration", PROTOCOL §14), with
  // which each recovery failure is compared: the nodes run with the defaults unless
  // SOAK_GATEWAY_OPTS changes them (then pass the same here).
  historySize: 1000,
  historyMaxAgeMs: 120_000,
  outboxMaxMessages: 1000, // a replay may take half of it
};

const PUSH_ADDRESS = 'longconn.push';
const TICK_MS = 5;
const SENT = 1;
const RECEIPTED = 2;
const FAILED = 3;
const SAMPLES = 20; // lost / duplicated / reordered pushes kept in full in the result
const STALL_MS = 3000; // no push newer than all before it reached any client this long: a stall

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function run(o) {
  const urls = String(o.wsUrls).split(',');
  const opTypeNames = Array.from({ length: o.opTypes }, (_, t) => `${o.opTypePrefix}${t}`);
  const journal = new Journal(o.journal, o.seconds);
  const publisher = new Publisher(o.publish, o, opTypeNames);
  const world = new World(publisher);
  const clients = Array.from({ length: o.clients }, (_, i) =>
    new SoakClient(i, rotate(urls, i), subscriptionsOf(i, o), opTypeNames, o, world));
  const dropper = new Dropper(clients, o.drops);
  const result = { scenario: 'soak', server: 'gateway x2', n: o.clients, quick: Boolean(o.quick), urls, publish: o.publish,
    rate: o.rate, dropsPerSecondTarget: o.drops, opTypes: opTypeNames };
  try {
    await publisher.connect();
    // Every client subscribes before the first push, so every push is expected on every
    // subscription it matches.
    await within(o.readySeconds, 'every client subscribed', Promise.all(clients.map((client) => client.start())));
    publisher.start();
    await until(() => clients.every((client) => client.hasPushes()), o.readySeconds, 'a push on every subscription');
    result.readyAt = Date.now();
    const cpuAtReady = process.cpuUsage();
    console.log(`soak: ready: ${clients.length} clients on ${urls.join(' and ')}, ${o.rate} pushes/s, ${o.drops} drops/s`);
    dropper.start();

    await journal.stopped;
    dropper.stop();
    await publisher.stop();
    result.stoppedAt = Date.now();
    // Every client back and subscribed, and every receipted push arrived (or the time is up).
    result.drained = await until(() => clients.every((client) => client.settled() && client.complete(publisher)),
      o.drainSeconds, null);
    result.drainMs = Date.now() - result.stoppedAt;
    journal.read();
    Object.assign(result, tally({ o, publisher, clients, dropper, journal, world, result, cpuAtReady }));
  } catch (error) {
    result.ok = false;
    result.error = String(error?.stack ?? error);
  } finally {
    dropper.stop();
    journal.close();
    await publisher.stop();
    await Promise.all(clients.map((client) => client.close()));
  }
  if (o.summary) writeFileSync(o.summary, report(result));
  return result;
}

/** Client i's subscriptions: two or three of the opTypes, and on some a pattern over all of them. */
function subscriptionsOf(i, o) {
  const exact = [i, i + 3, i + 7].map((t) => `${o.opTypePrefix}${t % o.opTypes}`);
  if (i % 6 === 0) return [`${prefixOf(o)}.#`, exact[0]];
  if (i % 6 === 3) return [`${prefixOf(o)}.*`, exact[1]];
  return exact.slice(0, 2 + (i % 2));
}

function prefixOf(o) {
  return o.opTypePrefix.slice(0, o.opTypePrefix.lastIndexOf('.'));
}

/** The URL list starting at the i-th: the SDK connects to the first, so clients start spread over the nodes. */
function rotate(urls, i) {
  return urls.map((_, k) => urls[(i + k) % urls.length]);
}

// -------------------------------------------------------------------------------------------------
// The publisher

/**
 * Publishes {"n":N,"t":T} to longconn.push at a steady rate over one STOMP connection, N the
 * push's number (from 1, never reused), T its opType's index (random). A batch of whatever came due
 * goes out in one write with one receipt; persistent, so that a receipted push survives a broker
 * restart (the broker keeps it in its journal until a node stamped it). When the connection
 * fails, the unreceipted numbers are uncertain, and it reconnects with a short backoff and goes on
 * with new numbers and a fresh pace (no burst to catch up).
 */
class Publisher {
  constructor(url, o, opTypeNames) {
    const parsed = new URL(url);
    this.host = parsed.hostname;
    this.port = Number(parsed.port);
    this.rate = o.rate;
    this.opTypeNames = opTypeNames;
    this.receiptTimeoutMs = o.receiptTimeoutMs;
    this.next = 1;
    this.status = new Growable(Uint8Array);
    this.opType = new Growable(Uint8Array);
    this.sentAt = new Growable(Float64Array);
    this.receipted = 0;
    this.failed = 0;
    this.client = null;
    this.pending = []; // batches waiting for their receipt, in order
    this.outages = []; // {from, to, error}: while the connection was down
    this.stopped = false;
  }

  /** Connects, retrying with a backoff from 200 ms to 2 s until it works or the publisher stops. */
  async connect() {
    for (let delay = 200; !this.stopped; delay = Math.min(delay * 2, 2000)) {
      try {
        this.client = await StompClient.connect(this.host, this.port, 5000, 10_000);
        this.paceFrom = performance.now();
        this.paced = 0;
        return;
      } catch {
        await sleep(delay);
      }
    }
  }

  start() {
    this.firstAt = Date.now();
    this.tick();
  }

  tick() {
    if (this.stopped) return;
    if (this.client) {
      const due = Math.floor(((performance.now() - this.paceFrom) / 1000) * this.rate) + 1;
      if (due > this.paced) {
        this.send(due - this.paced);
        this.paced = due;
      }
      // A broker that is going may hold the connection open without answering.
      if (this.client && this.pending.length > 0 && Date.now() - this.pending[0].at > this.receiptTimeoutMs) {
        this.client.socket.destroy(new Error(`no receipt within ${this.receiptTimeoutMs} ms`));
      }
    }
    this.timer = setTimeout(() => this.tick(), TICK_MS);
  }

  send(count) {
    const client = this.client;
    const frames = [];
    const batch = { first: this.next, last: this.next + count - 1, at: Date.now(), done: null };
    for (let n = batch.first; n <= batch.last; n++) {
      const t = Math.floor(Math.random() * this.opTypeNames.length);
      this.opType.set(n, t);
      this.status.set(n, SENT);
      this.sentAt.set(n, batch.at);
      frames.push({ destination: PUSH_ADDRESS, body: `{"n":${n},"t":${t}}`,
        headers: { opType: this.opTypeNames[t], 'content-type': 'application/json', persistent: 'true' } });
    }
    this.next = batch.last + 1;
    this.pending.push(batch);
    batch.done = client.send(frames).then(
      () => this.settle(batch, RECEIPTED),
      (error) => {
        this.settle(batch, FAILED);
        this.lost(client, error);
      });
  }

  settle(batch, status) {
    for (let n = batch.first; n <= batch.last; n++) this.status.set(n, status);
    if (status === RECEIPTED) this.receipted += batch.last - batch.first + 1;
    else this.failed += batch.last - batch.first + 1;
    this.pending = this.pending.filter((other) => other !== batch);
  }

  /** The connection failed: record the outage and reconnect (numbers go on, never re-sent). */
  lost(client, error) {
    if (this.client !== client) return;
    this.client = null;
    client.socket.destroy();
    const outage = { from: Date.now(), to: null, error: error.message };
    this.outages.push(outage);
    if (this.stopped) return;
    this.connect().then(() => { outage.to = Date.now(); });
  }

  /** Stops publishing; resolves once every batch sent has its receipt or has failed. */
  async stop() {
    if (!this.stopped) {
      this.stopped = true;
      this.lastAt = Date.now();
      clearTimeout(this.timer);
    }
    await Promise.allSettled(this.pending.map((batch) => batch.done));
    this.client?.close();
    this.client = null;
  }

  get published() {
    return this.next - 1;
  }
}

// -------------------------------------------------------------------------------------------------
// The clients

/**
 * What all clients share: the publisher (to look up a push's send time), the latency of every
 * delivery, the stalls (no push newer than every one before it reached any client for a while),
 * the recovery failures and anything else the SDK reported.
 */
class World {
  constructor(publisher) {
    this.publisher = publisher;
    this.latency = new Histogram();
    this.frontier = 0;
    this.frontierAt = null;
    this.stalls = [];
    this.recoveryFailures = [];
    this.anomalies = [];
    this.seqOf = new Growable(Float64Array); // push number -> sequence number of its position
    this.epochs = new Set();
  }

  delivered(n, position) {
    const now = Date.now();
    if (this.seqOf.get(n) === 0 && position) {
      const { epoch, seq } = parsePosition(position);
      this.seqOf.set(n, seq);
      this.epochs.add(epoch);
    }
    this.latency.record(now - this.publisher.sentAt.get(n));
    if (n <= this.frontier) return;
    if (this.frontierAt !== null && now - this.frontierAt > STALL_MS) {
      this.stalls.push({ from: this.frontierAt, to: now, afterN: this.frontier });
    }
    this.frontier = n;
    this.frontierAt = now;
  }
}

/**
 * One SDK client with its subscriptions. Its adapter is the SDK's own WebSocket adapter over the
 * `ws` package, wrapped to see the socket (to drop it) and the control frames (welcome,
 * subscribe, subscribed, gap), which say what the client was doing when it was told of a loss.
 */
class SoakClient {
  constructor(index, urls, opTypes, opTypeNames, o, world) {
    this.id = `c${index}`;
    this.world = world;
    this.subs = new Map(opTypes.map((opType) => [opType, new Subscription(this, opType, opTypeNames)]));
    this.socket = null;
    this.url = null;
    this.welcomedAt = null;
    this.endedAt = null;
    this.sessionId = null;
    this.frame = null; // the control frame being handled (the SDK calls its hooks while handling it)
    this.subscribes = new Map(); // subscribe frames sent and not answered yet, by id
    this.answering = null; // the subscribe being answered (for the SDK's hooks)
    this.resubscribed = true;
    this.stats = { welcomes: 0, drops: 0, closes: 0, recovered: 0, notRecovered: 0, gaps: 0, maxAwayMs: 0, byNode: {} };
    this.sdk = new LongConnClient({
      url: urls,
      adapter: this.adapter(),
      reconnect: { minDelayMs: o.reconnectMinMs, maxDelayMs: o.reconnectMaxMs },
      onRecoveryFailed: ({ opType }) => this.recoveryFailed(opType),
      onReconnect: () => { this.resubscribed = true; },
      onDisconnect: () => { this.resubscribed = false; },
      onSubscriptionError: (refusal) => this.anomaly('subscription refused', refusal),
      onServerError: (error) => this.anomaly('server error', error),
      onCallbackError: (error, where) => this.anomaly(`error in ${where}`, String(error?.stack ?? error)),
    });
  }

  adapter() {
    const client = this;
    // The SDK's adapter makes the socket; this subclass lets the client hold it, to drop it.
    class HeldWebSocket extends WebSocket {
      constructor(...args) {
        super(...args);
        client.socket = this;
      }
    }
    const base = webSocketAdapter({ WebSocket: HeldWebSocket });
    return {
      name: 'soak',
      connect(request, events) {
        client.url = request.url;
        const handle = base.connect(request, {
          ...events,
          onMessage: (data) => {
            if (typeof data === 'string' && !data.startsWith('{"type":"push"')) client.control(data);
            events.onMessage(data);
          },
          onClose: (code, reason) => {
            client.ended();
            events.onClose(code, reason);
          },
        });
        return {
          send: (text) => {
            if (text.startsWith('{"type":"subscribe"')) {
              const frame = JSON.parse(text);
              client.subscribes.set(frame.id, { at: Date.now(), frame });
            }
            handle.send(text);
          },
          close: (code, reason) => handle.close(code, reason),
        };
      },
    };
  }

  /** Subscribes everything once connected; resolves when the server has answered every subscription. */
  async start() {
    this.sdk.connect();
    const answers = await Promise.all([...this.subs.values()].map((sub) => this.sdk.registerLongConnListen({
      opType: sub.opType, receiveMessageCallback: (data, meta) => sub.deliver(data, meta) })));
    const refused = answers.filter((answer) => !answer.isSucc);
    if (refused.length > 0) throw new Error(`${this.id}: subscriptions refused: ${JSON.stringify(refused)}`);
  }

  control(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    this.frame = { at: Date.now(), frame };
    if (frame.type === 'welcome') {
      this.welcomedAt = Date.now();
      this.sessionId = frame.sessionId;
      this.stats.welcomes++;
      const node = nodeOf(this.url);
      this.stats.byNode[node] = (this.stats.byNode[node] ?? 0) + 1;
      if (this.endedAt !== null) this.stats.maxAwayMs = Math.max(this.stats.maxAwayMs, this.welcomedAt - this.endedAt);
    } else if (frame.type === 'subscribed') {
      this.answering = this.subscribes.get(frame.id) ?? null;
      this.subscribes.delete(frame.id);
      for (const answer of frame.results ?? []) {
        if (answer.recovered === true) this.stats.recovered++;
        if (answer.recovered === false) this.stats.notRecovered++;
      }
    } else if (frame.type === 'gap') {
      this.stats.gaps++;
    }
  }

  /** A socket ended; the time away counts from the end of the last session, not of a failed attempt. */
  ended() {
    if (this.welcomedAt !== null) this.endedAt = Date.now();
    this.welcomedAt = null;
    this.subscribes.clear();
    this.stats.closes++;
  }

  /** Drops the connection abruptly, as a lost network does: no close frame, the socket destroyed. */
  drop() {
    if (this.sdk.state !== 'open' || this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.terminate();
    this.stats.drops++;
    return true;
  }

  /** The SDK says the subscription `opType` may have missed pushes: record why and where. */
  recoveryFailed(opType) {
    const sub = this.subs.get(opType);
    const frame = this.frame?.frame ?? {};
    const answer = frame.type === 'subscribed' ? (frame.results ?? []).find((result) => result.opType === opType) : null;
    const now = Date.now();
    this.world.recoveryFailures.push({
      at: now, client: this.id, opType, how: frame.type === 'gap' ? 'gap frame' : 'recovered: false',
      node: nodeOf(this.url), sessionId: this.sessionId,
      positionSent: answer ? this.answering?.frame.positions?.[opType] ?? null : null,
      positionsSent: answer ? this.answering?.frame.positions ?? {} : null,
      subscriptions: [...this.subs.keys()],
      positionAnswered: answer?.position ?? frame.position ?? null,
      connectedForMs: this.welcomedAt === null ? null : now - this.welcomedAt,
      awayBeforeMs: this.welcomedAt === null || this.endedAt === null ? null : this.welcomedAt - this.endedAt,
      lastReceived: sub?.lastN ?? null,
    });
    sub?.excuse(now);
  }

  anomaly(what, detail) {
    this.world.anomalies.push({ at: Date.now(), client: this.id, what, detail });
  }

  hasPushes() {
    return [...this.subs.values()].every((sub) => sub.lastN > 0);
  }

  /** Open, and every subscription answered again after the last reconnect. */
  settled() {
    return this.sdk.state === 'open' && this.resubscribed;
  }

  complete(publisher) {
    return [...this.subs.values()].every((sub) => sub.caughtUp(publisher));
  }

  close() {
    return this.sdk.disconnect();
  }
}

/**
 * What one subscription of one client received: a bitmap by push number, the last number, and the
 * stretches the SDK excused (after a `recovered: false` or a `gap`, from the last push received to
 * the next one).
 */
class Subscription {
  constructor(client, opType, opTypeNames) {
    this.client = client;
    this.opType = opType;
    this.opTypeNames = opTypeNames;
    this.matches = opTypeNames.map((name) => opTypeMatches(opType, name));
    this.received = new Growable(Uint8Array);
    this.fromN = 1; // pushes from this number on are expected (all subscribe before the first push)
    this.lastN = 0;
    this.duplicated = [];
    this.reordered = [];
    this.mismatched = [];
    this.excuses = []; // {after, before}: numbers strictly between may be missing
    this.open = null; // an excuse waiting for the next push to close it
    this.checkedThrough = 0; // every expected number up to this one arrived (drain check)
  }

  deliver(data, meta) {
    const n = data?.n;
    if (!Number.isInteger(n) || n < 1 || !this.matches[data.t] || meta.opType !== this.opTypeNames[data.t]) {
      this.mismatched.push({ client: this.client.id, opType: this.opType, data, meta: { opType: meta.opType, position: meta.position } });
      return;
    }
    if (this.received.get(n)) {
      this.duplicated.push({ client: this.client.id, opType: this.opType, n, after: this.lastN, position: meta.position, at: Date.now() });
      return;
    }
    this.received.set(n, 1);
    if (n < this.lastN) {
      this.reordered.push({ client: this.client.id, opType: this.opType, n, after: this.lastN, position: meta.position, at: Date.now() });
      return;
    }
    if (this.open) {
      this.open.before = n;
      this.open = null;
    }
    this.lastN = n;
    this.client.world.delivered(n, meta.position);
  }

  excuse(at) {
    this.open = { after: this.lastN, before: Infinity, at };
    this.excuses.push(this.open);
  }

  excused(n) {
    return this.excuses.some((excuse) => n > excuse.after && n < excuse.before);
  }

  expects(publisher, n) {
    return n >= this.fromN && this.matches[publisher.opType.get(n)];
  }

  /** Whether every receipted push it expects has arrived (or is excused); advances a cursor. */
  caughtUp(publisher) {
    let n = this.checkedThrough + 1;
    for (; n <= publisher.published; n++) {
      const missing = publisher.status.get(n) === RECEIPTED && this.expects(publisher, n) && !this.received.get(n);
      if (missing && !this.excused(n)) break;
    }
    this.checkedThrough = n - 1;
    return n > publisher.published;
  }
}

/** "<epoch>-<seq>" → {epoch, seq}; none-0 and anything unreadable → epoch 'none'. */
function parsePosition(position) {
  const dash = typeof position === 'string' ? position.lastIndexOf('-') : -1;
  if (dash <= 0) return { epoch: 'none', seq: 0 };
  return { epoch: position.slice(0, dash), seq: Number(position.slice(dash + 1)) };
}

function nodeOf(url) {
  return url ? new URL(url).port : null;
}

// -------------------------------------------------------------------------------------------------
// Drops and the fault journal

/** Every 1/rate s, one open client chosen at random loses its connection. */
class Dropper {
  constructor(clients, perSecond) {
    this.clients = clients;
    this.perSecond = perSecond;
    this.done = 0;
    this.skipped = 0; // no client was open
    this.timer = null;
  }

  start() {
    this.startedAt = Date.now();
    this.timer = setInterval(() => this.dropOne(), 1000 / this.perSecond);
  }

  dropOne() {
    const open = this.clients.filter((client) => client.sdk.state === 'open');
    const victim = open[Math.floor(Math.random() * open.length)];
    if (victim?.drop()) this.done++;
    else this.skipped++;
  }

  stop() {
    if (this.timer === null) return;
    clearInterval(this.timer);
    this.timer = null;
    this.stoppedAt = Date.now();
  }
}

/**
 * The faults soak.sh made, from its journal: lines "<epoch ms> <kind> <node or -> <text>". The
 * line "stop" ends the publishing. Without a journal, the soak stops after `seconds`.
 */
class Journal {
  constructor(file, seconds) {
    this.file = file;
    this.entries = [];
    this.stopped = new Promise((resolve) => { this.stop = resolve; });
    if (!file) {
      this.timer = setTimeout(this.stop, seconds * 1000);
      return;
    }
    this.read();
    this.watcher = watch(file, () => this.read());
  }

  read() {
    if (!this.file) return;
    const lines = readFileSync(this.file, 'utf8').split('\n').slice(0, -1); // complete lines only
    for (const line of lines.slice(this.entries.length)) {
      const [at, kind, node, ...text] = line.split(' ');
      this.entries.push({ at: Number(at), kind, node, text: text.join(' ') });
      if (kind === 'stop') this.stop();
    }
  }

  /** The last fault (a kill or the broker's stop) at or before `at`, with where its recovery stood. */
  faultBefore(at) {
    const faults = this.entries.filter((entry) => (entry.kind === 'kill' || entry.kind === 'broker-stop') && entry.at <= at);
    const fault = faults[faults.length - 1];
    if (!fault) return null;
    const recovery = this.entries.find((entry) => entry.at >= fault.at
      && (fault.kind === 'kill' ? entry.kind === 'up' && entry.node === fault.node : entry.kind === 'rejoined'));
    return { fault: fault.text, secondsAfter: round((at - fault.at) / 1000),
      recovered: recovery ? (recovery.at <= at ? `${round((at - recovery.at) / 1000)} s after it was over` : 'before it was over') : 'never over' };
  }

  close() {
    this.watcher?.close();
    clearTimeout(this.timer);
  }
}

// -------------------------------------------------------------------------------------------------
// The result

/**
 * Which documented limit, if any, explains a recovery failure (PROTOCOL §14: the history's size
 * per opType and age, the replay cap of half the outbox), from the positions the client sent, the
 * position the node answered and the pushes stamped between them (their numbers are known from
 * their deliveries). `documented` is true only for those three; anything else (the node had no
 * history yet, was cut off from the broker, or answered for a position of another run) is what
 * a failover or a restart left behind.
 */
function documentedLimit(failure, { o, publisher, nBySeq }) {
  const cause = (documented, why, detail = '') => ({ documented, why, detail });
  if (failure.how === 'gap frame') return cause(false, 'gap frame: the node missed pushes while off the broker');
  const answered = parsePosition(failure.positionAnswered);
  if (answered.epoch === 'none') {
    return cause(false, 'the node answered none-0: it had received no push yet (it started, or got back on the broker, after the position)');
  }
  const replay = new Set();
  const perOpType = new Map();
  let oldestSentAt = Infinity;
  for (const [opType, position] of Object.entries(failure.positionsSent ?? {})) {
    const sent = parsePosition(position);
    if (sent.epoch === 'none') return cause(false, 'the client resumed from none-0 (an earlier answer of a node that had received no push)');
    if (sent.epoch !== answered.epoch) return cause(false, 'a position of another epoch', `${position} → ${failure.positionAnswered}`);
    const from = nBySeq.get(sent.seq);
    if (from !== undefined) oldestSentAt = Math.min(oldestSentAt, publisher.sentAt.get(from));
    for (let seq = sent.seq + 1; seq <= answered.seq; seq++) {
      const n = nBySeq.get(seq);
      if (n === undefined) continue;
      const name = publisher.opTypeNames[publisher.opType.get(n)];
      if (!opTypeMatches(opType, name)) continue;
      replay.add(n);
      perOpType.set(name, (perOpType.get(name) ?? 0) + 1);
    }
  }
  const cap = Math.floor(o.outboxMaxMessages / 2);
  if (replay.size > cap) return cause(true, `replay cap: more than ${cap} pushes to replay`, `${replay.size} pushes`);
  const busiest = Math.max(0, ...perOpType.values());
  if (busiest > o.historySize) return cause(true, `history size: more than ${o.historySize} pushes of one opType`, `${busiest} pushes`);
  if (failure.at - oldestSentAt > o.historyMaxAgeMs) return cause(true, `history age: older than ${o.historyMaxAgeMs} ms`);
  const behind = Object.values(failure.positionsSent ?? {}).some((position) => parsePosition(position).seq > answered.seq);
  return cause(false, 'no size, age or cap limit: the node could not vouch for the stretch (cut off from the broker, or it started after the position)',
    `${replay.size} pushes to replay${behind ? ', the node behind the client' : ''}`);
}

function tally({ o, publisher, clients, dropper, journal, world, result, cpuAtReady }) {
  const { anomalies, recoveryFailures } = world;
  const nBySeq = new Map();
  for (let n = 1; n <= publisher.published; n++) if (world.seqOf.get(n) > 0) nBySeq.set(world.seqOf.get(n), n);
  const subs = clients.flatMap((client) => [...client.subs.values()]);
  const integrity = { expected: 0, received: 0, lost: 0, excused: 0, duplicated: 0, reordered: 0, mismatched: 0,
    uncertainPartial: 0 };
  const lost = [];
  for (const sub of subs) {
    integrity.duplicated += sub.duplicated.length;
    integrity.reordered += sub.reordered.length;
    integrity.mismatched += sub.mismatched.length;
    for (let n = sub.fromN; n <= publisher.published; n++) {
      if (publisher.status.get(n) !== RECEIPTED || !sub.expects(publisher, n)) continue;
      integrity.expected++;
      if (sub.received.get(n)) integrity.received++;
      else if (sub.excused(n)) integrity.excused++;
      else {
        integrity.lost++;
        if (lost.length < SAMPLES) lost.push({ client: sub.client.id, opType: sub.opType, n, t: publisher.opType.get(n),
          sentAt: new Date(publisher.sentAt.get(n)).toISOString(), lastReceived: sub.lastN });
      }
    }
  }
  // An unreceipted push is uncertain, but one that arrived anywhere went through the sequencer:
  // it must then reach every subscription it matches (short of an excuse).
  let uncertainDelivered = 0;
  for (let n = 1; n <= publisher.published; n++) {
    if (publisher.status.get(n) === RECEIPTED) continue;
    const matching = subs.filter((sub) => sub.expects(publisher, n) && !sub.excused(n));
    const got = matching.filter((sub) => sub.received.get(n)).length;
    if (got > 0) uncertainDelivered++;
    if (got > 0 && got < matching.length) {
      integrity.uncertainPartial++;
      if (lost.length < SAMPLES) lost.push({ uncertain: true, n, t: publisher.opType.get(n), receivedBy: got, of: matching.length,
        missingOn: matching.filter((sub) => !sub.received.get(n)).slice(0, 5).map((sub) => `${sub.client.id} ${sub.opType}`) });
    }
  }
  for (const failure of recoveryFailures) {
    Object.assign(failure, { time: new Date(failure.at).toISOString(), context: journal.faultBefore(failure.at),
      limit: documentedLimit(failure, { o, publisher, nBySeq }) });
  }
  const unexplained = recoveryFailures.filter((failure) => !failure.limit.documented).length;
  const stalls = world.stalls.map((stall) => ({ from: new Date(stall.from).toISOString(), seconds: round((stall.to - stall.from) / 1000),
    afterN: stall.afterN, context: journal.faultBefore(stall.from),
    publisherDown: publisher.outages.some((outage) => outage.from <= stall.from + 1000 && (outage.to ?? Infinity) >= stall.from) }));
  const publishSeconds = ((publisher.lastAt ?? Date.now()) - publisher.firstAt) / 1000;
  const dropSeconds = ((dropper.stoppedAt ?? Date.now()) - dropper.startedAt) / 1000;
  const total = (key) => clients.reduce((sum, client) => sum + client.stats[key], 0);
  const byNode = {};
  for (const client of clients) for (const [node, count] of Object.entries(client.stats.byNode)) byNode[node] = (byNode[node] ?? 0) + count;
  const recoveryFailed = recoveryFailures.length;
  // The acceptance: every recovery failure explained by a documented limit, none by a fault.
  const ok = integrity.lost === 0 && integrity.duplicated === 0 && integrity.reordered === 0 && unexplained === 0
    && integrity.mismatched === 0 && integrity.uncertainPartial === 0 && anomalies.length === 0 && result.drained;
  return {
    ok,
    publishing: {
      seconds: round(publishSeconds), published: publisher.published, perSecond: round(publisher.published / publishSeconds),
      receipted: publisher.receipted, uncertain: publisher.published - publisher.receipted, uncertainDelivered,
      outages: publisher.outages.map((outage) => ({ ...outage, from: new Date(outage.from).toISOString(),
        seconds: outage.to ? round((outage.to - outage.from) / 1000) : null, to: undefined })),
    },
    drops: { done: dropper.done, perSecond: round(dropper.done / dropSeconds), skipped: dropper.skipped },
    // The generator's own share of its core while it published: near 100 % its figures would be its own limit.
    generatorCpuPct: Math.round(cpuSeconds(process.cpuUsage(cpuAtReady)) / (((publisher.lastAt ?? Date.now()) - result.readyAt) / 1000) * 100),
    sessions: { welcomes: total('welcomes'), closes: total('closes'), resumesRecovered: total('recovered'),
      resumesNotRecovered: total('notRecovered'), gapFrames: total('gaps'),
      maxAwayMs: Math.max(...clients.map((client) => client.stats.maxAwayMs)), welcomesByNodePort: byNode },
    subscriptions: { count: subs.length, byOpType: countBy(subs.map((sub) => sub.opType)) },
    integrity,
    latency: world.latency.summary(),
    epochs: [...world.epochs], // one, unless the broker lost its state
    stalls,
    recoveryFailed,
    recoveryFailedUnexplained: unexplained,
    recoveryFailures,
    recoveryFailedByLimit: countBy(recoveryFailures.map((failure) => failure.limit.why)),
    recoveryFailedByOpType: countBy(recoveryFailures.map((failure) => failure.opType)),
    recoveryFailedByClient: countBy(recoveryFailures.map((failure) => failure.client)),
    recoveryFailedByFault: countBy(recoveryFailures.map((failure) => `${failure.context?.fault ?? 'before any fault'}, on node port ${failure.node}, `
      + `answered ${/^none-/.test(failure.positionAnswered ?? '') ? 'none-0 (the node had seen no push)' : 'a position'}`)),
    samples: {
      lost,
      duplicated: subs.flatMap((sub) => sub.duplicated).slice(0, SAMPLES),
      reordered: subs.flatMap((sub) => sub.reordered).slice(0, SAMPLES),
      mismatched: subs.flatMap((sub) => sub.mismatched).slice(0, SAMPLES),
    },
    anomalies: anomalies.slice(0, 50),
    anomalyCount: anomalies.length,
    faults: journal.entries.map((entry) => ({ time: new Date(entry.at).toISOString(),
      t: result.readyAt ? round((entry.at - result.readyAt) / 1000) : null, kind: entry.kind, node: entry.node, text: entry.text })),
    meetsIssueFloor: publishSeconds >= 600 && publisher.published / publishSeconds >= 100 && dropper.done / dropSeconds >= 5
      && ['kill', 'broker-stop'].every((kind) => journal.entries.some((entry) => entry.kind === kind))
      && journal.entries.filter((entry) => entry.kind === 'kill').length >= 2,
  };
}

/** bench.js's one line. */
export function summarize(result) {
  if (!result.integrity) return 'no result';
  return `${result.publishing.published} pushes at ${result.publishing.perSecond}/s (${result.publishing.receipted} receipted), `
    + `${result.drops.done} drops at ${result.drops.perSecond}/s; recovery failed ${result.recoveryFailed}`;
}

/** The markdown summary (summary.md). */
export function report(r) {
  if (!r.integrity) return `# Fault soak: no result\n\n${r.error ?? ''}\n`;
  const i = r.integrity;
  const p = r.publishing;
  const lines = [
    `# Fault soak: ${r.ok ? 'PASS' : 'FAIL'}`,
    '',
    `${r.n} SDK clients on two gateway nodes (${r.urls.join(', ')}), publisher ${r.publish}; `
      + `${r.opTypes.length} opTypes, ${r.subscriptions.count} subscriptions (${Object.entries(r.subscriptions.byOpType).map(([k, v]) => `${k} ${v}`).join(', ')}).`,
    '',
    '| what | count |',
    '|---|---|',
    `| publishing | ${p.seconds} s, ${p.published} pushes, ${p.perSecond}/s |`,
    `| receipted by the broker | ${p.receipted} |`,
    `| not receipted (uncertain) | ${p.uncertain}, of which delivered: ${p.uncertainDelivered} |`,
    `| publisher outages | ${p.outages.map((outage) => `${outage.from} for ${outage.seconds ?? '?'} s (${outage.error})`).join('; ') || 'none'} |`,
    `| drops | ${r.drops.done}, ${r.drops.perSecond}/s (${r.drops.skipped} skipped: no client open) |`,
    `| the generator's CPU (its core, while publishing) | ${r.generatorCpuPct} % |`,
    `| sessions opened | ${r.sessions.welcomes} (by node port: ${Object.entries(r.sessions.welcomesByNodePort).map(([k, v]) => `${k}: ${v}`).join(', ')}); longest away ${r.sessions.maxAwayMs} ms |`,
    `| resumes recovered / not | ${r.sessions.resumesRecovered} / ${r.sessions.resumesNotRecovered}; gap frames ${r.sessions.gapFrames} |`,
    `| deliveries expected (receipted × subscriptions) | ${i.expected} |`,
    `| received | ${i.received} |`,
    `| **lost** (receipted, not received, not excused) | **${i.lost}** |`,
    `| **duplicated** | **${i.duplicated}** |`,
    `| **reordered** | **${i.reordered}** |`,
    `| **recovery failed** (onRecoveryFailed: recovered false or gap) | **${r.recoveryFailed}**, of which not explained by a documented limit: ${r.recoveryFailedUnexplained} |`,
    `| excused (missing after a recovery failure) | ${i.excused} |`,
    `| uncertain pushes delivered to only some of their subscriptions | ${i.uncertainPartial} |`,
    `| pushes on the wrong listener / SDK anomalies | ${i.mismatched} / ${r.anomalyCount} |`,
    `| drained (every client back, every receipted push arrived) | ${r.drained ? `yes, ${r.drainMs} ms after the stop` : 'no'} |`,
    `| position epochs seen (one unless the broker lost its state) | ${r.epochs.join(', ')} |`,
    `| latency publish → delivery, p50 / p99 / max | ${r.latency.p50Ms} / ${r.latency.p99Ms} / ${r.latency.maxMs} ms |`,
    `| stalls (no newer push reached any client for > ${STALL_MS / 1000} s) | ${r.stalls.map((stall) => `${stall.from.slice(11, 23)} for ${stall.seconds} s`
      + `${stall.publisherDown ? ' (the publisher was cut off)' : ''}${stall.context ? ` (${stall.context.secondsAfter} s after ${stall.context.fault})` : ''}`).join('; ') || 'none'} |`,
    `| meets the issue's floor (≥ 10 min, ≥ 100 pushes/s, ≥ 5 drops/s, two node kills, a broker restart) | ${r.meetsIssueFloor ? 'yes' : 'no'} |`,
    '',
    '## Faults',
    '',
    '| time (UTC) | s after ready | what |',
    '|---|---|---|',
    ...r.faults.map((fault) => `| ${fault.time.slice(11, 23)} | ${fault.t ?? ''} | ${fault.kind}: ${fault.text} |`),
  ];
  if (r.recoveryFailed > 0) {
    lines.push('', '## Recovery failures', '',
      `${r.recoveryFailed - r.recoveryFailedUnexplained} explained by a documented limit (history size or age, replay cap), `
        + `${r.recoveryFailedUnexplained} not. By cause:`, '',
      ...Object.entries(r.recoveryFailedByLimit).map(([why, count]) => `- ${count}: ${why}`), '', 'By the fault before them:', '',
      ...Object.entries(r.recoveryFailedByFault).map(([context, count]) => `- ${count} after: ${context}`), '',
      `By opType: ${JSON.stringify(r.recoveryFailedByOpType)}; by client: ${JSON.stringify(r.recoveryFailedByClient)}`, '',
      `The first ${Math.min(40, r.recoveryFailed)} (all in summary.json):`, '',
      '| time (UTC) | client | opType | how | node | position sent → answered | away before / connected ms | after | cause |',
      '|---|---|---|---|---|---|---|---|---|',
      ...r.recoveryFailures.slice(0, 40).map((f) => `| ${f.time.slice(11, 23)} | ${f.client} | ${f.opType} | ${f.how} | ${f.node} | `
        + `${f.positionSent} → ${f.positionAnswered} | ${f.awayBeforeMs} / ${f.connectedForMs} | `
        + `${f.context ? `${f.context.secondsAfter} s after ${f.context.fault} (${f.context.recovered})` : 'no fault before'} | `
        + `${f.limit.why.replace(/:.*/, '')}${f.limit.detail ? ` (${f.limit.detail})` : ''} |`));
  }
  for (const [name, samples] of Object.entries(r.samples)) {
    if (samples.length > 0) lines.push('', `## ${name} (first ${samples.length})`, '', '```', ...samples.map((s) => JSON.stringify(s)), '```');
  }
  if (r.anomalies.length > 0) lines.push('', '## SDK anomalies', '', '```', ...r.anomalies.map((a) => JSON.stringify(a)), '```');
  return `${lines.join('\n')}\n`;
}

// -------------------------------------------------------------------------------------------------
// Helpers

/** A typed array indexed by push number that grows as numbers are used. */
class Growable {
  constructor(Type, capacity = 1 << 16) {
    this.Type = Type;
    this.array = new Type(capacity);
  }

  get(i) {
    return i < this.array.length ? this.array[i] : 0;
  }

  set(i, value) {
    if (i >= this.array.length) {
      let length = this.array.length;
      while (length <= i) length *= 2;
      const larger = new this.Type(length);
      larger.set(this.array);
      this.array = larger;
    }
    this.array[i] = value;
  }
}

/** Polls `condition` every 100 ms until it holds (true) or `seconds` pass (false, or throws with `what`). */
async function until(condition, seconds, what) {
  const deadline = Date.now() + seconds * 1000;
  while (!condition()) {
    if (Date.now() > deadline) {
      if (what) throw new Error(`soak: no ${what} within ${seconds} s`);
      return false;
    }
    await sleep(100);
  }
  return true;
}

async function within(seconds, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`soak: not ${what} within ${seconds} s`)), seconds * 1000); });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function cpuSeconds({ user, system }) {
  return (user + system) / 1e6;
}

function countBy(values) {
  const counts = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

function round(x) {
  return Math.round(x * 10) / 10;
}
