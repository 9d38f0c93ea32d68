import { encode, frameLength } from './frames.js';
import { Heartbeat } from './heartbeat.js';
import { MAX_OP_TYPE_LENGTH } from './optype.js';

/** A session that lasted this long resets the reconnect backoff when it ends. */
const STABLE_SESSION_MS = 10000;
/** Until `welcome` tells the real values. */
const DEFAULT_CALL_TIMEOUT_MS = 10000;
const DEFAULT_MAX_FRAME_BYTES = 65536;
/** Extra time a call waits beyond the server's `callTimeoutMs`, so the server's `timeout` reply wins. */
const CALL_TIMEOUT_MARGIN_MS = 2000;

/**
 * The life of the client's sessions, one after another: whether the app wants a connection
 * (`connect()` / `resume()` until `disconnect()` / `pause()`, or until the server says "stop"),
 * what a `welcome` starts (heartbeat, subscribing again, the queued frames), what a session's end
 * decides (the `onDisconnect` report, whether and when to reconnect), and the `connect()` promises
 * waiting for either; and what the latest `welcome` allows (frame size, opType length, call time).
 *
 * It works through its host, the client: `timers`, `options`, `sockets`, `queue`, `calls`,
 * `subscriber`, `refresher`, `transports`, `hook(name, argument)`, `write(frame)` and `writeItem(item)`.
 */
export class SessionLife {
  /**
   * @param {object} host the client
   * @param {{next: () => number, reset: () => void}} backoff reconnect delays (shared with the
   *   transport choice, which starts it afresh on a switch)
   */
  constructor(host, backoff) {
    this.host = host;
    this.backoff = backoff;
    /** Whether the app wants a connection (after connect() or resume(), until disconnect() or pause()). */
    this.wanted = false;
    this.paused = false;
    this.stoppedByServer = false;
    this.everOpened = false;
    /** The latest `welcome`. Kept after its session ends: its limits still apply to what the app sends while away. */
    this.session = null;
    this.heartbeat = null;
    this.reconnectTimer = null;
    this.connectWaiters = [];
  }

  /** See `LongConnClient.state`. */
  get state() {
    const socket = this.host.sockets.current;
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

  connect() {
    if (this.state === 'open') {
      return Promise.resolve({ isSucc: true });
    }
    const result = new Promise((resolve) => this.connectWaiters.push(resolve));
    this.wanted = true;
    this.paused = false;
    this.stoppedByServer = false;
    if (this.host.sockets.current === null) {
      this.openSocket();
    }
    return result;
  }

  disconnect(code, reason) {
    this.wanted = false;
    this.paused = false;
    this.host.queue.clear('disconnected by the app');
    return this.closeOnPurpose(code, reason);
  }

  pause() {
    if (!this.wanted) {
      return Promise.resolve();
    }
    this.wanted = false;
    this.paused = true;
    return this.closeOnPurpose(1000, 'paused');
  }

  resume() {
    if (!this.paused) {
      return Promise.resolve({ isSucc: this.state === 'open', errMsg: this.state === 'open' ? undefined : `not paused (${this.state})` });
    }
    // The app was away on purpose, not failing: the first attempt back should not wait out old failures.
    this.backoff.reset();
    return this.connect();
  }

  /** A frame came in: the server is alive. */
  received() {
    if (this.heartbeat) {
      this.heartbeat.received();
    }
  }

  /** A frame went out: the server's idle clock restarted. */
  sent() {
    if (this.heartbeat) {
      this.heartbeat.sent();
    }
  }

  openSocket() {
    this.host.timers.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.host.sockets.open(() => this.openSocket());
  }

  closeOnPurpose(code, reason) {
    const host = this.host;
    host.timers.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const socket = host.sockets.current;
    if (socket === null) {
      this.settleConnect({ isSucc: false, errMsg: reason });
      return Promise.resolve();
    }
    socket.manual = true;
    const closed = new Promise((resolve) => {
      socket.closedWaiters = socket.closedWaiters || [];
      socket.closedWaiters.push(resolve);
    });
    host.sockets.abandon(socket, code, reason, code);
    return closed;
  }

  /** The server's `welcome` on `socket`: a session begins. */
  welcomed(socket, welcome) {
    const host = this.host;
    host.sockets.welcomed(socket);
    this.session = welcome;
    const interval = welcome.heartbeatIntervalMs;
    this.heartbeat = new Heartbeat(host.timers, interval, host.options.heartbeatDeadlineMs ?? Math.min(interval, 10000),
      () => host.write(encode.ping()),
      () => host.sockets.abandon(socket, 1006, 'no answer to heartbeat'));
    const reconnected = this.everOpened;
    this.everOpened = true;
    host.subscriber.subscribeAll();
    host.queue.flush((item) => host.writeItem(item));
    this.settleConnect({ isSucc: true });
    host.hook('onOpen', welcome);
    // With opTypes to subscribe again, the subscriber reports the reconnect once they all answered.
    if (reconnected && !host.subscriber.renewing) {
      host.hook('onReconnect');
    }
  }

  /** Everything that follows the end of the current socket, exactly once per socket. */
  ended(socket, code, reason) {
    const host = this.host;
    host.sockets.release();
    if (this.heartbeat) {
      this.heartbeat.stop();
      this.heartbeat = null;
    }
    host.queue.pause();
    host.calls.connectionEnded();
    host.subscriber.connectionEnded();
    host.refresher.connectionEnded();

    const told = socket.disconnect;
    const finalCode = told ? told.code : code;
    const finalReason = told ? told.reason : reason;
    const stop = told ? told.reconnect === false : code >= 4500 && code <= 4999;
    if (stop && !socket.manual) {
      this.wanted = false;
      this.stoppedByServer = true;
      host.queue.clear(`stopped by the server: ${finalCode} ${finalReason}`);
    }
    const willReconnect = this.wanted && !socket.manual;
    host.transports.ended(socket);
    if (!socket.welcomed) {
      this.settleConnect({ isSucc: false, errMsg: `connection failed: ${finalCode} ${finalReason}`.trim() });
    }
    if (!willReconnect) {
      this.settleConnect({ isSucc: false, errMsg: `connection closed: ${finalCode} ${finalReason}`.trim() });
    }
    host.hook('onDisconnect', {
      code: finalCode, reason: finalReason, isManual: socket.manual, willReconnect, wasOpen: socket.welcomed,
    });
    if (willReconnect) {
      this.scheduleReconnect(socket, told);
    }
  }

  /** Opens the next socket, to the next URL, after the backoff's delay (and any the server advised). */
  scheduleReconnect(socket, told) {
    const host = this.host;
    // A session that held for a while was no failure: the next one starts from the shortest delay.
    if (socket.welcomed && host.timers.now() - socket.welcomeAt >= STABLE_SESSION_MS) {
      this.backoff.reset();
    }
    host.sockets.advance();
    // A draining node advises a delay (`delayMs`, PROTOCOL §4.8): wait that long plus the backoff's own jittered delay.
    const advised = told && Number.isFinite(told.delayMs) && told.delayMs > 0 ? told.delayMs : 0;
    this.reconnectTimer = host.timers.setTimeout(() => {
      this.reconnectTimer = null;
      if (this.wanted && host.sockets.current === null) {
        this.openSocket();
      }
    }, advised + this.backoff.next());
  }

  /**
   * The server's word on when the session's credentials expire (PROTOCOL §16), `undefined` when it
   * is no longer known: `welcome.expiresAt` follows it. The welcome is copied, not changed, so the
   * object `onOpen` got stays as it came.
   */
  expiryChanged(expiresAt) {
    if (this.session === null) {
      return;
    }
    const session = { ...this.session };
    if (expiresAt === undefined) {
      delete session.expiresAt;
    } else {
      session.expiresAt = expiresAt;
    }
    this.session = session;
  }

  /** Resolves every `connect()` still waiting: the first outcome is theirs. */
  settleConnect(result) {
    for (const resolve of this.connectWaiters.splice(0)) {
      resolve(result);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // What the latest welcome allows

  /** How long a request waits for its answer before the client gives up on it. */
  answerTimeoutMs() {
    return (this.session ? this.session.callTimeoutMs : DEFAULT_CALL_TIMEOUT_MS) + CALL_TIMEOUT_MARGIN_MS;
  }

  /** The server's limit once `welcome` told it (gateways before it was advertised: the default). */
  maxOpTypeLength() {
    return this.session && this.session.maxOpTypeLength ? this.session.maxOpTypeLength : MAX_OP_TYPE_LENGTH;
  }

  /** Why the encoded `frame` (text, or a binary frame's ArrayBuffer) is too large for the server, or null. */
  sizeProblem(frame) {
    const limit = this.session ? this.session.maxFrameBytes : DEFAULT_MAX_FRAME_BYTES;
    const size = frameLength(frame);
    return size > limit ? `frame of ${size} bytes exceeds the server's maxFrameBytes (${limit})` : null;
  }
}
