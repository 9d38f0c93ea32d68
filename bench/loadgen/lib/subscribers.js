// N subscriber connections, to one opType or each to its own, each checked delivery by delivery.
// Pushes carry {"seq":S,"t":T,...} in their data: S counts the publisher's pushes of the opType
// from 1, T is the publish time (performance.now() of this process: publisher and subscribers
// share the clock). Push frames are read straight from the received bytes, without JSON.parse, so
// the generator spends as little CPU per delivery as it can; any other frame is parsed and
// recorded. StompSubscribers does the same checks for the broker's own pub/sub (the baseline of
// the publish scenario): one STOMP subscription, its messages told apart by their opType header.
import WebSocket from 'ws';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { constants as zlibConstants, inflateRawSync } from 'node:zlib';
import { Histogram } from './histogram.js';
import { StompClient, header } from './stomp.js';

const PUSH_PREFIX = Buffer.from('{"type":"push"');
const SEQ_KEY = Buffer.from('"seq":');
const TIME_KEY = Buffer.from('"t":');

/** The decimal number (digits, at most one '.') starting at buf[i]. */
function numberAt(buf, i) {
  let value = 0;
  let scale = 0;
  for (; i < buf.length; i++) {
    const c = buf[i];
    if (c === 46) scale = 1; // '.'
    else if (c >= 48 && c <= 57) {
      if (scale) { scale /= 10; value += (c - 48) * scale; } else value = value * 10 + (c - 48);
    } else break;
  }
  return value;
}

export class Subscribers {
  /** opType: one for all connections, or a function of the connection's index (0..n-1). */
  constructor({ url, opType, protocol = 'longconn.v1', deflate = false }) {
    if (deflate) inflateEachMessageAtOnce();
    Object.assign(this, { url, protocol, deflate });
    this.deflateNegotiated = 0; // connections whose handshake answer took permessage-deflate
    this.wireStart = null; // { bytes, received } when the first connection went live
    this.opTypeOf = typeof opType === 'function' ? opType : () => opType;
    this.connections = [];
    this.received = 0;
    this.latency = new Histogram();
    this.closedWhileLive = 0;
    this.closeCodes = {};
    this.unexpected = []; // the first few frames that were neither pushes nor pongs
    this.unexpectedCount = 0;
    this.frameBytes = null;
    this.waiter = null;
    this.waitTarget = Infinity;
    this.onReceive = null; // called after every delivery (the publish scenario's window)
  }

  /**
   * Opens n connections, at most `concurrency` at a time. Each counts as open once it got its
   * first frame (welcome) and its subscribe was answered. Rejects after deadlineMs.
   */
  async open(n, { concurrency = 100, deadlineMs = 60_000 } = {}) {
    const started = performance.now();
    let next = 0;
    let failure = null;
    const worker = async () => {
      while (next < n && !failure) {
        const index = next++;
        try { this.connections.push(await this.openOne(index)); } catch (error) { failure ??= error; }
      }
    };
    let timer;
    const deadline = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`opened ${this.connections.length} of ${n} within ${deadlineMs} ms`)), deadlineMs);
    });
    try {
      await Promise.race([Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker)), deadline]);
    } finally {
      clearTimeout(timer);
    }
    if (failure) throw new Error(`opened ${this.connections.length} of ${n}: ${failure.message}`);
    const ms = performance.now() - started;
    return { connections: n, ms: Math.round(ms), perSecond: Math.round((n / ms) * 1000) };
  }

  openOne(index = 0) {
    return new Promise((resolve, reject) => {
      // With deflate: offered as browsers offer it; the gateway answers no context takeover both ways.
      const perMessageDeflate = this.deflate
        ? { serverNoContextTakeover: true, clientNoContextTakeover: true, threshold: 1 << 30 } : false;
      const ws = new WebSocket(this.url, [this.protocol], { perMessageDeflate, skipUTF8Validation: true, handshakeTimeout: 30_000 });
      ws.on('upgrade', (response) => {
        if (String(response.headers['sec-websocket-extensions'] ?? '').includes('permessage-deflate')) this.deflateNegotiated++;
      });
      const conn = { ws, index, opType: this.opTypeOf(index), state: 'welcome', next: 1, missing: null, duplicated: 0, reordered: 0 };
      ws.on('message', (data) => {
        if (conn.state === 'live') { this.frame(conn, data); return; }
        const frame = JSON.parse(data.toString());
        if (conn.state === 'welcome' && frame.type === 'welcome') {
          conn.state = 'subscribing';
          ws.send(JSON.stringify({ type: 'subscribe', id: '1', opTypes: [conn.opType] }));
        } else if (conn.state === 'subscribing' && frame.type === 'subscribed' && frame.results?.[0]?.ok) {
          conn.state = 'live';
          resolve(conn);
        } else {
          ws.terminate();
          reject(new Error(`unexpected frame while ${conn.state}: ${data.toString().slice(0, 200)}`));
        }
      });
      ws.on('error', (error) => { if (conn.state !== 'live') reject(error); });
      ws.on('close', (code) => {
        if (conn.state === 'live') {
          this.closedWhileLive++;
          this.closeCodes[code] = (this.closeCodes[code] ?? 0) + 1;
          this.wake();
        } else if (conn.state !== 'closing') reject(new Error(`closed (${code}) while ${conn.state}`));
        conn.state = 'closed';
      });
    });
  }

  frame(conn, data) {
    if (data.length < PUSH_PREFIX.length || data.compare(PUSH_PREFIX, 0, PUSH_PREFIX.length, 0, PUSH_PREFIX.length) !== 0) {
      this.other(data);
      return;
    }
    const now = performance.now();
    const seq = numberAt(data, data.indexOf(SEQ_KEY) + SEQ_KEY.length);
    this.latency.record(now - numberAt(data, data.indexOf(TIME_KEY) + TIME_KEY.length));
    this.frameBytes ??= data.length;
    this.track(conn, seq);
  }

  /** Counts a delivery of push `seq` on a connection: in order, late (reordered), or again (duplicated). */
  track(conn, seq) {
    if (seq === conn.next) conn.next++;
    else if (seq > conn.next) {
      conn.missing ??= new Set();
      for (let s = conn.next; s < seq && conn.missing.size < 1_000_000; s++) conn.missing.add(s);
      conn.next = seq + 1;
    } else if (conn.missing?.delete(seq)) conn.reordered++;
    else conn.duplicated++;
    if (++this.received >= this.waitTarget) this.wake();
    this.onReceive?.();
  }

  other(data) {
    let type;
    try { type = JSON.parse(data.toString()).type; } catch { type = 'not-json'; }
    if (type === 'pong') return;
    this.unexpectedCount++;
    if (this.unexpected.length < 5) this.unexpected.push(data.toString().slice(0, 300));
  }

  /** Bytes read from all subscriber sockets (TCP payload: frame headers and, with deflate, compressed bytes). */
  wireBytes() {
    return this.connections.reduce((total, conn) => total + (conn.ws._socket?.bytesRead ?? 0), 0);
  }

  /** Marks where the measured deliveries begin: wire bytes per delivery count from here. */
  markWire() {
    this.wireStart = { bytes: this.wireBytes(), received: this.received };
  }

  /** Wire bytes read per delivery since markWire(), or null. */
  wireBytesPerDelivery() {
    if (!this.wireStart || this.received === this.wireStart.received) return null;
    return Math.round((this.wireBytes() - this.wireStart.bytes) / (this.received - this.wireStart.received));
  }

  get live() {
    return this.connections.length - this.closedWhileLive;
  }

  /** Resolves true once `target` deliveries were received in all, false at the deadline or when a session closed. */
  whenReceived(target, timeoutMs) {
    if (this.received >= target) return Promise.resolve(true);
    return new Promise((resolve) => {
      const closedBefore = this.closedWhileLive;
      const timer = setTimeout(() => finish(false), timeoutMs);
      const finish = (ok) => { clearTimeout(timer); this.waitTarget = Infinity; this.waiter = null; resolve(ok); };
      this.waitTarget = target;
      this.waiter = () => {
        if (this.received >= target) finish(true);
        else if (this.closedWhileLive > closedBefore) finish(false);
      };
    });
  }

  wake() {
    this.waiter?.();
  }

  /**
   * Lost, duplicated and reordered deliveries over all connections, for pushes 1..published;
   * `published` may be a function of the connection ({ index, opType }) when opTypes differ.
   */
  integrity(published) {
    const result = { lost: 0, duplicated: 0, reordered: 0, closedSessions: this.closedWhileLive,
      closeCodes: this.closeCodes, unexpectedFrames: this.unexpectedCount, unexpectedSamples: this.unexpected };
    const expected = typeof published === 'function' ? published : () => published;
    for (const conn of this.connections) {
      result.lost += (conn.missing?.size ?? 0) + Math.max(0, expected(conn) + 1 - conn.next);
      result.duplicated += conn.duplicated;
      result.reordered += conn.reordered;
    }
    return result;
  }

  /** Closes every connection (a close handshake, then terminate what did not finish by the deadline). */
  async close(deadlineMs = 10_000) {
    const open = this.connections.filter((conn) => conn.state === 'live');
    await new Promise((resolve) => {
      let left = open.length;
      const timer = setTimeout(resolve, deadlineMs);
      if (left === 0) { clearTimeout(timer); resolve(); return; }
      for (const conn of open) {
        conn.state = 'closing';
        conn.ws.once('close', () => { if (--left === 0) { clearTimeout(timer); resolve(); } });
        conn.ws.close(1000);
      }
    });
    for (const conn of this.connections) conn.ws.terminate();
  }
}

const HEART_BEAT_MS = 10_000;

/**
 * The broker's own pub/sub as a subscriber set: one STOMP connection with one auto-ack
 * subscription to stomp://HOST:PORT/DESTINATION (query parameters become SUBSCRIBE headers, e.g.
 * subscription-type=MULTICAST), standing for n subscribers, one per opType: each message is
 * counted once, on the subscriber of its opType header, and checked like a WebSocket delivery.
 */
export class StompSubscribers extends Subscribers {
  async open(n) {
    const started = performance.now();
    const url = new URL(this.url);
    this.byOpType = new Map();
    for (let index = 0; index < n; index++) {
      const conn = { index, opType: this.opTypeOf(index), state: 'live', next: 1, missing: null, duplicated: 0, reordered: 0 };
      this.connections.push(conn);
      this.byOpType.set(conn.opType, conn);
    }
    this.client = await StompClient.connect(url.hostname, Number(url.port), 15_000, HEART_BEAT_MS);
    // A broken connection ends every subscriber it stands for.
    this.client.onError = (error) => {
      if (this.closedWhileLive === this.connections.length) return;
      this.closedWhileLive = this.connections.length;
      this.closeCodes[error.message] = this.connections.length;
      this.wake();
    };
    await this.client.subscribe(decodeURIComponent(url.pathname.slice(1)), Object.fromEntries(url.searchParams),
      (headerLines, body) => this.message(headerLines, body));
    const ms = performance.now() - started;
    return { connections: 1, subscribers: n, ms: Math.round(ms), perSecond: Math.round((n / ms) * 1000) };
  }

  message(headerLines, body) {
    const conn = this.byOpType.get(header(headerLines, 'opType'));
    if (!conn) { this.other(Buffer.from(body)); return; }
    const now = performance.now();
    const seqAt = body.indexOf('"seq":') + 6;
    const timeAt = body.indexOf('"t":') + 4;
    this.latency.record(now - parseFloat(body.slice(timeAt, timeAt + 24)));
    // The whole frame: command line, headers, blank line, body and NUL (ASCII, so characters are bytes).
    this.frameBytes ??= 'MESSAGE\n'.length + headerLines.length + 2 + body.length + 1;
    this.track(conn, parseInt(body.slice(seqAt, seqAt + 16), 10));
  }

  async close() {
    this.client?.close();
  }
}

const TRAILER = Buffer.from([0x00, 0x00, 0xff, 0xff]);
let inflatingAtOnce = false;

/**
 * Makes ws inflate a compressed message in one synchronous call when the server compresses each
 * message on its own (server_no_context_takeover, as the gateway answers): ws's own inflate streams
 * (asynchronous, ten at a time through a limiter) cost the generator about 70 µs per delivery,
 * which would make it, not the server, the limit of a deflate run. The callback still comes
 * asynchronously (a microtask), as ws's receiver expects.
 */
function inflateEachMessageAtOnce() {
  if (inflatingAtOnce) return;
  inflatingAtOnce = true;
  // ws does not export the module: required by its path, it is the very instance ws itself uses.
  const require = createRequire(import.meta.url);
  const PerMessageDeflate = require(join(dirname(require.resolve('ws')), 'lib', 'permessage-deflate.js'));
  const streaming = PerMessageDeflate.prototype.decompress;
  PerMessageDeflate.prototype.decompress = function decompress(data, fin, callback) {
    if (!this.params?.server_no_context_takeover) {
      streaming.call(this, data, fin, callback);
      return;
    }
    this.parts ??= [];
    this.parts.push(data);
    if (!fin) {
      queueMicrotask(() => callback(null, Buffer.alloc(0)));
      return;
    }
    const compressed = Buffer.concat([...this.parts, TRAILER]);
    this.parts = [];
    let result;
    let failure = null;
    try {
      result = inflateRawSync(compressed, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch (error) {
      failure = error;
    }
    queueMicrotask(() => (failure ? callback(failure) : callback(null, result)));
  };
}

