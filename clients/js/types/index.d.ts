// Types of @longconn/client. The protocol is docs/PROTOCOL.md in the longconn repository.

/** What the server said in `welcome` (PROTOCOL §4.1). */
export interface Welcome {
  type: 'welcome';
  protocol: number;
  /** `'polling'` when the client runs over HTTP polling (then there is no session id). */
  transport?: 'polling';
  sessionId: string | null;
  userId: string | null;
  heartbeatIntervalMs: number;
  idleTimeoutMs: number;
  callTimeoutMs: number;
  maxFrameBytes: number;
  maxSubscriptions: number;
  /**
   * Only when the session's credentials expire (PROTOCOL §16): when, in ms since the Unix epoch.
   * It follows the server: `refresh_required` and `refreshed` move it on. Over polling it is known
   * only from the server's `refresh_required` (and absent again after a refresh).
   */
  expiresAt?: number;
}

/** Where a push came from. */
export interface PushMeta {
  /** The push's exact opType (never a pattern). */
  opType: string;
  /** Publish time, ms since the Unix epoch. */
  ts: number;
  /** The push's position (what a resume after a reconnect starts after), or null from older gateways. */
  position: string | null;
  /** True when `data` is an ArrayBuffer from a binary push. */
  binary: boolean;
}

/** JSON pushes give the parsed value; binary pushes an ArrayBuffer. */
export type PushListener<T = any> = (data: T, meta: PushMeta) => void;

export interface DisconnectInfo {
  /** The close code, or the code of the server's `disconnect` frame; 1006 for drops and dead heartbeats. */
  code: number;
  reason: string;
  /** The app closed it (`disconnect()` or `pause()`). */
  isManual: boolean;
  /** The client will try again with backoff. */
  willReconnect: boolean;
  /** The session had been welcomed (false for a failed connection attempt). */
  wasOpen: boolean;
}

/** A refresh of the session's credentials that did not happen (PROTOCOL §16). */
export interface RefreshFailure {
  /**
   * The server's `refresh_denied` (or another code of an `error` answering the `refresh`);
   * `token_unavailable` when `getToken()` failed or gave no token; `client_timeout` when no answer came.
   */
  code: string;
  message: string;
  /** One more try follows in a few seconds (once per `refresh_required`, and only well before the expiry). */
  willRetry: boolean;
}

/**
 * The server subscribed the session to `opType` itself (PROTOCOL §17), or could not (`ok: false`,
 * with the server's code, e.g. `subscription_denied`, `too_many_subscriptions`).
 */
export interface ServerSubscribed {
  opType: string;
  ok: boolean;
  code?: string;
  message?: string;
}

export interface ConnectResult {
  isSucc: boolean;
  errMsg?: string;
}

export interface ListenResult {
  isSucc: boolean;
  opType: string;
  /**
   * On failure: `invalid_op_type`, `bad_argument`, `removed`, or the server's `subscription_denied`, `too_many_subscriptions`, `handler_error`.
   * `watchPresence` also: `invalid_presence` (a pattern), `presence_unavailable` (HTTP polling, or a gateway without presence).
   */
  code?: string;
  errMsg?: string;
}

export interface RemoveResult {
  isSucc: boolean;
  opType: string;
  removed: number;
  errMsg?: string;
}

export interface SendResult {
  isSucc: boolean;
  errMsg?: string;
}

export interface CallError {
  /** The server's (`no_handler`, `timeout`, `handler_error`, `service_unavailable`, an application code, ...) or the client's (`invalid_op_type`, `frame_too_large`, `queue_full`, `not_connected`, `client_timeout`). */
  code: string;
  message: string;
}

export type CallResult<T = any> = { isSucc: true; res: T } | { isSucc: false; err: CallError };

/** Mini-program style callbacks, called with the same object the Promise resolves to. */
export interface Callbacks<R> {
  success?: (result: R) => void;
  fail?: (result: R) => void;
  complete?: (result: R) => void;
}

export interface RegisterOptions<T = any> extends Callbacks<ListenResult> {
  /** An exact opType or a pattern (`*` one segment, `#` zero or more). */
  opType: string;
  receiveMessageCallback: PushListener<T>;
}

export interface RemoveOptions<T = any> extends Callbacks<RemoveResult> {
  opType: string;
  /** Omit to remove every listener of the opType. */
  receiveMessageCallback?: PushListener<T>;
}

/** What a presence view was made from: the server's snapshot, or a change applied to the view before it. */
export type PresenceChange =
  | { type: 'snapshot' }
  | { type: 'join'; user: string; sessions: number }
  | { type: 'leave'; user: string };

/**
 * The members of a watched opType (PROTOCOL §18): the users with a session subscribed to exactly
 * that opType, cluster-wide. Each view is a new object with a Map of its own.
 */
export interface PresenceView {
  opType: string;
  /**
   * user id → its sessions on the opType (as of its snapshot or its join: later changes of a
   * member's count alone are not sent), ordered by user id. Only part of the members when `complete` is false.
   */
  members: Map<string, number>;
  /** How many users are members. */
  users: number;
  /** How many sessions they hold on the opType. */
  sessions: number;
  /** False when the server listed only some of the members (beyond its `maxPresenceMembers`): only the counts are whole. */
  complete: boolean;
  change: PresenceChange;
}

export type PresenceHandler = (view: PresenceView) => void;

export interface WatchPresenceOptions extends Callbacks<ListenResult> {
  /** An exact opType (patterns cannot be watched). */
  opType: string;
  onPresence: PresenceHandler;
}

export interface UnwatchPresenceOptions extends Callbacks<RemoveResult> {
  opType: string;
  /** Omit to remove every watcher of the opType. */
  onPresence?: PresenceHandler;
}

/** Events a socket adapter reports to the client. */
export interface SocketEvents {
  onOpen(): void;
  onMessage(data: string | ArrayBuffer): void;
  onError(message: string): void;
  /** Called once per socket. */
  onClose(code: number, reason: string): void;
}

export interface SocketHandle {
  /** A string goes as a text frame, an ArrayBuffer as a binary frame (PROTOCOL §3.7). */
  send(frame: string | ArrayBuffer): void;
  close(code: number, reason: string): void;
}

/** Opens one socket on a platform's socket API. */
export interface SocketAdapter {
  name: string;
  /**
   * With the client's `getToken`, `url` already carries `token` in its query parameter `tokenParam`;
   * both are given too, for transports that need the token elsewhere (polling renews it in place).
   */
  connect(request: { url: string; protocols: string[]; header: Record<string, string>; token?: string; tokenParam?: string },
    events: SocketEvents): SocketHandle;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export interface LongConnOptions {
  /** `wss://host/longconn/ws`; several URLs: each reconnect attempt takes the next. */
  url: string | string[];
  /** Default `['longconn.v1']`. */
  protocols?: string[];
  /** Handshake headers (mini-programs, Node with the ws package; browsers cannot send headers). */
  header?: Record<string, string>;
  /**
   * A new token for every connection attempt and every in-band refresh (PROTOCOL §16): it goes
   * into the URL's query parameter `tokenParam`, replacing any value there (polling: on every
   * poll and post). A failure or no token within `connectTimeoutMs` fails that attempt (1006), and
   * the client tries again after its backoff. Without it the URL is used as it is.
   */
  getToken?: () => string | Promise<string>;
  /** The query parameter that carries the token of `getToken`. Default `'token'`. */
  tokenParam?: string;
  /** Default: detected (uni, wx, my, then a global WebSocket). */
  adapter?: SocketAdapter;
  /**
   * `auto` (default): WebSocket, falling back to HTTP polling after `fallbackAfterFailures`
   * socket attempts in a row got no welcome (only with a detected adapter, or when `polling` is
   * given). `websocket`: never poll. `polling`: poll only (platforms without sockets).
   */
  transport?: 'auto' | 'websocket' | 'polling';
  /** Default 3. */
  fallbackAfterFailures?: number;
  /** Options of the polling transport (see `pollingAdapter`). */
  polling?: PollingOptions;
  /** Reconnect delays, full jitter between min and a doubling ceiling. Default 500 ms to 30 s. */
  reconnect?: { minDelayMs?: number; maxDelayMs?: number };
  /** Socket open plus `welcome`. Default 10000. */
  connectTimeoutMs?: number;
  /** How long to wait for any frame after a heartbeat. Default min(heartbeatIntervalMs, 10000). */
  heartbeatDeadlineMs?: number;
  /** Frames held while not connected. Default 100. */
  maxQueued?: number;
  /** Queued frames flushed per second after connecting (the server limits frames per second). Default 50. */
  flushPerSecond?: number;
  /** For tests. */
  timers?: Timers;
  /** For tests: numbers in [0, 1) for the backoff jitter. */
  random?: () => number;
  /** Every welcome (first connection and reconnects). */
  onOpen?: (welcome: Welcome) => void;
  /** After a reconnect, once every opType has been subscribed again. */
  onReconnect?: () => void;
  /** Every socket that ends, including failed attempts. */
  onDisconnect?: (info: DisconnectInfo) => void;
  /**
   * The server subscribed the session to an opType itself (PROTOCOL §17): the client holds it like
   * its own (its pushes reach the listeners registered for it, now or later, without a subscribe
   * of theirs; it resumes after a reconnect). A refusal (`ok: false`) changed nothing.
   * Default: nothing, and console.warn for a refusal.
   */
  onServerSubscribed?: (info: ServerSubscribed) => void;
  /**
   * The server took back a subscription (PROTOCOL §17). If the app registered listeners for that
   * opType, the client subscribes it again on their account; otherwise it is gone.
   */
  onServerUnsubscribed?: (info: { opType: string }) => void;
  /**
   * An opType the server refused when it was subscribed again (after a reconnect, or after the server
   * took back its own subscription to an opType the app listens to); its listeners are removed. Default: console.warn.
   */
  onSubscriptionError?: (error: ListenResult) => void;
  /**
   * After a reconnect, the server could not give this opType the pushes missed meanwhile (`recovered: false`:
   * away too long, or the gateway restarted): reload its state. Default: console.warn.
   */
  onRecoveryFailed?: (info: { opType: string }) => void;
  /**
   * The session's credentials could not be renewed in band: the server refused the token, or
   * `getToken()` failed. The session goes on until its expiry; then the server closes it (4005) and
   * the client reconnects with a new token. Default: console.warn.
   */
  onRefreshFailed?: (failure: RefreshFailure) => void;
  /** The client switched to HTTP polling after socket attempts failed, or back to sockets. */
  onTransportChange?: (info: { transport: 'polling' | 'websocket'; afterFailures: number }) => void;
  /** An `error` frame not about a pending request (e.g. `rate_limited`). Default: console.warn. */
  onServerError?: (error: { code: string; message: string }) => void;
  /** A listener or hook threw. Default: console.error. */
  onCallbackError?: (error: unknown, where: string) => void;
}

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'paused' | 'stopped';

export class LongConnClient {
  constructor(options: LongConnOptions);
  readonly state: ConnectionState;
  /** The current session's welcome, or null while not open. */
  readonly welcome: Welcome | null;
  connect(): Promise<ConnectResult>;
  /** Manual close: no reconnect. `code` 1000 or 3000–4999. */
  disconnect(code?: number, reason?: string): Promise<void>;
  /** Close while hidden (onHide); listeners and queued sends are kept. */
  pause(): Promise<void>;
  /** Reconnect after pause (onShow). */
  resume(): Promise<ConnectResult>;
  /**
   * The first listener of an opType subscribes; one the server subscribed the session to itself
   * (PROTOCOL §17) is held already, so nothing is sent and the result is at once.
   */
  registerLongConnListen<T = any>(options: RegisterOptions<T>): Promise<ListenResult>;
  /**
   * The last listener gone unsubscribes, unless the server made the subscription (it stays until
   * the server takes it back) or the app watches its presence (it stays until the last watcher goes).
   */
  removeLongConnListen<T = any>(options: RemoveOptions<T>): Promise<RemoveResult>;
  /**
   * Watches the members of an exact opType (PROTOCOL §18): `onPresence` gets the view on the
   * server's snapshot and after each join or leave. Keeps the opType subscribed like a listener;
   * after a reconnect a fresh snapshot replaces the view. Fails with `invalid_presence` for a
   * pattern and `presence_unavailable` over HTTP polling.
   */
  watchPresence(options: WatchPresenceOptions): Promise<ListenResult>;
  /** The last watcher gone unsubscribes, unless listeners or the server hold the opType. */
  unwatchPresence(options: UnwatchPresenceOptions): Promise<RemoveResult>;
  /** The current view of a watched opType (kept as it was while disconnected), or null. */
  presence(opType: string): PresenceView | null;
  /** Local listener over received pushes by exact opType or RegExp; does not subscribe. */
  listenMsg<T = any>(matcher: string | RegExp, handler: PushListener<T>): PushListener<T>;
  unlistenMsg<T = any>(matcher: string | RegExp, handler?: PushListener<T>): number;
  /**
   * Fire-and-forget. `data` that is bytes (an ArrayBuffer or a view of one, e.g. a Uint8Array)
   * goes as a binary frame (PROTOCOL §3.7), copied when sent; anything else as JSON.
   */
  sendMsg(opType: string, data?: ArrayBuffer | ArrayBufferView | unknown): Promise<SendResult>;
  /**
   * Request and reply. `data` that is bytes (an ArrayBuffer or a view of one, e.g. a Uint8Array)
   * goes as a binary frame (PROTOCOL §3.7), copied when sent; anything else as JSON. The reply is JSON either way.
   */
  callApi<T = any>(opType: string, data?: ArrayBuffer | ArrayBufferView | unknown, options?: { timeout?: number }): Promise<CallResult<T>>;
}

export function createLongConn(options: LongConnOptions): LongConnClient;

/** Browsers, Node 22+, Node 20 with --experimental-websocket, or a constructor such as the ws package's. */
export function webSocketAdapter(options?: { WebSocket?: unknown }): SocketAdapter;
export function wechatAdapter(wx?: unknown): SocketAdapter;
export function uniappAdapter(uni?: unknown): SocketAdapter;
/** Alipay's global socket API (one socket per mini-program). */
export function alipayAdapter(my?: unknown): SocketAdapter;
/** Any platform whose connectSocket returns a SocketTask. */
export function socketTaskAdapter(api: unknown, name: string): SocketAdapter;
export function detectAdapter(): SocketAdapter;

/** Options of the HTTP polling transport. */
export interface PollingOptions {
  /**
   * Default: `fetch`, else `uni`/`wx`/`my.request`. Resolves to the status and body text. A posted
   * binary frame comes as an ArrayBuffer `body`, with `Content-Type: application/octet-stream` in `header`.
   */
  request?: (options: { method: 'GET' | 'POST'; url: string; body?: string | ArrayBuffer; header: Record<string, string>; timeoutMs: number })
    => { promise: Promise<{ status: number; text: string }>; abort(): void };
  /** Default: the socket URL with `/ws` replaced by `/poll` and `ws` by `http` (its query kept). */
  pollUrl?: string;
  /** Longest wait of each long-poll; default 25000 (the server caps it). */
  waitMs?: number;
}

/** The HTTP polling transport (PROTOCOL §15) behind the socket adapter interface. */
export function pollingAdapter(options?: PollingOptions): SocketAdapter;

/** Whether the exact `opType` matches `pattern`. */
export function opTypeMatches(pattern: string, opType: string): boolean;
/** Why `opType` is not valid, or null. */
export function opTypeProblem(opType: unknown, patternAllowed: boolean): string | null;
