import { Backoff } from './backoff.js';
import { encode, decode, utf8Length } from './frames.js';
import { Heartbeat } from './heartbeat.js';
import { opTypeProblem, MAX_OP_TYPE_LENGTH } from './optype.js';
import { Registrations, MessageListeners } from './registrations.js';
import { SendQueue } from './send-queue.js';
import { Subscriber } from './subscriber.js';
import { Calls, failure } from './calls.js';
import { TransportChoice } from './transport-choice.js';
import { SocketSlot } from './socket-slot.js';

const SUBPROTOCOL = 'longconn.v1';
/** Until `welcome` tells the real values. */
const DEFAULT_CALL_TIMEOUT_MS = 10000;
const DEFAULT_MAX_FRAME_BYTES = 65536;
/** Extra time a call waits beyond the server's `callTimeoutMs`, so the server's `timeout` reply wins. */
const CALL_TIMEOUT_MARGIN_MS = 2000;
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
    const urls = Array.isArray(options.url) ? [...options.url] : [options.url];
    if (urls.length === 0 || urls.some((url) => typeof url !== 'string' || !/^wss?:\/\//.test(url))) {
      throw new TypeError(`options.url must be ws:// or wss:// URLs, got ${JSON.stringify(options.url)}`);
    }
    this.options = options;
    this.timers = options.timers || systemTimers;
    const reconnect = options.reconnect || {};
    this.backoff = new Backoff(reconnect.minDelayMs ?? 500, reconnect.maxDelayMs ?? 30000, options.random || Math.random);
    this.transports = new TransportChoice(options, this);
    this.sockets = new SocketSlot(this, {
      urls,
      protocols: options.protocols || [SUBPROTOCOL],
      header: options.header || {},
      connectTimeoutMs: options.connectTimeoutMs ?? 10000,
    });
    this.queue = new SendQueue(options.maxQueued ?? 100, options.flushPerSecond ?? 50, this.timers);
    this.registrations = new Registrations();
    this.messageListeners = new MessageListeners();
    /** Requests waiting for their answer, by id: calls, subscribes and unsubscribes. */
    this.requests = new Map();
    this.subscriber = new Subscriber(this);
    this.calls = new Calls(this);
    this.nextId = 1;

    /** Whether the app wants a connection (after connect() or resume(), until disconnect() or pause()). */
    this.wanted = false;
    this.paused = false;
    this.stoppedByServer = false;
    this.everOpened = false;
    this.session = null;
    this.heartbeat = null;
    this.reconnectTimer = null;
    this.connectWaiters = [];
  }

  /**
   * `idle` (never connected), `connecting` (opening or waiting to reconnect), `open` (welcomed),
   * `paused`, or `stopped` (by `disconnect()` or by the server).
   */
  get state() {
    const socket = this.sockets.current;
    if (socket && socket.welcomed) {
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
    if (this.sockets.current === null) {
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
      this.subscriber.subscribe([opType]);
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
    return this.subscriber.unsubscribe(opType).then((result) => settle({ ...result, opType, removed }));
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
    return this.calls.start(id, text, options.timeout ?? this.answerTimeoutMs());
  }

  // ---------------------------------------------------------------------------------------------
  // The connection

  openSocket() {
    this.timers.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.sockets.open(() => this.openSocket());
  }

  closeOnPurpose(code, reason) {
    this.timers.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const socket = this.sockets.current;
    if (socket === null) {
      this.settleConnect({ isSucc: false, errMsg: reason });
      return Promise.resolve();
    }
    socket.manual = true;
    const closed = new Promise((resolve) => {
      socket.closedWaiters = socket.closedWaiters || [];
      socket.closedWaiters.push(resolve);
    });
    this.sockets.abandon(socket, code, reason, code);
    return closed;
  }

  /** Everything that follows the end of the current socket, exactly once per socket. */
  ended(socket, code, reason) {
    this.sockets.release();
    if (this.heartbeat) {
      this.heartbeat.stop();
      this.heartbeat = null;
    }
    this.queue.pause();
    this.calls.connectionEnded();
    this.subscriber.connectionEnded();

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
    this.transports.ended(socket);
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
      this.sockets.advance();
      // A draining node advises a delay (`delayMs`, PROTOCOL §4.8): wait that long plus the backoff's own jittered delay.
      const advised = told && Number.isFinite(told.delayMs) && told.delayMs > 0 ? told.delayMs : 0;
      this.reconnectTimer = this.timers.setTimeout(() => {
        this.reconnectTimer = null;
        if (this.wanted && this.sockets.current === null) {
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
        this.calls.replied(frame);
        break;
      case 'subscribed':
      case 'unsubscribed':
        this.subscriber.answered(frame);
        break;
      case 'gap':
        this.subscriber.gapped(frame);
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
    this.sockets.welcomed(socket);
    this.session = welcome;
    const interval = welcome.heartbeatIntervalMs;
    this.heartbeat = new Heartbeat(this.timers, interval, this.options.heartbeatDeadlineMs ?? Math.min(interval, 10000),
      () => this.write(encode.ping()),
      () => this.sockets.abandon(socket, 1006, 'no answer to heartbeat'));
    const reconnected = this.everOpened;
    this.everOpened = true;
    this.subscriber.subscribeAll();
    this.queue.flush((item) => this.writeItem(item));
    this.settleConnect({ isSucc: true });
    this.hook('onOpen', welcome);
    if (reconnected && !this.subscriber.renewing) {
      this.hook('onReconnect');
    }
  }

  answerTimeoutMs() {
    return (this.session ? this.session.callTimeoutMs : DEFAULT_CALL_TIMEOUT_MS) + CALL_TIMEOUT_MARGIN_MS;
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
      this.calls.refused(request, frame);
    } else {
      this.subscriber.refused(request, frame.id, frame);
    }
  }

  dispatch(push) {
    this.subscriber.pushed(push);
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
    } else if (!this.wanted && !this.paused && this.sockets.current === null) {
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
    const socket = this.sockets.current;
    if (socket === null || socket.handle === null) {
      return false;
    }
    try {
      socket.handle.send(text);
    } catch (error) {
      this.sockets.abandon(socket, 1006, `send failed: ${error.message}`);
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
