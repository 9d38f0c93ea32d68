/** How long a socket asked to close may take before the next one is opened anyway. */
const CLOSE_WAIT_MS = 3000;

/**
 * The client's one socket at a time (Alipay has a single global one): it opens the next socket
 * only once the previous one has closed, or after {@link CLOSE_WAIT_MS}; it gives up on a socket
 * that gets no `welcome` within `connectTimeoutMs` or that the client abandons (a half-open
 * connection may never report its close); and it reports each socket's end to the client exactly
 * once, whichever of its close event and the giving up comes first.
 *
 * With the app's `getToken` (PROTOCOL §16), every socket first waits for a new token, which goes
 * into the URL's query; a token that does not come (an error, or nothing within
 * `connectTimeoutMs`) ends the attempt like a failed connection, and the client tries again later.
 *
 * A socket is a record: `{handle, welcomed, manual, disconnect, closed, welcomeAt, awaitingToken,
 * noToken}`. The host (the client) gives `timers`, `tokens` (or null), `transports.adapter`,
 * `receive(socket, data)` and `ended(socket, code, reason)`.
 */
export class SocketSlot {
  constructor(host, { urls, protocols, header, connectTimeoutMs }) {
    this.host = host;
    this.urls = urls;
    this.protocols = protocols;
    this.header = header;
    this.connectTimeoutMs = connectTimeoutMs;
    /** The current socket, or null. */
    this.current = null;
    /** A socket asked to close that has not confirmed it yet. */
    this.closing = null;
    this.connectTimer = null;
    this.urlIndex = 0;
  }

  /**
   * Opens a socket to the current URL; while an earlier socket is still closing, calls `retry`
   * once it has closed instead.
   */
  open(retry) {
    const timers = this.host.timers;
    if (this.closing !== null && !this.closing.closed) {
      this.closing.then = retry;
      return;
    }
    const socket = {
      handle: null, welcomed: false, manual: false, disconnect: null, closed: false, welcomeAt: 0,
      awaitingToken: false, noToken: false,
    };
    this.current = socket;
    const url = this.urls[this.urlIndex % this.urls.length];
    this.connectTimer = timers.setTimeout(() => this.abandon(socket, 1006, socket.awaitingToken
      ? `getToken() gave no token within ${this.connectTimeoutMs} ms`
      : `no welcome within ${this.connectTimeoutMs} ms`), this.connectTimeoutMs);
    const tokens = this.host.tokens;
    if (!tokens) {
      this.connect(socket, { url, protocols: this.protocols, header: this.header });
      return;
    }
    socket.awaitingToken = true;
    tokens.next().then((token) => {
      socket.awaitingToken = false;
      if (this.current === socket && !socket.closed) {
        this.connect(socket, {
          url: tokens.urlWith(url, token), protocols: this.protocols, header: this.header, token, tokenParam: tokens.param,
        });
      }
    }, (error) => {
      socket.awaitingToken = false;
      if (this.current === socket && !socket.closed) {
        socket.noToken = true;
        this.closed(socket, 1006, `getToken() failed: ${error && error.message ? error.message : String(error)}`);
      }
    });
  }

  /** Opens the adapter's socket for the `socket` record. */
  connect(socket, request) {
    try {
      socket.handle = this.host.transports.adapter.connect(request, {
        onOpen: () => {},
        onMessage: (data) => {
          if (this.current === socket) {
            this.host.receive(socket, data);
          }
        },
        onError: (message) => {
          socket.error = message;
        },
        onClose: (code, reason) => this.closed(socket, code, reason),
      });
    } catch (error) {
      // Reported asynchronously, like any failed connection, so connect() has returned first.
      this.host.timers.setTimeout(() => this.closed(socket, 1006, `cannot open socket: ${error.message}`), 0);
    }
  }

  /** The current socket got its `welcome`. */
  welcomed(socket) {
    this.host.timers.clearTimeout(this.connectTimer);
    this.connectTimer = null;
    socket.welcomed = true;
    socket.welcomeAt = this.host.timers.now();
  }

  /** The current socket has ended: the slot is free for the next one. */
  release() {
    this.current = null;
    this.host.timers.clearTimeout(this.connectTimer);
    this.connectTimer = null;
  }

  /** The next socket goes to the next URL of the list. */
  advance() {
    this.urlIndex++;
  }

  /** The socket reported its close (or could not open). */
  closed(socket, code, reason) {
    if (socket.closed) {
      return;
    }
    socket.closed = true;
    if (this.current === socket) {
      this.host.ended(socket, code, reason || socket.error || '');
    }
    if (this.closing === socket) {
      this.closing = null;
      this.host.timers.clearTimeout(socket.waitTimer);
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
    if (this.current !== socket || socket.closed) {
      return;
    }
    if (socket.awaitingToken) {
      // No socket yet, nothing to wait for: the attempt ends here, and its token is not used.
      socket.noToken = true;
      this.closed(socket, code, reason);
      return;
    }
    this.closing = socket;
    socket.waitTimer = this.host.timers.setTimeout(() => {
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
    this.host.ended(socket, code, reason);
  }
}
