import { Backoff } from './backoff.js';
import { encode, decode, utf8Length } from './frames.js';
import { Heartbeat } from './heartbeat.js';
import { opTypeProblem, MAX_OP_TYPE_LENGTH } from './optype.js';
import { Registrations, MessageListeners } from './registrations.js';
import { SendQueue } from './send-queue.js';
import { detectAdapter } from './adapters/index.js';
import { pollingAdapter, canPoll } from './adapters/polling.js';

const SUBPROTOCOL = 'longconn.v1';
/** Most opTypes in one `subscribe` frame when subscribing again after a reconnect. */
const SUBSCRIBE_CHUNK = 100;
/** Until `welcome` tells the real values. */
const DEFAULT_CALL_TIMEOUT_MS = 10000;
const DEFAULT_MAX_FRAME_BYTES = 65536;
/** Extra time a call waits beyond the server's `callTimeoutMs`, so the server's `timeout` reply wins. */
const CALL_TIMEOUT_MARGIN_MS = 2000;
/** How long a socket asked to close may take before the next one is opened anyway. */
const CLOSE_WAIT_MS = 3000;
/** A session that lasted this long resets the reconnect backoff when it ends. */
const STABLE_SESSION_MS = 10000;

const systemTimers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => {
    if (handle !== null && handle !== undefined) {
      globalThis.clearTimeout(handle);
    }
  },
  now: () => Date.now(),
};

/**
 * A client of the longconn gateway (docs/PROTOCOL.md). One client holds at most one socket; it
 * subscribes once per opType however many listeners there are, keeps the session alive with
 * heartbeats, reconnects with backoff after any close the server did not mark "stop", subscribes
 * again, and queues sends made while it is not connected.
 *
 * Every method that talks to the server returns a Promise that resolves, never rejects: with
 * `{isSucc: true, ...}` or `{isSucc: false, errMsg}` (calls: `{isSucc: false, err: {code, message}}`).
 */
export class LongConnClient {
  /** @param {import('../types/index').LongConnOptions} options */
  constructor(options) {
    if (!options || (typeof options.url !== 'string' && !Array.isArray(options.url))) {
      throw new TypeError('options.url is required: the gateway endpoint, e.g. wss://host/longconn/ws (or a list of them)');
    }
    this.urls = Array.isArray(options.url) ? [...options.url] : [options.url];
    if (this.urls.length === 0 || this.urls.some((url) => typeof url !== 'string' || !/^wss?:\/\//.test(url))) {
      throw new TypeError(`options.url must be ws:// or wss:// URLs, got ${JSON.stringify(options.url)}`);
    }
    this.options = options;
    this.protocols = options.protocols || [SUBPROTOCOL];
    this.header = options.header || {};
    this.transport = options.transport || 'auto';
    if (!['auto', 'websocket', 'polling'].includes(this.transport)) {
      throw new TypeError(`options.transport must be 'auto', 'websocket' or 'polling', got ${JSON.stringify(options.transport)}`);
    }
    /** Socket attempts in a row that never got a welcome; in `auto`, enough of them switch to polling. */
    this.socketFailures = 0;
    this.fallbackAfter = options.fallbackAfterFailures ?? 3;
    this.adapter = this.transport === 'polling' ? this.pollingAdapter() : (options.adapter || detectAdapter());
    this.socketAdapter = this.adapter;
    this.timers = options.timers || systemTimers;
    const reconnect = options.reconnect || {};
    this.backoff = new Backoff(reconnect.minDelayMs ?? 500, reconnect.maxDelayMs ?? 30000, options.random || Math.random);
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10000;
    this.queue = new SendQueue(options.maxQueued ?? 100, options.flushPerSecond ?? 50, this.timers);
    this.registrations = new Registrations();
    this.messageListeners = new MessageListeners();
    /** Requests waiting for their answer, by id: calls, subscribes and unsubscribes. */
    this.requests = new Map();
    this.nextId = 1;
    this.urlIndex = 0;

    /** Whether the app wants a connection (after connect() or resume(), until disconnect() or pause()). */
    this.wanted = false;
    this.paused = false;
    this.stoppedByServer = false;
    this.everOpened = false;
    /** The current socket: `{handle, welcomed, manual, disconnect, closed, welcomeAt}`. */
    this.socket = null;
    /** A socket asked to close that has not confirmed it yet. */
    this.closing = null;
    this.session = null;
    this.heartbeat = null;
    this.connectTimer = null;
    this.reconnectTimer = null;
    this.resubscribing = 0;
    this.connectWaiters = [];
  }

  /**
   * `idle` (never connected), `connecting` (opening or waiting to reconnect), `open` (welcomed),
   * `paused`, or `stopped` (by `disconnect()` or by the server).
   */
  get state() {
    if (this.socket && this.socket.welcomed) {
      return 'open';
    }
    if (this.wanted) {
      return 'connecting';
    }
    if (this.paused) {
      return 'paused';
    }
    return this.everOpened || this.stoppedByServer ? 'stopped' : 'idle';
  }

  /** The current session's `welcome` (sessionId, userId, limits), or null while not open. */
  get welcome() {
    return this.state === 'open' ? this.session : null;
  }

  /**
   * Connects, and from then on keeps a connection up. Resolves on the server's `welcome`
   * (`{isSucc: true}`) or when the first attempt fails (`{isSucc: false, errMsg}`); after a
   * failure the client goes on trying with backoff unless the server said "stop".
   * @returns {Promise<{isSucc: boolean, errMsg?: string}>}
   */
  connect() {
    if (this.state === 'open') {
      return Promise.resolve({ isSucc: true });
    }
    const result = new Promise((resolve) => this.connectWaiters.push(resolve));
    this.wanted = true;
    this.paused = false;
    this.stoppedByServer = false;
    if (this.socket === null) {
      this.openSocket();
    }
    return result;
  }

  /**
   * Closes the connection on purpose: no reconnect. Calls in flight and queued frames fail with
   * `not_connected`; listeners stay registered for a later `connect()`.
   * @param {number} [code] 1000 or 3000–4999 (what browsers and mini-programs allow)
   * @param {string} [reason]
   * @returns {Promise<void>} resolves when the socket has closed
   */
  disconnect(code = 1000, reason = 'client disconnect') {
    if (code !== 1000 && (code < 3000 || code > 4999)) {
      throw new RangeError(`close code ${code} is not allowed: use 1000 or 3000-4999`);
    }
    this.wanted = false;
    this.paused = false;
    this.queue.clear('disconnected by the app');
    return this.closeOnPurpose(code, reason);
  }

  /**
   * Closes the connection while the app is hidden (mini-program `onHide`, a background tab):
   * no reconnect until `resume()`. Listeners and queued frames are kept.
   */
  pause() {
    if (!this.wanted) {
      return Promise.resolve();
    }
    this.wanted = false;
    this.paused = true;
    return this.closeOnPurpose(1000, 'paused');
  }

  /** Reconnects after `pause()` (mini-program `onShow`) and subscribes every opType again. */
  resume() {
    if (!this.paused) {
      return Promise.resolve({ isSucc: this.state === 'open', errMsg: this.state === 'open' ? undefined : `not paused (${this.state})` });
    }
    this.backoff.reset();
    return this.connect();
  }

  /**
   * Adds a listener for pushes of `opType` (exact, or a pattern with `*` / `#`). The first
   * listener of an opType subscribes; the result is the server's answer. A listener whose
   * subscription the server refuses is removed again.
   * @returns {Promise<{isSucc: boolean, opType: string, code?: string, errMsg?: string}>}
   */
  registerLongConnListen({ opType, receiveMessageCallback, success, fail, complete } = {}) {
    const settle = settler(success, fail, complete);
    const problem = opTypeProblem(opType, true, this.maxOpTypeLength());
    if (problem !== null) {
      return Promise.resolve(settle({ isSucc: false, opType, code: 'invalid_op_type', errMsg: problem }));
    }
    if (typeof receiveMessageCallback !== 'function') {
      return Promise.resolve(settle({ isSucc: false, opType, code: 'bad_argument', errMsg: 'receiveMessageCallback must be a function' }));
    }
    const { entry, created } = this.registrations.add(opType, receiveMessageCallback);
    if (entry.state === 'subscribed') {
      return Promise.resolve(settle({ isSucc: true, opType }));
    }
    const answered = new Promise((resolve) => entry.waiters.push((result) => resolve(settle(result))));
    if (created && this.state === 'open') {
      this.subscribe([opType]);
    }
    return answered;
  }

  /**
   * Removes one listener of `opType`, or all of them when `receiveMessageCallback` is omitted;
   * the last one gone unsubscribes.
   * @returns {Promise<{isSucc: boolean, opType: string, removed: number, errMsg?: string}>}
   */
  removeLongConnListen({ opType, receiveMessageCallback, success, fail, complete } = {}) {
    const settle = settler(success, fail, complete);
    const { removed, last, entry } = this.registrations.remove(opType, receiveMessageCallback);
    if (removed === 0) {
      return Promise.resolve(settle({ isSucc: false, opType, removed, errMsg: `no such listener for opType '${opType}'` }));
    }
    if (!last) {
      return Promise.resolve(settle({ isSucc: true, opType, removed }));
    }
    for (const waiter of entry.waiters.splice(0)) {
      waiter({ isSucc: false, opType, code: 'removed', errMsg: 'listener removed before the server answered' });
    }
    const subscribedOnServer = entry.state === 'subscribed' || entry.requestId !== null;
    if (this.state !== 'open' || !subscribedOnServer) {
      return Promise.resolve(settle({ isSucc: true, opType, removed }));
    }
    const id = this.newId();
    return new Promise((resolve) => {
      const request = { kind: 'unsubscribe', timer: null, settle: null };
      request.settle = (result) => {
        this.timers.clearTimeout(request.timer);
        resolve(settle({ ...result, opType, removed }));
      };
      // The listeners are gone either way; without an answer the server may still send pushes
      // of this opType, which find no listener.
      request.timer = this.timers.setTimeout(() => {
        if (this.requests.get(id) === request) {
          this.requests.delete(id);
          request.settle({ isSucc: false, errMsg: `no answer to unsubscribe within ${this.answerTimeoutMs()} ms` });
        }
      }, this.answerTimeoutMs());
      this.requests.set(id, request);
      this.write(encode.unsubscribe(id, [opType]));
    });
  }

  /**
   * A local listener over every push received, by exact opType or a RegExp tested against it.
   * It does not subscribe: it sees what the registered listeners' subscriptions bring.
   */
  listenMsg(matcher, handler) {
    if (!(typeof matcher === 'string' || matcher instanceof RegExp) || typeof handler !== 'function') {
      throw new TypeError('listenMsg(name | RegExp, handler)');
    }
    this.messageListeners.add(matcher, handler);
    return handler;
  }

  /** Removes the `listenMsg` listeners of `matcher`, or only `handler`; returns how many went. */
  unlistenMsg(matcher, handler) {
    return this.messageListeners.remove(matcher, handler);
  }

  /**
   * Sends a fire-and-forget message. Resolves once it was written to the socket (it waits in the
   * bounded queue while not connected), or with the reason it was not.
   * @returns {Promise<{isSucc: boolean, errMsg?: string}>}
   */
  sendMsg(opType, data) {
    const problem = opTypeProblem(opType, false, this.maxOpTypeLength());
    if (problem !== null) {
      return Promise.resolve({ isSucc: false, errMsg: problem });
    }
    const text = encode.message(opType, data);
    const tooLarge = this.sizeProblem(text);
    if (tooLarge !== null) {
      return Promise.resolve({ isSucc: false, errMsg: tooLarge });
    }
    return new Promise((resolve) => {
      this.sendOrQueue({
        text,
        written: () => resolve({ isSucc: true }),
        dropped: (code, reason) => resolve({ isSucc: false, errMsg: reason }),
      });
    });
  }

  /**
   * Calls the application: resolves with its reply (`{isSucc: true, res}`) or an error
   * (`{isSucc: false, err: {code, message}}`): the server's codes (`no_handler`, `timeout`,
   * application codes, ...) or the client's own (`invalid_op_type`, `frame_too_large`,
   * `queue_full`, `not_connected`, `client_timeout`).
   * @param {{timeout?: number}} [options] ms before giving up (default: the server's
   *   `callTimeoutMs` plus 2 s)
   */
  callApi(opType, data, options = {}) {
    const problem = opTypeProblem(opType, false, this.maxOpTypeLength());
    if (problem !== null) {
      return Promise.resolve(failure('invalid_op_type', problem));
    }
    const id = this.newId();
    const text = encode.call(id, opType, data);
    const tooLarge = this.sizeProblem(text);
    if (tooLarge !== null) {
      return Promise.resolve(failure('frame_too_large', tooLarge));
    }
    const timeoutMs = options.timeout
      ?? ((this.session ? this.session.callTimeoutMs : DEFAULT_CALL_TIMEOUT_MS) + CALL_TIMEOUT_MARGIN_MS);
    return new Promise((resolve) => {
      const request = { kind: 'call', written: false, timer: null, settle: null };
      const item = {
        text,
        written: () => {
          request.written = true;
        },
        dropped: (code, reason) => request.settle(failure(code, reason)),
      };
      request.settle = (result) => {
        if (this.requests.get(id) === request) {
          this.requests.delete(id);
        }
        this.timers.clearTimeout(request.timer);
        this.queue.remove(item); // a call given up on while queued must not reach the server later
        resolve(result);
      };
      this.requests.set(id, request);
      request.timer = this.timers.setTimeout(
        () => request.settle(failure('client_timeout', `no reply within ${timeoutMs} ms`)), timeoutMs);
      this.sendOrQueue(item);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // The connection

  /** The polling transport, with the app's HTTP options (`polling: {request, pollUrl, waitMs}`). */
  pollingAdapter() {
    return pollingAdapter({ timers: this.options.timers, ...(this.options.polling || {}) });
  }

  /**
   * In `auto` mode, after `fallbackAfterFailures` socket attempts in a row never got a welcome
   * (a proxy that strips upgrades, a network that blocks WebSockets), the client goes on over
   * HTTP polling, with the same listeners and positions. If polling cannot get through either,
   * the gateway itself is away (a restart): the client goes back to sockets. It also goes back
   * when a polling link that worked ends, so a network that lets sockets through again gets them.
   * `onTransportChange` tells the app each switch.
   */
  countSocketFailure(socket) {
    // Only where polling was asked for or the socket API is the platform's: an app that brings
    // its own socket adapter and no polling options keeps to it.
    if (this.transport !== 'auto' || (this.options.adapter && !this.options.polling)) {
      return;
    }
    if (this.adapter.name === 'polling') {
      if (!socket.manual) {
        this.socketFailures = 0;
        this.adapter = this.socketAdapter;
        this.hook('onTransportChange', { transport: 'websocket', afterFailures: 0 });
      }
      return;
    }
    this.socketFailures = socket.welcomed ? 0 : this.socketFailures + 1;
    if (socket.manual || this.socketFailures < this.fallbackAfter || !(this.options.polling || canPoll())) {
      return;
    }
    try {
      this.adapter = this.pollingAdapter();
    } catch (error) {
      this.callbackFailed(error, 'switching to polling');
      return;
    }
    this.backoff.reset();
    this.hook('onTransportChange', { transport: 'polling', afterFailures: this.socketFailures });
  }

  openSocket() {
    this.timers.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    if (this.closing !== null && !this.closing.closed) {
      // One socket at a time (Alipay has a single global one): wait for the old one to finish.
      this.closing.then = () => this.openSocket();
      return;
    }
    const socket = { handle: null, welcomed: false, manual: false, disconnect: null, closed: false, welcomeAt: 0 };
    this.socket = socket;
    const url = this.urls[this.urlIndex % this.urls.length];
    this.connectTimer = this.timers.setTimeout(
      () => this.abandon(socket, 1006, `no welcome within ${this.connectTimeoutMs} ms`), this.connectTimeoutMs);
    try {
      socket.handle = this.adapter.connect({ url, protocols: this.protocols, header: this.header }, {
        onOpen: () => {},
        onMessage: (data) => {
          if (this.socket === socket) {
            this.receive(socket, data);
          }
        },
        onError: (message) => {
          socket.error = message;
        },
        onClose: (code, reason) => this.socketClosed(socket, code, reason),
      });
    } catch (error) {
      // Reported asynchronously, like any failed connection, so connect() has returned first.
      this.timers.setTimeout(() => this.socketClosed(socket, 1006, `cannot open socket: ${error.message}`), 0);
    }
  }

  /** The socket reported its close (or could not open). */
  socketClosed(socket, code, reason) {
    if (socket.closed) {
      return;
    }
    socket.closed = true;
    if (this.socket === socket) {
      this.ended(socket, code, reason || socket.error || '');
    }
    if (this.closing === socket) {
      this.closing = null;
      this.timers.clearTimeout(socket.waitTimer);
      if (socket.then) {
        socket.then();
      }
    }
    if (socket.closedWaiters) {
      socket.closedWaiters.splice(0).forEach((resolve) => resolve());
    }
  }

  /**
   * Gives up on the current socket without waiting for its close event (a half-open connection
   * may never send one): asks it to close, reports the end now, and lets the next socket open
   * once it has closed or after {@link CLOSE_WAIT_MS}.
   */
  abandon(socket, code, reason, closeCode = 1000) {
    if (this.socket !== socket || socket.closed) {
      return;
    }
    this.closing = socket;
    socket.waitTimer = this.timers.setTimeout(() => {
      if (this.closing === socket) {
        this.closing = null;
        if (socket.then) {
          socket.then();
        }
        if (socket.closedWaiters) {
          socket.closedWaiters.splice(0).forEach((resolve) => resolve());
        }
      }
    }, CLOSE_WAIT_MS);
    try {
      if (socket.handle) {
        socket.handle.close(closeCode, reason.slice(0, 120));
      }
    } catch {
      // Already closing; the end is reported below either way.
    }
    this.ended(socket, code, reason);
  }

  closeOnPurpose(code, reason) {
    this.timers.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const socket = this.socket;
    if (socket === null) {
      this.settleConnect({ isSucc: false, errMsg: reason });
      return Promise.resolve();
    }
    socket.manual = true;
    const closed = new Promise((resolve) => {
      socket.closedWaiters = socket.closedWaiters || [];
      socket.closedWaiters.push(resolve);
    });
    this.abandon(socket, code, reason, code);
    return closed;
  }

  /** Everything that follows the end of the current socket, exactly once per socket. */
  ended(socket, code, reason) {
    this.socket = null;
    this.timers.clearTimeout(this.connectTimer);
    this.connectTimer = null;
    if (this.heartbeat) {
      this.heartbeat.stop();
      this.heartbeat = null;
    }
    this.queue.pause();
    this.resubscribing = 0;
    this.registrations.markAllPending();
    for (const [id, request] of [...this.requests]) {
      if (request.kind === 'call') {
        if (request.written) {
          request.settle(failure('not_connected', 'the connection closed before the reply came'));
        }
      } else {
        this.requests.delete(id);
        this.timers.clearTimeout(request.timer);
        if (request.kind === 'unsubscribe') {
          request.settle({ isSucc: true }); // the server dropped the session's subscriptions with it
        }
      }
    }

    const told = socket.disconnect;
    const finalCode = told ? told.code : code;
    const finalReason = told ? told.reason : reason;
    const stop = told ? told.reconnect === false : code >= 4500 && code <= 4999;
    if (stop && !socket.manual) {
      this.wanted = false;
      this.stoppedByServer = true;
      this.queue.clear(`stopped by the server: ${finalCode} ${finalReason}`);
    }
    const willReconnect = this.wanted && !socket.manual;
    this.countSocketFailure(socket);
    if (!socket.welcomed) {
      this.settleConnect({ isSucc: false, errMsg: `connection failed: ${finalCode} ${finalReason}`.trim() });
    }
    if (!willReconnect) {
      this.settleConnect({ isSucc: false, errMsg: `connection closed: ${finalCode} ${finalReason}`.trim() });
    }
    this.hook('onDisconnect', {
      code: finalCode, reason: finalReason, isManual: socket.manual, willReconnect, wasOpen: socket.welcomed,
    });
    if (willReconnect) {
      if (socket.welcomed && this.timers.now() - socket.welcomeAt >= STABLE_SESSION_MS) {
        this.backoff.reset();
      }
      this.urlIndex++;
      // A draining node advises a delay (`delayMs`, PROTOCOL §4.8): wait that long plus the backoff's own jittered delay.
      const advised = told && Number.isFinite(told.delayMs) && told.delayMs > 0 ? told.delayMs : 0;
      this.reconnectTimer = this.timers.setTimeout(() => {
        this.reconnectTimer = null;
        if (this.wanted && this.socket === null) {
          this.openSocket();
        }
      }, advised + this.backoff.next());
    }
  }

  receive(socket, data) {
    if (this.heartbeat) {
      this.heartbeat.received();
    }
    const frame = decode(data);
    if (frame === null) {
      return; // unknown frame kinds are ignored (PROTOCOL §2)
    }
    switch (frame.type) {
      case 'welcome':
        this.welcomed(socket, frame);
        break;
      case 'push':
        this.dispatch(frame);
        break;
      case 'reply':
        this.replied(frame);
        break;
      case 'subscribed':
      case 'unsubscribed':
        this.answered(frame);
        break;
      case 'gap':
        this.gapped(frame);
        break;
      case 'error':
        this.errorFrame(frame);
        break;
      case 'disconnect':
        socket.disconnect = frame;
        break;
      default:
        break; // pong, and types of later protocol versions
    }
  }

  welcomed(socket, welcome) {
    this.timers.clearTimeout(this.connectTimer);
    this.connectTimer = null;
    socket.welcomed = true;
    socket.welcomeAt = this.timers.now();
    this.session = welcome;
    const interval = welcome.heartbeatIntervalMs;
    this.heartbeat = new Heartbeat(this.timers, interval, this.options.heartbeatDeadlineMs ?? Math.min(interval, 10000),
      () => this.write(encode.ping()),
      () => this.abandon(socket, 1006, 'no answer to heartbeat'));
    const reconnected = this.everOpened;
    this.everOpened = true;
    const opTypes = this.registrations.opTypes();
    for (let i = 0; i < opTypes.length; i += SUBSCRIBE_CHUNK) {
      this.resubscribing++;
      this.subscribe(opTypes.slice(i, i + SUBSCRIBE_CHUNK), true);
    }
    this.queue.flush((item) => this.writeItem(item));
    this.settleConnect({ isSucc: true });
    this.hook('onOpen', welcome);
    if (reconnected && this.resubscribing === 0) {
      this.hook('onReconnect');
    }
  }

  /**
   * Sends one `subscribe`. Without an answer within the call timeout (the frame may have been
   * dropped, e.g. as `rate_limited`, which carries no id) the opTypes still waiting on it are
   * asked for again, so a registration never hangs on a connection that is up.
   */
  subscribe(opTypes, resubscribe = false) {
    const id = this.newId();
    const positions = {};
    for (const opType of opTypes) {
      const entry = this.registrations.get(opType);
      entry.requestId = id;
      if (entry.position) {
        positions[opType] = entry.position; // resume after the last push seen
      }
    }
    const request = { kind: 'subscribe', resubscribe, timer: null };
    request.timer = this.timers.setTimeout(() => {
      if (this.requests.get(id) !== request) {
        return;
      }
      this.requests.delete(id);
      const waiting = this.registrations.opTypes().filter((opType) => this.registrations.get(opType).requestId === id);
      if (waiting.length > 0 && this.state === 'open') {
        this.subscribe(waiting, resubscribe);
      } else {
        this.resubscribed(request);
      }
    }, this.answerTimeoutMs());
    this.requests.set(id, request);
    this.write(encode.subscribe(id, opTypes, positions));
  }

  answerTimeoutMs() {
    return (this.session ? this.session.callTimeoutMs : DEFAULT_CALL_TIMEOUT_MS) + CALL_TIMEOUT_MARGIN_MS;
  }

  answered(frame) {
    const request = this.requests.get(frame.id);
    if (request === undefined) {
      this.lateAnswer(frame);
      return;
    }
    this.requests.delete(frame.id);
    this.timers.clearTimeout(request.timer);
    if (request.kind === 'unsubscribe') {
      const result = (frame.results || [])[0];
      request.settle(result && result.ok ? { isSucc: true } : { isSucc: false, errMsg: result ? result.message : 'no result' });
      return;
    }
    for (const result of frame.results || []) {
      this.subscriptionResult(frame.id, result);
    }
    this.resubscribed(request);
  }

  subscriptionResult(requestId, { opType, ok, code, message, position, recovered }) {
    const entry = this.registrations.get(opType);
    if (entry === undefined || entry.requestId !== requestId) {
      return; // removed, or subscribed again since: a later answer decides
    }
    const waiters = entry.waiters.splice(0);
    if (ok) {
      entry.state = 'subscribed';
      if (recovered === false) {
        // What came while away is lost: start afresh from here, and let the app reload its state.
        entry.position = position || entry.position;
        this.hook('onRecoveryFailed', { opType });
      } else if (recovered === undefined && position) {
        // A new subscription: it has everything from the server's position on.
        entry.position = later(entry.position, position);
      }
      // Recovered: the position stays until the replayed pushes move it, so a drop before the
      // replay arrives resumes from the same place again.
      waiters.forEach((waiter) => waiter({ isSucc: true, opType }));
      return;
    }
    // Refused: the listeners would never hear anything, so they go, and the app is told.
    this.registrations.remove(opType);
    const refusal = { isSucc: false, opType, code, errMsg: message };
    if (waiters.length > 0) {
      waiters.forEach((waiter) => waiter(refusal));
    } else {
      this.hook('onSubscriptionError', refusal);
    }
  }

  /**
   * An answer to a subscribe already sent again (no answer came in time): its registrations wait
   * for the newer one, but a `recovered: false` in it must still reach the app.
   */
  lateAnswer(frame) {
    if (frame.type !== 'subscribed') {
      return;
    }
    for (const result of frame.results || []) {
      const entry = this.registrations.get(result.opType);
      if (entry !== undefined && result.ok && result.recovered === false) {
        entry.position = result.position || entry.position;
        this.hook('onRecoveryFailed', { opType: result.opType });
      }
    }
  }

  /**
   * The server's node missed pushes (it was off its broker), so these subscriptions may have too:
   * like `recovered: false`, they start afresh from the frame's position and the app reloads.
   */
  gapped({ position, opTypes }) {
    for (const opType of opTypes || []) {
      const entry = this.registrations.get(opType);
      if (entry !== undefined) {
        entry.position = position || entry.position;
        this.hook('onRecoveryFailed', { opType });
      }
    }
  }

  resubscribed(request) {
    if (request.resubscribe && this.resubscribing > 0 && --this.resubscribing === 0) {
      this.hook('onReconnect');
    }
  }

  replied(frame) {
    const request = this.requests.get(frame.id);
    if (request === undefined || request.kind !== 'call') {
      return; // answered after the client gave up on it
    }
    request.settle(frame.error
      ? failure(frame.error.code, frame.error.message)
      : { isSucc: true, res: frame.data === undefined ? null : frame.data });
  }

  errorFrame(frame) {
    const request = frame.id === undefined ? undefined : this.requests.get(frame.id);
    if (request === undefined) {
      this.hook('onServerError', { code: frame.code, message: frame.message });
      return;
    }
    this.requests.delete(frame.id);
    this.timers.clearTimeout(request.timer);
    if (request.kind === 'call') {
      request.settle(failure(frame.code, frame.message));
    } else if (request.kind === 'unsubscribe') {
      request.settle({ isSucc: false, errMsg: `${frame.code}: ${frame.message}` });
    } else {
      for (const opType of this.registrations.opTypes()) {
        this.subscriptionResult(frame.id, { opType, ok: false, code: frame.code, message: frame.message });
      }
      this.resubscribed(request);
    }
  }

  dispatch(push) {
    if (push.pos) {
      for (const entry of this.registrations.entriesMatching(push.opType)) {
        entry.position = push.pos;
      }
    }
    const meta = { opType: push.opType, ts: push.ts, position: push.pos || null, binary: push.binary === true };
    const data = push.binary ? push.data : (push.data === undefined ? null : push.data);
    const listeners = [...this.registrations.listenersOf(push.opType), ...this.messageListeners.listenersOf(push.opType)];
    for (const listener of listeners) {
      try {
        listener(data, meta);
      } catch (error) {
        this.callbackFailed(error, `listener of ${push.opType}`);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  sendOrQueue(item) {
    if (this.state === 'open' && this.queue.size === 0) {
      this.writeItem(item);
    } else if (!this.wanted && !this.paused && this.socket === null) {
      item.dropped('not_connected', this.stoppedByServer
        ? 'not connected: the server stopped the session' : 'not connected: call connect() first');
    } else if (!this.queue.offer(item)) {
      item.dropped('queue_full', `send queue full: ${this.queue.capacity} frames already wait for the connection`);
    }
  }

  writeItem(item) {
    if (this.write(item.text)) {
      item.written();
    } else {
      item.dropped('not_connected', 'the connection closed');
    }
  }

  write(text) {
    const socket = this.socket;
    if (socket === null || socket.handle === null) {
      return false;
    }
    try {
      socket.handle.send(text);
    } catch (error) {
      this.abandon(socket, 1006, `send failed: ${error.message}`);
      return false;
    }
    if (this.heartbeat) {
      this.heartbeat.sent();
    }
    return true;
  }

  /** The server's limit once `welcome` told it (gateways before it was advertised: the default). */
  maxOpTypeLength() {
    return this.session && this.session.maxOpTypeLength ? this.session.maxOpTypeLength : MAX_OP_TYPE_LENGTH;
  }

  sizeProblem(text) {
    const limit = this.session ? this.session.maxFrameBytes : DEFAULT_MAX_FRAME_BYTES;
    const size = utf8Length(text);
    return size > limit ? `frame of ${size} bytes exceeds the server's maxFrameBytes (${limit})` : null;
  }

  newId() {
    return String(this.nextId++);
  }

  settleConnect(result) {
    for (const resolve of this.connectWaiters.splice(0)) {
      resolve(result);
    }
  }

  hook(name, argument) {
    const hook = this.options[name];
    if (typeof hook === 'function') {
      try {
        hook(argument);
      } catch (error) {
        this.callbackFailed(error, name);
      }
    } else if (name === 'onServerError' || name === 'onSubscriptionError' || name === 'onRecoveryFailed') {
      // Nothing may be lost silently: without a hook, the console hears of it.
      console.warn(`longconn: ${name}`, argument);
    }
  }

  callbackFailed(error, where) {
    if (typeof this.options.onCallbackError === 'function') {
      this.options.onCallbackError(error, where);
    } else {
      console.error(`longconn: ${where} threw`, error);
    }
  }
}

/**
 * The later of two positions (`epoch-seq`): within one epoch the higher sequence number (a node
 * that is behind answers with an older one), otherwise the server's answer (a new epoch).
 */
function later(held, answer) {
  if (!held) {
    return answer;
  }
  const a = held.lastIndexOf('-');
  const b = answer.lastIndexOf('-');
  if (a > 0 && b > 0 && held.slice(0, a) === answer.slice(0, b)) {
    return Number(held.slice(a + 1)) >= Number(answer.slice(b + 1)) ? held : answer;
  }
  return answer;
}

function failure(code, message) {
  return { isSucc: false, err: { code, message: message || '' } };
}

/** The mini-program callback style (`success` / `fail` / `complete`) over a result object. */
function settler(success, fail, complete) {
  return (result) => {
    const callback = result.isSucc ? success : fail;
    if (typeof callback === 'function') {
      callback(result);
    }
    if (typeof complete === 'function') {
      complete(result);
    }
    return result;
  };
}
