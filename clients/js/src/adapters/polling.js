/**
 * The HTTP polling transport (PROTOCOL §15) behind the socket adapter interface, so the client
 * runs unchanged on it: for platforms without sockets, and as the fallback after repeated socket
 * failures. The link plays the server's part of the socket protocol from polls:
 *
 * - `welcome` once a first request (a posted `ping`) got through the handshake hook;
 * - `subscribe` / `unsubscribe` change the opTypes polled, answered from a poll that does not wait
 *   (its results are the `subscribed` results, with positions and `recovered`);
 * - pushes come from long-polls (`GET /poll?sub=<opType>@<position>&wait=...`), each answer
 *   moving every opType's position on;
 * - `message` and `call` frames are posted (`POST /poll`), the answer frame fed back; a binary one
 *   (§3.7) as it is, with `Content-Type: application/octet-stream` (§15.2);
 * - `ping` is answered locally: liveness is each request's own success;
 * - `refresh` (PROTOCOL §16) is answered locally too: every request carries the token in its query,
 *   so a new token is the refresh. A poll answered `refresh_required` reaches the client as that
 *   frame; the link polls again at once with the token of the client's `refresh`, with the same
 *   positions, and without a new token only after a wait, never in a spin.
 *
 * A `recovered: false` in a later poll reaches the client as an unsolicited `subscribed` frame,
 * which it reports through `onRecoveryFailed`.
 */
import { base64ToArrayBuffer } from './base64.js';
import { binaryCallId, utf8Bytes } from '../frames.js';
import { withQueryParam } from '../tokens.js';

const DEFAULT_WAIT_MS = 25000;
/** A request gets this long beyond its wait before it counts as failed. */
const REQUEST_MARGIN_MS = 15000;
/** The content type that makes a posted body a binary frame (PROTOCOL §15.2). */
const BINARY_CONTENT_TYPE = 'application/octet-stream';
/** Failed polls in a row before the link reports its close (the client then reconnects). */
const MAX_FAILURES = 3;
const RETRY_DELAY_MS = 1000;
const BINARY_PUSH_WITH_POSITION = 2;

/**
 * @param {object} [options]
 * @param {Function} [options.request] `({method, url, body, header, timeoutMs}) => {promise, abort}`,
 *   the promise resolving to `{status, text}`; by default `fetch`, else `wx`/`uni`/`my.request`.
 *   `body` is a string, or an ArrayBuffer (a binary frame) whose `header` has its Content-Type
 * @param {string} [options.pollUrl] the `/poll` URL; by default derived from the socket URL
 *   (`ws://host/longconn/ws?q` becomes `http://host/longconn/poll?q`, so a token travels along). With
 *   the client's `getToken`, the current token replaces the `tokenParam` query parameter of either URL
 * @param {number} [options.waitMs] how long each long-poll may wait (the server caps it)
 * @param {{setTimeout: Function, clearTimeout: Function, now?: Function}} [options.timers] (`now`, for
 *   the wait until a token's expiry, defaults to `Date.now`)
 */
export function pollingAdapter(options = {}) {
  const request = options.request || detectHttp();
  if (request === null) {
    throw new Error('no HTTP API found (fetch, wx, uni or my.request): pass pollingAdapter({request})');
  }
  const timers = options.timers || { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h) };
  return {
    name: 'polling',
    connect({ url, header, token, tokenParam }, events) {
      return new PollingLink(options.pollUrl || pollUrlOf(url), header || {}, request, options.waitMs ?? DEFAULT_WAIT_MS,
        timers, events, { token: token || null, param: tokenParam || 'token' });
    },
  };
}

/** Whether this platform can poll without being given an HTTP function. */
export function canPoll() {
  return detectHttp() !== null;
}

/** `ws(s)://host/path/ws?query` → `http(s)://host/path/poll?query`. */
export function pollUrlOf(socketUrl) {
  const match = /^ws(s?):\/\/([^?#]*?)\/ws(\?[^#]*)?$/.exec(socketUrl);
  if (match === null) {
    throw new Error(`cannot derive the poll URL from ${socketUrl}: pass pollUrl`);
  }
  return `http${match[1]}://${match[2]}/poll${match[3] || ''}`;
}

class PollingLink {
  /** `credentials`: the token the link started with (null without `getToken`) and its query parameter. */
  constructor(url, header, request, waitMs, timers, events, credentials) {
    // Posted frames name this link, so that the gateway counts them against one rate limit of its
    // own, not that of every anonymous client behind the same address (PROTOCOL.md §15.2).
    this.clientId = Math.random().toString(36).slice(2, 12);
    this.token = credentials.token;
    this.tokenParam = credentials.param;
    this.useUrl(this.token === null ? url : withQueryParam(url, this.tokenParam, this.token));
    this.header = header;
    this.request = request;
    this.waitMs = waitMs;
    this.timers = timers;
    this.events = events;
    /** opType → the position to poll it from (null before its first poll). */
    this.subs = new Map();
    this.closed = false;
    this.looping = false;
    this.current = null;
    this.restart = false;
    this.failures = 0;
    this.lateIds = 0;
    /** The wait before polling again with a token the server wants renewed, or null. */
    this.tokenWait = null;
    /** Subscribes answered `refresh_required`: asked again with the next token. */
    this.stalled = [];
    this.open();
  }

  send(data) {
    if (this.closed) {
      throw new Error('the polling link is closed');
    }
    if (typeof data !== 'string') {
      this.post(data, binaryCallId(data)); // a binary message or call (§3.7)
      return;
    }
    const text = data;
    let frame = null;
    try {
      frame = JSON.parse(text);
    } catch {
      // a bare heartbeat ("ping") or junk: posted as it is below
    }
    if (text === 'ping') {
      this.deliver('pong');
    } else if (frame && frame.type === 'ping') {
      this.deliver(JSON.stringify(frame.id === undefined ? { type: 'pong' } : { type: 'pong', id: frame.id }));
    } else if (frame && frame.type === 'subscribe') {
      this.subscribe(frame);
    } else if (frame && frame.type === 'unsubscribe') {
      for (const opType of frame.opTypes || []) {
        this.subs.delete(opType);
      }
      this.deliver(JSON.stringify({ type: 'unsubscribed', id: frame.id, results: (frame.opTypes || []).map((opType) => ({ opType, ok: true })) }));
      this.pollAgain();
    } else if (frame && frame.type === 'refresh') {
      this.refresh(frame);
    } else {
      this.post(text, frame && frame.type === 'call' ? frame.id : undefined);
    }
  }

  close(code, reason) {
    this.end(code, reason);
  }

  // -----------------------------------------------------------------------------------------------

  /** A posted ping proves the gateway is there and the handshake hook lets this client in. */
  open() {
    this.http('POST', this.postUrl, '{"type":"ping"}').then(({ status, text }) => {
      if (this.closed) {
        return;
      }
      if (status !== 200) {
        this.end(1006, `polling refused: HTTP ${status} ${text || ''}`.trim());
        return;
      }
      this.events.onOpen();
      this.deliver(JSON.stringify({
        type: 'welcome', protocol: 1, transport: 'polling', sessionId: null, userId: null,
        heartbeatIntervalMs: this.waitMs, idleTimeoutMs: this.waitMs * 2, callTimeoutMs: 10000,
        maxFrameBytes: 65536, maxSubscriptions: 100, maxOpTypeLength: 128,
      }));
    }, (error) => this.end(1006, `polling failed: ${error.message}`));
  }

  /** A subscribe is answered from a poll that does not wait: its results, then its pushes. */
  subscribe(frame) {
    const positions = frame.positions || {};
    const subs = (frame.opTypes || []).map((opType) => [opType, positions[opType] || null]);
    this.http('GET', this.pollQuery(subs, 0)).then(({ status, text }) => {
      if (this.closed) {
        return;
      }
      const answer = status === 200 ? parse(text) : null;
      if (answer !== null && answer.type === 'refresh_required') {
        this.deliver(text);
        this.stalled.push(frame); // the client's subscribe timeout asks again if no token comes
        return;
      }
      if (answer === null || answer.type !== 'poll') {
        const error = parse(text);
        this.deliver(JSON.stringify({ type: 'error', id: frame.id, code: (error && error.code) || 'service_unavailable',
          message: (error && error.message) || `poll failed: HTTP ${status}` }));
        return;
      }
      for (const result of answer.results) {
        if (result.ok) {
          this.subs.set(result.opType, result.position || null);
        }
      }
      this.deliver(JSON.stringify({ type: 'subscribed', id: frame.id, results: answer.results }));
      this.pushes(answer);
      this.pollAgain();
    }, () => {
      // No answer: the client asks again after its answer timeout.
    });
  }

  /** Starts the long-poll loop, or restarts it at once with the changed opTypes. */
  pollAgain() {
    if (this.looping) {
      this.restart = true;
      if (this.current) {
        this.current.abort();
      }
      return;
    }
    if (this.subs.size > 0 && !this.closed) {
      this.looping = true;
      this.loop();
    }
  }

  loop() {
    if (this.closed || this.subs.size === 0) {
      this.looping = false;
      return;
    }
    this.restart = false;
    const exchange = this.request({ method: 'GET', url: this.pollQuery([...this.subs], this.waitMs), header: this.header,
      timeoutMs: this.waitMs + REQUEST_MARGIN_MS });
    this.current = exchange;
    exchange.promise.then(({ status, text }) => {
      this.current = null;
      if (this.closed) {
        return;
      }
      const answer = status === 200 ? parse(text) : null;
      if (answer !== null && answer.type === 'poll') {
        this.failures = 0;
        this.answered(answer);
        this.loop();
      } else if (answer !== null && answer.type === 'refresh_required') {
        this.failures = 0;
        this.deliver(text);
        this.awaitToken(answer.expiresAt);
      } else if (status === 401 || status === 403) {
        this.end(1006, `polling refused: HTTP ${status} ${text || ''}`.trim());
      } else {
        this.failed(`HTTP ${status}`, status === 503 ? 5000 : RETRY_DELAY_MS);
      }
    }, (error) => {
      this.current = null;
      if (this.closed) {
        return;
      }
      if (this.restart) {
        this.loop(); // aborted on purpose: the opTypes changed
      } else {
        this.failed(error.message, RETRY_DELAY_MS);
      }
    });
  }

  /**
   * The server wants a new token before `expiresAt` (PROTOCOL §16): polling again with the old
   * one would only be told so again, so the next poll waits for the client's `refresh`, or, without
   * one, for the long-poll's wait (no longer than until the expiry, and at least a second). Once
   * expired, a poll is refused (401) and the client reconnects with a new token.
   */
  awaitToken(expiresAt) {
    const now = typeof this.timers.now === 'function' ? this.timers.now() : Date.now();
    const left = Number.isFinite(expiresAt) ? expiresAt - now : this.waitMs;
    this.tokenWait = this.timers.setTimeout(() => {
      this.tokenWait = null;
      this.loop();
    }, Math.max(RETRY_DELAY_MS, Math.min(this.waitMs, left)));
  }

  /**
   * The client's `refresh`: its token goes on every request from now on, and the polls that
   * waited for it go at once, from the same positions. The same token again is refused: it would
   * be answered `refresh_required` again.
   */
  refresh(frame) {
    if (typeof frame.token !== 'string' || frame.token === '' || frame.token === this.token) {
      this.deliver(JSON.stringify({ type: 'error', id: frame.id, code: 'refresh_denied',
        message: 'the token did not change: polls go on with the old one until it expires' }));
      return;
    }
    this.token = frame.token;
    this.useUrl(withQueryParam(this.url, this.tokenParam, frame.token));
    // No expiresAt: the server tells it only with the next refresh_required.
    this.deliver(JSON.stringify({ type: 'refreshed', id: frame.id }));
    for (const stalled of this.stalled.splice(0)) {
      this.subscribe(stalled);
    }
    if (this.tokenWait !== null) {
      this.timers.clearTimeout(this.tokenWait);
      this.tokenWait = null;
      this.loop();
    }
  }

  /** The poll URL (with the current token) and the URL frames are posted to. */
  useUrl(url) {
    this.url = url;
    this.postUrl = `${url}${url.includes('?') ? '&' : '?'}client=${this.clientId}`;
  }

  failed(reason, delayMs) {
    if (++this.failures >= MAX_FAILURES) {
      this.end(1006, `polling failed ${this.failures} times: ${reason}`);
      return;
    }
    this.timers.setTimeout(() => this.loop(), delayMs);
  }

  /** Moves positions on (only for opTypes still polled), reports lost ones, delivers the pushes. */
  answered(answer) {
    const lost = [];
    for (const result of answer.results) {
      if (result.ok && this.subs.has(result.opType)) {
        this.subs.set(result.opType, result.position || this.subs.get(result.opType));
        if (result.recovered === false) {
          lost.push(result);
        }
      }
    }
    if (lost.length > 0) {
      this.deliver(JSON.stringify({ type: 'subscribed', id: `poll-${++this.lateIds}`, results: lost }));
    }
    this.pushes(answer);
  }

  pushes(answer) {
    for (const push of answer.pushes || []) {
      this.deliver(typeof push.binary === 'string' ? binaryPush(push) : JSON.stringify(push));
    }
  }

  /**
   * Posts a frame: text as it is, a binary frame (an ArrayBuffer) as application/octet-stream.
   * A call (`callId`) whose request fails is answered `not_connected`, as a dropped socket would.
   */
  post(body, callId) {
    const header = typeof body === 'string' ? this.header : { ...this.header, 'Content-Type': BINARY_CONTENT_TYPE };
    this.http('POST', this.postUrl, body, header).then(({ status, text: answer }) => {
      if (!this.closed && status !== 204 && answer) {
        this.deliver(answer);
      }
    }, (error) => {
      if (!this.closed && callId !== undefined) {
        this.deliver(JSON.stringify({ type: 'reply', id: callId, error: { code: 'not_connected', message: error.message } }));
      }
    });
  }

  pollQuery(subs, waitMs) {
    const query = subs.map(([opType, position]) => `sub=${encodeURIComponent(position ? `${opType}@${position}` : opType)}`);
    return `${this.url}${this.url.includes('?') ? '&' : '?'}${query.join('&')}&wait=${waitMs}`;
  }

  http(method, url, body, header = this.header) {
    return this.request({ method, url, body, header, timeoutMs: this.waitMs + REQUEST_MARGIN_MS }).promise;
  }

  /** Frames reach the client after the current call returns, in order, as a socket's would. */
  deliver(data) {
    Promise.resolve().then(() => {
      if (!this.closed) {
        this.events.onMessage(data);
      }
    });
  }

  end(code, reason) {
    if (this.closed) {
      return;
    }
    this.closed = true;
    this.timers.clearTimeout(this.tokenWait);
    if (this.current) {
      this.current.abort();
    }
    // Reported later, as a socket reports its close: never inside the client's own close() call.
    this.timers.setTimeout(() => this.events.onClose(code, reason), 0);
  }
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A push whose payload came as base64 becomes the binary frame a socket would carry (§4.5). */
function binaryPush(push) {
  // No TextEncoder or BigInt: mini-program runtimes, which poll most, may lack both.
  const name = utf8Bytes(push.opType);
  const pos = utf8Bytes(push.pos || '');
  const payload = new Uint8Array(base64ToArrayBuffer(push.binary));
  const bytes = new Uint8Array(1 + 2 + name.length + 8 + 1 + pos.length + payload.length);
  const view = new DataView(bytes.buffer);
  let at = 0;
  bytes[at++] = BINARY_PUSH_WITH_POSITION;
  view.setUint16(at, name.length);
  at += 2;
  bytes.set(name, at);
  at += name.length;
  const ts = Number(push.ts);
  const high = Math.floor(ts / 4294967296);
  view.setInt32(at, high);
  view.setUint32(at + 4, ts - high * 4294967296);
  at += 8;
  bytes[at++] = pos.length;
  bytes.set(pos, at);
  at += pos.length;
  bytes.set(payload, at);
  return bytes.buffer;
}

function detectHttp() {
  const g = globalThis;
  if (typeof g.fetch === 'function') {
    return fetchRequest(g.fetch.bind(g));
  }
  for (const api of [g.uni, g.wx, g.my]) {
    if (api && typeof api.request === 'function') {
      return miniProgramRequest(api);
    }
  }
  return null;
}

function fetchRequest(fetchImpl) {
  return ({ method, url, body, header, timeoutMs }) => {
    const controller = typeof AbortController === 'function' ? new AbortController() : null;
    const timer = setTimeout(() => controller && controller.abort(), timeoutMs);
    // A text body goes as text/plain (no CORS preflight); a binary one has its type in `header`.
    const headers = typeof body === 'string' ? { ...header, 'Content-Type': 'text/plain;charset=UTF-8' } : { ...header };
    const promise = fetchImpl(url, { method, body, headers, cache: 'no-store', signal: controller ? controller.signal : undefined })
      .then(async (response) => ({ status: response.status, text: await response.text() }))
      .finally(() => clearTimeout(timer));
    return { promise, abort: () => controller && controller.abort() };
  };
}

/** `wx.request`, `uni.request` and `my.request` (Alipay names the status `status`). */
function miniProgramRequest(api) {
  return ({ method, url, body, header, timeoutMs }) => {
    let task = null;
    const promise = new Promise((resolve, reject) => {
      task = api.request({
        url, method, data: body, header: typeof body === 'string' ? { ...header, 'Content-Type': 'text/plain;charset=UTF-8' } : header,
        headers: header, timeout: timeoutMs, dataType: 'text', responseType: 'text',
        success: (res) => resolve({ status: res.statusCode ?? res.status,
          text: typeof res.data === 'string' ? res.data : JSON.stringify(res.data ?? '') }),
        fail: (err) => reject(new Error((err && (err.errMsg || err.errorMessage)) || 'request failed')),
      });
    });
    return { promise, abort: () => task && typeof task.abort === 'function' && task.abort() };
  };
}
