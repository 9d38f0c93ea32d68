/**
 * Test doubles: a clock whose timers run only when the test advances it, and a socket adapter
 * that records what the client sends and lets the test play the server.
 */

export class FakeClock {
  constructor() {
    this.time = 0;
    this.timers = new Map();
    this.nextHandle = 1;
    this.setTimeout = (fn, ms) => {
      const handle = this.nextHandle++;
      this.timers.set(handle, { at: this.time + Math.max(0, ms), fn });
      return handle;
    };
    this.clearTimeout = (handle) => {
      this.timers.delete(handle);
    };
    this.now = () => this.time;
  }

  /** Runs every timer due within `ms`, in time order, advancing the clock as it goes. */
  advance(ms) {
    const end = this.time + ms;
    for (;;) {
      let next = null;
      for (const [handle, timer] of this.timers) {
        if (timer.at <= end && (next === null || timer.at < next[1].at || (timer.at === next[1].at && handle < next[0]))) {
          next = [handle, timer];
        }
      }
      if (next === null) {
        break;
      }
      this.timers.delete(next[0]);
      this.time = next[1].at;
      next[1].fn();
    }
    this.time = end;
  }

  /** The delays of pending timers, from now. */
  pending() {
    return [...this.timers.values()].map((timer) => timer.at - this.time).sort((a, b) => a - b);
  }
}

/** One socket the client opened: what it sent, and methods to act as the server. */
export class FakeSocket {
  constructor(request, events) {
    this.request = request;
    this.events = events;
    this.sent = [];
    this.closedWith = null;
    this.ended = false;
  }

  /** The client's frames parsed (bare texts as they are). */
  frames() {
    return this.sent.map((text) => {
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    });
  }

  framesOfType(type) {
    return this.frames().filter((frame) => frame.type === type);
  }

  lastOfType(type) {
    const all = this.framesOfType(type);
    return all[all.length - 1];
  }

  open() {
    this.events.onOpen();
  }

  receive(frame) {
    this.events.onMessage(typeof frame === 'string' || frame instanceof ArrayBuffer ? frame : JSON.stringify(frame));
  }

  welcome(overrides = {}) {
    this.open();
    this.receive({
      type: 'welcome', protocol: 1, sessionId: 's1', userId: null, heartbeatIntervalMs: 25000, idleTimeoutMs: 60000,
      callTimeoutMs: 10000, maxFrameBytes: 65536, maxSubscriptions: 100, ...overrides,
    });
  }

  /**
   * Answers the last subscribe: every opType ok unless listed in `refused` ({opType: code}); the
   * ok ones it asked presence for carry `presence: true`, as a gateway with presence answers (§18).
   */
  acceptSubscribe(refused = {}) {
    const request = this.lastOfType('subscribe');
    const watched = request.presence || [];
    this.receive({
      type: 'subscribed',
      id: request.id,
      results: request.opTypes.map((opType) => {
        if (refused[opType]) {
          return { opType, ok: false, code: refused[opType], message: `refused ${opType}` };
        }
        return watched.includes(opType) ? { opType, ok: true, presence: true } : { opType, ok: true };
      }),
    });
    return request;
  }

  /** The server closes the connection (without a disconnect frame unless given). */
  serverClose(code, reason = '', disconnect = null) {
    if (disconnect) {
      this.receive({ type: 'disconnect', code, reason, reconnect: disconnect.reconnect });
    }
    this.end(code, reason);
  }

  end(code, reason) {
    if (!this.ended) {
      this.ended = true;
      this.events.onClose(code, reason);
    }
  }
}

/** An adapter that opens FakeSockets; `autoCloseOnClose` makes close() report the close at once. */
export class FakeAdapter {
  constructor({ autoCloseOnClose = true } = {}) {
    this.name = 'fake';
    this.sockets = [];
    this.autoCloseOnClose = autoCloseOnClose;
  }

  connect(request, events) {
    const socket = new FakeSocket(request, events);
    this.sockets.push(socket);
    const adapter = this;
    return {
      send(text) {
        if (socket.ended) {
          throw new Error('socket is closed');
        }
        socket.sent.push(text);
      },
      close(code, reason) {
        socket.closedWith = { code, reason };
        if (adapter.autoCloseOnClose) {
          socket.end(code, reason);
        }
      },
    };
  }

  get last() {
    return this.sockets[this.sockets.length - 1];
  }

  /** Sockets not yet ended. */
  live() {
    return this.sockets.filter((socket) => !socket.ended);
  }
}

/** Lets pending promise callbacks run. */
export function flush() {
  return new Promise((resolve) => setImmediate(resolve));
}
