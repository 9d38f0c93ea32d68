import { encode } from './frames.js';

/** Tries per `refresh_required`: the first, and one more after a refusal or a failed `getToken()`. */
const MAX_TRIES = 2;
/** How long after a failed try the second one goes, if the session has not expired by then. */
const RETRY_DELAY_MS = 5000;

/**
 * Renews the session's credentials in band (docs/PROTOCOL.md §16): on `refresh_required` it asks
 * the app's `getToken()` for a new token and sends it in a `refresh`, matched to its answer by id
 * like any request; `refreshed` moves `welcome.expiresAt` on. A refusal (`refresh_denied`), a
 * failed `getToken()` or no answer in time is reported through `onRefreshFailed`, and tried once
 * more after {@link RETRY_DELAY_MS} while the session has not expired. Without `getToken` it does
 * nothing: the server closes the session with 4005 at its expiry and the client reconnects.
 *
 * It works through its host, the client: `tokens` (or null), `requests` (answers by id, shared with
 * calls and subscriptions), `timers`, `write(frame)`, `newId()`, `hook(name, argument)` and
 * `life` (`answerTimeoutMs()`, `expiryChanged(expiresAt)`).
 */
export class Refresher {
  constructor(host) {
    this.host = host;
    /** The refresh under way on the current session: `{expiresAt, tries}`, or null. */
    this.round = null;
    this.retryTimer = null;
  }

  /** A `refresh_required` frame: the session's credentials expire at `expiresAt`. */
  required(frame) {
    const host = this.host;
    if (Number.isFinite(frame.expiresAt)) {
      host.life.expiryChanged(frame.expiresAt);
    }
    if (!host.tokens) {
      return;
    }
    if (this.round !== null) {
      this.round.expiresAt = frame.expiresAt; // one refresh at a time: the one under way answers this too
      return;
    }
    this.round = { expiresAt: frame.expiresAt, tries: 1 };
    this.attempt(this.round);
  }

  /** A `refreshed` frame: the new expiry applies. */
  refreshed(frame) {
    const host = this.host;
    const request = host.requests.get(frame.id);
    if (request === undefined || request.kind !== 'refresh') {
      return; // answered after the client gave up on it, or on a session that has ended
    }
    host.requests.delete(frame.id);
    host.timers.clearTimeout(request.timer);
    if (this.round === request.round) {
      this.round = null;
    }
    host.life.expiryChanged(Number.isFinite(frame.expiresAt) ? frame.expiresAt : undefined);
  }

  /** An `error` frame answering a `refresh` (already taken from `requests`): `refresh_denied`, mostly. */
  refused(request, frame) {
    this.failed(request.round, frame.code, frame.message || '');
  }

  /** The connection ended: the next session starts with a new token of its own. */
  connectionEnded() {
    const host = this.host;
    this.round = null;
    host.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    for (const [id, request] of [...host.requests]) {
      if (request.kind === 'refresh') {
        host.requests.delete(id);
        host.timers.clearTimeout(request.timer);
      }
    }
  }

  attempt(round) {
    const host = this.host;
    host.tokens.next().then((token) => {
      if (this.round !== round) {
        return; // the session ended meanwhile
      }
      const id = host.newId();
      const timeoutMs = host.life.answerTimeoutMs();
      const request = { kind: 'refresh', round, timer: null };
      request.timer = host.timers.setTimeout(() => {
        if (host.requests.get(id) === request) {
          host.requests.delete(id);
          this.failed(round, 'client_timeout', `no answer to refresh within ${timeoutMs} ms`);
        }
      }, timeoutMs);
      host.requests.set(id, request);
      // A write that fails ends the connection, and connectionEnded() drops the request.
      host.write(encode.refresh(id, token));
    }, (error) => this.failed(round, 'token_unavailable', `getToken() failed: ${error && error.message ? error.message : String(error)}`));
  }

  failed(round, code, message) {
    if (this.round !== round) {
      return; // the session ended: its successor connects with a new token anyway
    }
    const host = this.host;
    const expiresAt = round.expiresAt;
    const willRetry = round.tries < MAX_TRIES
      && (!Number.isFinite(expiresAt) || host.timers.now() + RETRY_DELAY_MS < expiresAt);
    if (willRetry) {
      round.tries++;
      this.retryTimer = host.timers.setTimeout(() => {
        this.retryTimer = null;
        if (this.round === round) {
          this.attempt(round);
        }
      }, RETRY_DELAY_MS);
    } else {
      // The session goes on until its expiry; then the server closes it (4005) and the client
      // reconnects with a new token.
      this.round = null;
    }
    host.hook('onRefreshFailed', { code, message, willRetry });
  }
}
