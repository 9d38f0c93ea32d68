import { Backoff } from './backoff.js';
import { encode, isBytes } from './frames.js';
import { opTypeProblem, isPattern } from './optype.js';
import { Registrations, MessageListeners } from './registrations.js';
import { SendQueue } from './send-queue.js';
import { Subscriber } from './subscriber.js';
import { Calls, failure } from './calls.js';
import { TransportChoice } from './transport-choice.js';
import { SocketSlot } from './socket-slot.js';
import { SessionLife } from './session-life.js';
import { Tokens } from './tokens.js';
import { Refresher } from './refresher.js';
import { Receiver } from './receiver.js';
import { ServerSubscriptions } from './server-subscriptions.js';
import { PresenceWatches } from './presence.js';

const SUBPROTOCOL = 'longconn.v1';

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
 * again, and queues sends made while it is not connected. With `getToken` it connects with a new
 * token every time and renews expiring credentials in band (PROTOCOL §16). Subscriptions the server
 * makes for the session (PROTOCOL §17) are held like the app's own: see `ServerSubscriptions`.
 * The members of an opType can be watched (PROTOCOL §18): see `PresenceWatches`.
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
    /** The app's tokens (`getToken`, `tokenParam`), or null: then the URLs are used as they are. */
    this.tokens = Tokens.of(options);
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
    /** Requests waiting for their answer, by id: calls, subscribes, unsubscribes and refreshes. */
    this.requests = new Map();
    this.subscriber = new Subscriber(this);
    this.serverSubscriptions = new ServerSubscriptions(this);
    this.presenceWatches = new PresenceWatches(this);
    this.calls = new Calls(this);
    this.refresher = new Refresher(this);
    this.receiver = new Receiver(this);
    this.nextId = 1;
    this.life = new SessionLife(this, this.backoff);
  }

  /**
   * `idle` (never connected), `connecting` (opening or waiting to reconnect), `open` (welcomed),
   * `paused`, or `stopped` (by `disconnect()` or by the server).
   */
  get state() {
    return this.life.state;
  }

  /**
   * The current session's `welcome` (sessionId, userId, limits), or null while not open. Its
   * `expiresAt` (ms since the epoch; only for credentials that expire, PROTOCOL §16) follows the
   * server: a `refreshed` answer moves it on.
   */
  get welcome() {
    return this.state === 'open' ? this.life.session : null;
  }

  /** The pending reconnect's timer, or null (the end-to-end tests check that none is scheduled). */
  get reconnectTimer() {
    return this.life.reconnectTimer;
  }

  /**
   * Connects, and from then on keeps a connection up. Resolves on the server's `welcome`
   * (`{isSucc: true}`) or when the first attempt fails (`{isSucc: false, errMsg}`); after a
   * failure the client goes on trying with backoff unless the server said "stop".
   * @returns {Promise<{isSucc: boolean, errMsg?: string}>}
   */
  connect() {
    return this.life.connect();
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
    return this.life.disconnect(code, reason);
  }

  /**
   * Closes the connection while the app is hidden (mini-program `onHide`, a background tab):
   * no reconnect until `resume()`. Listeners and queued frames are kept.
   */
  pause() {
    return this.life.pause();
  }

  /** Reconnects after `pause()` (mini-program `onShow`) and subscribes every opType again. */
  resume() {
    return this.life.resume();
  }

  /**
   * Adds a listener for pushes of `opType` (exact, or a pattern with `*` / `#`). The first
   * listener of an opType subscribes; the result is the server's answer. A listener whose
   * subscription the server refuses is removed again. An opType the server subscribed the
   * session to itself (PROTOCOL §17) is held already: nothing is sent, and the result is at once.
   * @returns {Promise<{isSucc: boolean, opType: string, code?: string, errMsg?: string}>}
   */
  registerLongConnListen({ opType, receiveMessageCallback, success, fail, complete } = {}) {
    const settle = settler(success, fail, complete);
    const problem = opTypeProblem(opType, true, this.life.maxOpTypeLength());
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
   * the last one gone unsubscribes, unless the server made that subscription (PROTOCOL §17): it
   * stays until the server takes it back; or unless the app watches the opType's presence: it
   * stays until the last watcher goes.
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
    if (entry.server || entry.watched) {
      // The server's to take back, or kept subscribed for the presence watchers.
      return Promise.resolve(settle({ isSucc: true, opType, removed }));
    }
    const subscribedOnServer = entry.state === 'subscribed' || entry.requestId !== null;
    if (this.state !== 'open' || !subscribedOnServer) {
      return Promise.resolve(settle({ isSucc: true, opType, removed }));
    }
    return this.subscriber.unsubscribe(opType).then((result) => settle({ ...result, opType, removed }));
  }

  /**
   * Watches the members of the exact `opType` (PROTOCOL §18): the users whose sessions are
   * subscribed to it, cluster-wide. `onPresence(view)` gets the whole view each time: on the
   * server's snapshot, and after each `join` or `leave` applied to it. Like a listener, a watcher
   * keeps the opType subscribed (the first one subscribes, asking for its presence; an opType
   * already subscribed is asked for its presence on its own), and after a reconnect the
   * resubscribe asks again: the fresh snapshot replaces the view. Patterns cannot be watched
   * (`invalid_presence`), nor can anything over HTTP polling (`presence_unavailable`: at once on a
   * polling link; from the answer when the next link turns out to be one).
   * @returns {Promise<{isSucc: boolean, opType: string, code?: string, errMsg?: string}>}
   */
  watchPresence({ opType, onPresence, success, fail, complete } = {}) {
    const settle = settler(success, fail, complete);
    const problem = opTypeProblem(opType, true, this.life.maxOpTypeLength());
    if (problem !== null) {
      return Promise.resolve(settle({ isSucc: false, opType, code: 'invalid_op_type', errMsg: problem }));
    }
    if (isPattern(opType)) {
      return Promise.resolve(settle({ isSucc: false, opType, code: 'invalid_presence',
        errMsg: `opType '${opType}' is a pattern: presence is kept for exact opTypes only` }));
    }
    if (typeof onPresence !== 'function') {
      return Promise.resolve(settle({ isSucc: false, opType, code: 'bad_argument', errMsg: 'onPresence must be a function' }));
    }
    if (this.transports.adapter.name === 'polling') {
      return Promise.resolve(settle({ isSucc: false, opType, code: 'presence_unavailable',
        errMsg: 'presence cannot be watched over HTTP polling: it needs a WebSocket session' }));
    }
    return this.presenceWatches.watch(opType, onPresence, settle);
  }

  /**
   * Removes one presence watcher of `opType`, or all of them when `onPresence` is omitted. The
   * server's watch cannot end alone (PROTOCOL §18): while listeners (or the server) keep the
   * opType subscribed, its presence frames go on arriving and are dropped; the last holder gone
   * unsubscribes, as `removeLongConnListen` does.
   * @returns {Promise<{isSucc: boolean, opType: string, removed: number, errMsg?: string}>}
   */
  unwatchPresence({ opType, onPresence, success, fail, complete } = {}) {
    const settle = settler(success, fail, complete);
    const { removed, last } = this.presenceWatches.unwatch(opType, onPresence);
    if (removed === 0) {
      return Promise.resolve(settle({ isSucc: false, opType, removed, errMsg: `no such presence watcher for opType '${opType}'` }));
    }
    if (!last) {
      return Promise.resolve(settle({ isSucc: true, opType, removed }));
    }
    return this.presenceWatches.release(opType).then((result) => settle({ ...result, opType, removed }));
  }

  /**
   * The current presence view of `opType` (`{opType, members, users, sessions, complete,
   * change}`), or null when it is not watched or no snapshot came yet. After a connection ends it
   * stays as it last was until the next connection's snapshot replaces it.
   */
  presence(opType) {
    return this.presenceWatches.view(opType);
  }

  /**
   * A local listener over every push received, by exact opType or a RegExp tested against it.
   * It does not subscribe: it sees what the registered listeners' subscriptions (and the ones the
   * server made) bring.
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
   * @param {string} opType
   * @param {unknown} [data] a JSON value, sent as a text frame; or bytes (an ArrayBuffer or a view
   *   of one, such as a Uint8Array), sent as a binary frame (PROTOCOL §3.7), copied when sent
   * @returns {Promise<{isSucc: boolean, errMsg?: string}>}
   */
  sendMsg(opType, data) {
    const problem = opTypeProblem(opType, false, this.life.maxOpTypeLength());
    if (problem !== null) {
      return Promise.resolve({ isSucc: false, errMsg: problem });
    }
    const frame = isBytes(data) ? encode.binaryMessage(opType, data) : encode.message(opType, data);
    const tooLarge = this.life.sizeProblem(frame);
    if (tooLarge !== null) {
      return Promise.resolve({ isSucc: false, errMsg: tooLarge });
    }
    return new Promise((resolve) => {
      this.sendOrQueue({
        frame,
        written: () => resolve({ isSucc: true }),
        dropped: (code, reason) => resolve({ isSucc: false, errMsg: reason }),
      });
    });
  }

  /**
   * Calls the application: resolves with its reply (`{isSucc: true, res}`) or an error
   * (`{isSucc: false, err: {code, message}}`): the server's codes (`no_handler`, `timeout`,
   * application codes, ...) or the client's own (`invalid_op_type`, `frame_too_large`,
   * `queue_full`, `not_connected`, `client_timeout`). The reply is JSON whatever the request was.
   * @param {string} opType
   * @param {unknown} [data] a JSON value, sent as a text frame; or bytes (an ArrayBuffer or a view
   *   of one, such as a Uint8Array), sent as a binary frame (PROTOCOL §3.7), copied when sent
   * @param {{timeout?: number}} [options] ms before giving up (default: the server's
   *   `callTimeoutMs` plus 2 s)
   */
  callApi(opType, data, options = {}) {
    const problem = opTypeProblem(opType, false, this.life.maxOpTypeLength());
    if (problem !== null) {
      return Promise.resolve(failure('invalid_op_type', problem));
    }
    const id = this.newId();
    const frame = isBytes(data) ? encode.binaryCall(id, opType, data) : encode.call(id, opType, data);
    const tooLarge = this.life.sizeProblem(frame);
    if (tooLarge !== null) {
      return Promise.resolve(failure('frame_too_large', tooLarge));
    }
    return this.calls.start(id, frame, options.timeout ?? this.life.answerTimeoutMs());
  }

  // ---------------------------------------------------------------------------------------------
  // From the socket: its frames, and its end

  /** The socket slot reports the end of the current socket, exactly once per socket. */
  ended(socket, code, reason) {
    this.life.ended(socket, code, reason);
  }

  /** The socket slot hands over each frame of the current socket. */
  receive(socket, data) {
    this.receiver.receive(socket, data);
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  sendOrQueue(item) {
    if (this.state === 'open' && this.queue.size === 0) {
      this.writeItem(item);
    } else if (!this.life.wanted && !this.life.paused && this.sockets.current === null) {
      item.dropped('not_connected', this.life.stoppedByServer
        ? 'not connected: the server stopped the session' : 'not connected: call connect() first');
    } else if (!this.queue.offer(item)) {
      item.dropped('queue_full', `send queue full: ${this.queue.capacity} frames already wait for the connection`);
    }
  }

  writeItem(item) {
    if (this.write(item.frame)) {
      item.written();
    } else {
      item.dropped('not_connected', 'the connection closed');
    }
  }

  /** Writes one frame: a string goes as a text frame, an ArrayBuffer as a binary one. */
  write(frame) {
    const socket = this.sockets.current;
    if (socket === null || socket.handle === null) {
      return false;
    }
    try {
      socket.handle.send(frame);
    } catch (error) {
      this.sockets.abandon(socket, 1006, `send failed: ${error.message}`);
      return false;
    }
    this.life.sent();
    return true;
  }

  newId() {
    return String(this.nextId++);
  }

  hook(name, argument) {
    const hook = this.options[name];
    if (typeof hook === 'function') {
      try {
        hook(argument);
      } catch (error) {
        this.callbackFailed(error, name);
      }
    } else if (name === 'onServerError' || name === 'onSubscriptionError' || name === 'onRecoveryFailed'
      || name === 'onRefreshFailed') {
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
