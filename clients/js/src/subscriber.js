import { encode } from './frames.js';

/** Most opTypes in one `subscribe` frame when subscribing again after a reconnect. */
const SUBSCRIBE_CHUNK = 100;

/**
 * The client's side of its subscriptions on the server: it sends `subscribe` and `unsubscribe`,
 * reads their answers (and `gap`), keeps each registration's position moving with the pushes so
 * that a resubscribe after a reconnect resumes after the last one seen, and tells the app what it
 * must know (`onRecoveryFailed`, `onSubscriptionError`, `onReconnect` once every resubscribe was
 * answered).
 *
 * Subscriptions the server made (PROTOCOL §17) are in the same registrations, so they resume and
 * are subscribed again the same way; their frames are read by `ServerSubscriptions`. Each
 * `subscribe` also asks for the presence of the watched opTypes it names (PROTOCOL §18), and its
 * results tell `presenceWatches` whether the server took the watch; the presence-only asks of
 * `PresenceWatches` are answered here too (request kind `presence`) and handed back to it.
 *
 * It works through its host, the client: `registrations`, `presenceWatches`, `requests` (answers
 * by id, shared with calls), `timers`, `write(text)`, `newId()`, `hook(name, argument)`, `state`
 * and `life.answerTimeoutMs()`.
 */
export class Subscriber {
  constructor(host) {
    this.host = host;
    /** Resubscribes after a reconnect still waiting for their answer. */
    this.resubscribing = 0;
  }

  /**
   * After a welcome: subscribes again to every opType held, resuming from its position; those the
   * server made go first (see `Registrations.opTypes`).
   */
  subscribeAll() {
    const opTypes = this.host.registrations.opTypes();
    for (let i = 0; i < opTypes.length; i += SUBSCRIBE_CHUNK) {
      this.resubscribing++;
      this.subscribe(opTypes.slice(i, i + SUBSCRIBE_CHUNK), true);
    }
  }

  /** Whether subscriptions are still being renewed after a reconnect (`onReconnect` waits). */
  get renewing() {
    return this.resubscribing > 0;
  }

  /**
   * Sends one `subscribe`. Without an answer within the call timeout (the frame may have been
   * dropped, e.g. as `rate_limited`, which carries no id) the opTypes still waiting on it are
   * asked for again, so a registration never hangs on a connection that is up.
   */
  subscribe(opTypes, resubscribe = false) {
    const host = this.host;
    const id = host.newId();
    const positions = {};
    for (const opType of opTypes) {
      const entry = host.registrations.get(opType);
      entry.requestId = id;
      if (entry.position) {
        positions[opType] = entry.position; // resume after the last push seen
      }
    }
    const request = { kind: 'subscribe', resubscribe, timer: null };
    request.timer = host.timers.setTimeout(() => {
      if (host.requests.get(id) !== request) {
        return;
      }
      host.requests.delete(id);
      const waiting = host.registrations.opTypes().filter((opType) => host.registrations.get(opType).requestId === id);
      if (waiting.length > 0 && host.state === 'open') {
        this.subscribe(waiting, resubscribe);
      } else {
        this.resubscribed(request);
      }
    }, host.life.answerTimeoutMs());
    host.requests.set(id, request);
    host.write(encode.subscribe(id, opTypes, positions, host.presenceWatches.carried(opTypes, id)));
  }

  /**
   * Sends one `unsubscribe`; resolves with its answer (`{isSucc}`), or a failure when none came
   * in time. The listeners are gone either way; without an answer the server may still send
   * pushes of this opType, which find no listener.
   */
  unsubscribe(opType) {
    const host = this.host;
    const id = host.newId();
    return new Promise((resolve) => {
      const request = { kind: 'unsubscribe', timer: null, settle: null };
      request.settle = (result) => {
        host.timers.clearTimeout(request.timer);
        resolve(result);
      };
      request.timer = host.timers.setTimeout(() => {
        if (host.requests.get(id) === request) {
          host.requests.delete(id);
          request.settle({ isSucc: false, errMsg: `no answer to unsubscribe within ${host.life.answerTimeoutMs()} ms` });
        }
      }, host.life.answerTimeoutMs());
      host.requests.set(id, request);
      host.write(encode.unsubscribe(id, [opType]));
    });
  }

  /** A `subscribed` or `unsubscribed` answer. */
  answered(frame) {
    const host = this.host;
    const request = host.requests.get(frame.id);
    if (request === undefined) {
      this.lateAnswer(frame);
      return;
    }
    host.requests.delete(frame.id);
    host.timers.clearTimeout(request.timer);
    if (request.kind === 'presence') {
      host.presenceWatches.answered(request, frame);
      return;
    }
    if (request.kind === 'unsubscribe') {
      const result = (frame.results || [])[0];
      request.settle(result && result.ok ? { isSucc: true } : { isSucc: false, errMsg: result ? result.message : 'no result' });
      return;
    }
    for (const result of frame.results || []) {
      this.result(frame.id, result, request.resubscribe);
    }
    this.resubscribed(request);
  }

  /** An `error` frame answering one of this side's requests (already taken from `requests`). */
  refused(request, id, frame) {
    if (request.kind === 'presence') {
      this.host.presenceWatches.refusedAsk(request, frame);
      return;
    }
    if (request.kind === 'unsubscribe') {
      request.settle({ isSucc: false, errMsg: `${frame.code}: ${frame.message}` });
      return;
    }
    for (const opType of this.host.registrations.opTypes()) {
      this.result(id, { opType, ok: false, code: frame.code, message: frame.message }, request.resubscribe);
    }
    this.resubscribed(request);
  }

  /**
   * The server's node missed pushes (it was off its broker), so these subscriptions may have too:
   * like `recovered: false`, they start afresh from the frame's position and the app reloads.
   */
  gapped({ position, opTypes }) {
    for (const opType of opTypes || []) {
      const entry = this.host.registrations.get(opType);
      if (entry !== undefined) {
        entry.position = position || entry.position;
        this.host.hook('onRecoveryFailed', { opType });
      }
    }
  }

  /** A push arrived: the registrations it matches resume after it from now on. */
  pushed(push) {
    if (push.pos) {
      for (const entry of this.host.registrations.entriesMatching(push.opType)) {
        entry.position = push.pos;
      }
    }
  }

  /**
   * The connection ended: every registration waits for the next connection's subscribe, and the
   * subscribe, presence and unsubscribe requests in flight are over (the server dropped the
   * session's subscriptions and presence watches with it).
   */
  connectionEnded() {
    const host = this.host;
    this.resubscribing = 0;
    host.registrations.markAllPending();
    host.presenceWatches.connectionEnded();
    for (const [id, request] of [...host.requests]) {
      if (request.kind === 'subscribe' || request.kind === 'unsubscribe' || request.kind === 'presence') {
        host.requests.delete(id);
        host.timers.clearTimeout(request.timer);
        if (request.kind === 'unsubscribe') {
          request.settle({ isSucc: true });
        }
      }
    }
  }

  /** One result of the subscribe `requestId` (`resubscribe`: one of those after a reconnect). */
  result(requestId, result, resubscribe = false) {
    const { opType, ok, code, message, position, recovered } = result;
    const entry = this.host.registrations.get(opType);
    if (entry === undefined || entry.requestId !== requestId) {
      return; // removed, or subscribed again since: a later answer decides
    }
    const waiters = entry.waiters.splice(0);
    if (ok) {
      entry.state = 'subscribed';
      this.took(entry, opType, position, recovered);
      waiters.forEach((waiter) => waiter({ isSucc: true, opType }));
      this.host.presenceWatches.subscribed(opType, result, requestId);
      return;
    }
    const refusal = { isSucc: false, opType, code, errMsg: message };
    if (this.host.presenceWatches.askedBy(opType, requestId) && (entry.callbacks.length > 0 || entry.server)) {
      // It asked for the presence too, which may be all the server refused: the watch goes, and the
      // subscription the listeners (or the server) hold it for is asked for again without it.
      this.host.presenceWatches.dropped(opType, refusal);
      entry.waiters.push(...waiters);
      entry.state = 'pending';
      entry.requestId = null;
      if (this.host.state === 'open') {
        if (resubscribe) {
          this.resubscribing++; // onReconnect waits for this one too
        }
        this.subscribe([opType], resubscribe);
      }
      return;
    }
    // Refused: the listeners and presence watchers would never hear anything, so they go, and the app is told.
    this.host.registrations.drop(opType);
    waiters.forEach((waiter) => waiter(refusal));
    const watchersTold = this.host.presenceWatches.refused(opType, refusal);
    if (waiters.length === 0 && watchersTold === 0) {
      this.host.hook('onSubscriptionError', refusal);
    }
  }

  /**
   * What an accepted subscription's result (the client's or one the server made) says about the
   * entry's position: where the next resume starts from.
   */
  took(entry, opType, position, recovered) {
    if (recovered === false) {
      // What came while away is lost: start afresh from here, and let the app reload its state.
      entry.position = position || entry.position;
      this.host.hook('onRecoveryFailed', { opType });
    } else if (recovered === undefined && position) {
      // A new subscription: it has everything from the server's position on.
      entry.position = later(entry.position, position);
    } else if (!entry.position && position) {
      // Recovered, but from a position the client never had (the server resumed its own
      // subscription from the session's open): the answer's is the best one known.
      entry.position = position;
    }
    // Recovered: the position stays until the replayed pushes move it, so a drop before the
    // replay arrives resumes from the same place again.
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
      const entry = this.host.registrations.get(result.opType);
      if (entry !== undefined && result.ok && result.recovered === false) {
        entry.position = result.position || entry.position;
        this.host.hook('onRecoveryFailed', { opType: result.opType });
      }
    }
  }

  resubscribed(request) {
    if (request.resubscribe && this.resubscribing > 0 && --this.resubscribing === 0) {
      this.host.hook('onReconnect');
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
