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
import { binaryCallId } from '../frames.js';
import { detectHttp } from './poll-http.js';
import { PollRequests, pollUrlOf } from './poll-requests.js';
import { PollSubscriptions } from './poll-subscriptions.js';

export { pollUrlOf };

const DEFAULT_WAIT_MS = 25000;
/** Failed polls in a row before the link reports its close (the client then reconnects). */
const MAX_FAILURES = 3;
const RETRY_DELAY_MS = 1000;

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
      const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
      const requests = new PollRequests(options.pollUrl || pollUrlOf(url), header || {}, request, waitMs,
        { token: token || null, param: tokenParam || 'token' });
      return new PollingLink(requests, waitMs, timers, events);
    },
  };
}

/** Whether this platform can poll without being given an HTTP function. */
export function canPoll() {
  return detectHttp() !== null;
}

class PollingLink {
  /** @param {PollRequests} requests where the link's requests go, with which token */
  constructor(requests, waitMs, timers, events) {
    this.requests = requests;
    this.waitMs = waitMs;
    this.timers = timers;
    this.events = events;
    this.subs = new PollSubscriptions();
    this.closed = false;
    this.looping = false;
    this.current = null;
    this.restart = false;
    this.failures = 0;
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
      this.subs.remove(frame.opTypes || []);
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
    this.requests.post('{"type":"ping"}').then(({ status, text }) => {
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
    this.requests.poll(subs, 0).promise.then(({ status, text }) => {
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
      this.deliverAll(this.subs.subscribed(frame.id, answer));
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
    const exchange = this.requests.poll(this.subs.entries(), this.waitMs);
    this.current = exchange;
    exchange.promise.then(({ status, text }) => {
      this.current = null;
      if (this.closed) {
        return;
      }
      const answer = status === 200 ? parse(text) : null;
      if (answer !== null && answer.type === 'poll') {
        this.failures = 0;
        this.deliverAll(this.subs.answered(answer));
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
    if (typeof frame.token !== 'string' || frame.token === '' || frame.token === this.requests.token) {
      this.deliver(JSON.stringify({ type: 'error', id: frame.id, code: 'refresh_denied',
        message: 'the token did not change: polls go on with the old one until it expires' }));
      return;
    }
    this.requests.useToken(frame.token);
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

  failed(reason, delayMs) {
    if (++this.failures >= MAX_FAILURES) {
      this.end(1006, `polling failed ${this.failures} times: ${reason}`);
      return;
    }
    this.timers.setTimeout(() => this.loop(), delayMs);
  }

  /**
   * Posts a frame (text, or a binary frame's ArrayBuffer) and feeds the answer frame back. A call
   * (`callId`) whose request fails is answered `not_connected`, as a dropped socket would.
   */
  post(body, callId) {
    this.requests.post(body).then(({ status, text: answer }) => {
      if (!this.closed && status !== 204 && answer) {
        this.deliver(answer);
      }
    }, (error) => {
      if (!this.closed && callId !== undefined) {
        this.deliver(JSON.stringify({ type: 'reply', id: callId, error: { code: 'not_connected', message: error.message } }));
      }
    });
  }

  /** Frames reach the client after the current call returns, in order, as a socket's would. */
  deliver(data) {
    Promise.resolve().then(() => {
      if (!this.closed) {
        this.events.onMessage(data);
      }
    });
  }

  deliverAll(frames) {
    for (const frame of frames) {
      this.deliver(frame);
    }
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
