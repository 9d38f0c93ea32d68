import { encode } from './frames.js';
import { count, joinedView, leftView, snapshotView } from './presence-view.js';

/**
 * Presence watches (docs/PROTOCOL.md §18): the members of an exact opType (the users whose
 * sessions are subscribed to it, cluster-wide), as a snapshot and then one `join` or `leave` frame
 * per change, which this side applies to the snapshot so that the app always gets the whole view.
 *
 * The server watches only through a subscription: a watched opType is held in the registrations
 * (`watched`) like one with listeners, and every `subscribe` that names it asks for its presence
 * (`carried`), the resubscribe after a reconnect included, whose fresh snapshot replaces the view.
 * An opType already subscribed when the app starts watching is asked on its own: a `subscribe`
 * naming it again with `presence`, which the server re-checks (a refusal leaves the subscription
 * as it was).
 *
 * Per connection, each watch is `idle` (not asked yet, or the server did not take it), `asked`
 * (a `subscribe` with its presence is waiting for its answer, `askId`) or `watching` (the answer
 * said `presence: true`: its frames apply). A connection's end makes every watch `idle`: the
 * server's watch ended with the session. The last view is kept meanwhile.
 *
 * A `subscribed` result that is ok but without `presence: true` means the server did not take the
 * watch: a polling link (which cannot watch) or a gateway older than presence. The watchers that
 * waited for it fail with `presence_unavailable`; ones that watched before stay, and are asked
 * again by the next connection's resubscribe.
 *
 * It works through its host, the client: `registrations`, `subscriber`, `requests`, `timers`,
 * `state`, `write(frame)`, `newId()`, `life.answerTimeoutMs()` and `callbackFailed(error, where)`.
 */
export class PresenceWatches {
  constructor(host) {
    this.host = host;
    /**
     * opType → its watch. `waiters`: the handlers whose `watchPresence` the server has not
     * answered yet, with their settle functions. `awaitingSnapshot`: taken, but the snapshot of
     * this connection has not come yet (changes cannot be applied to the previous view).
     * @type {Map<string, {handlers: Function[], waiters: Array<{handler: Function, settle: Function}>, view: object | null, state: 'idle'|'asked'|'watching', askId: string | null, awaitingSnapshot: boolean}>}
     */
    this.watches = new Map();
  }

  /**
   * Adds `handler` to the watchers of `opType` (already checked: exact, on a transport that can
   * watch). Resolves with `settle`'s result once the server took the watch, or at once (with the
   * current view given to the new handler) when it already has.
   */
  watch(opType, handler, settle) {
    const host = this.host;
    let watch = this.watches.get(opType);
    if (watch === undefined) {
      watch = { handlers: [], waiters: [], view: null, state: 'idle', askId: null, awaitingSnapshot: false };
      this.watches.set(opType, watch);
    }
    watch.handlers.push(handler);
    const { entry } = host.registrations.holdForPresence(opType);
    if (watch.state === 'watching') {
      const result = settle({ isSucc: true, opType });
      if (watch.view !== null && !watch.awaitingSnapshot) {
        // The others got their snapshot already: this handler starts from the view as it is.
        this.deliver(opType, { ...watch.view, change: { type: 'snapshot' } }, [handler]);
      }
      return Promise.resolve(result);
    }
    const answered = new Promise((resolve) => watch.waiters.push({ handler, settle: (result) => resolve(settle(result)) }));
    if (watch.state === 'idle' && host.state === 'open') {
      if (entry.state === 'subscribed') {
        this.ask(opType, watch);
      } else if (entry.requestId === null) {
        host.subscriber.subscribe([opType]); // a new subscription: its subscribe carries the presence
      }
      // Otherwise its subscribe is under way without presence: asked once it is answered (`subscribed`).
    }
    return answered;
  }

  /**
   * Removes one watcher of `opType`, or all of them when `handler` is undefined; their unanswered
   * `watchPresence` calls end with `removed`.
   * @returns {{removed: number, last: boolean}} `last`: the opType has no watcher left (then
   *   `release` it)
   */
  unwatch(opType, handler) {
    const watch = this.watches.get(opType);
    if (watch === undefined) {
      return { removed: 0, last: false };
    }
    const before = watch.handlers.length;
    watch.handlers = handler === undefined ? [] : watch.handlers.filter((each) => each !== handler);
    const removed = before - watch.handlers.length;
    const ended = watch.waiters.filter((waiter) => !watch.handlers.includes(waiter.handler));
    watch.waiters = watch.waiters.filter((waiter) => watch.handlers.includes(waiter.handler));
    const last = watch.handlers.length === 0;
    if (last) {
      this.watches.delete(opType);
    }
    for (const waiter of ended) {
      waiter.settle({ isSucc: false, opType, code: 'removed', errMsg: 'presence watcher removed before the server answered' });
    }
    return { removed, last };
  }

  /**
   * The watchers of `opType` are all gone: its registration goes too unless listeners or the
   * server hold it, and then so does the subscription. There is no message that ends a watch
   * alone (PROTOCOL §18): while the subscription stays, the server's frames find no watch here.
   * @returns {Promise<{isSucc: boolean, errMsg?: string}>}
   */
  release(opType) {
    const host = this.host;
    const { entry, gone } = host.registrations.releaseForPresence(opType);
    const subscribedOnServer = gone && (entry.state === 'subscribed' || entry.requestId !== null);
    if (!subscribedOnServer || host.state !== 'open') {
      return Promise.resolve({ isSucc: true });
    }
    return host.subscriber.unsubscribe(opType);
  }

  /** The current view of `opType`, or null (not watched, or no snapshot yet). */
  view(opType) {
    const watch = this.watches.get(opType);
    return watch === undefined ? null : watch.view;
  }

  // ---------------------------------------------------------------------------------------------
  // From the subscriber

  /**
   * The `subscribe` `id` names `opTypes`: the watched ones among them go in its `presence`, and
   * its answer decides their watch on this connection.
   * @returns {string[]}
   */
  carried(opTypes, id) {
    const watched = [];
    for (const opType of opTypes) {
      const watch = this.watches.get(opType);
      if (watch !== undefined) {
        watch.state = 'asked';
        watch.askId = id;
        watch.awaitingSnapshot = false;
        watched.push(opType);
      }
    }
    return watched;
  }

  /**
   * The subscribe `requestId` made (or renewed) the subscription to `opType`. If it asked for the
   * presence, its result says whether the server took the watch; if the watch began while it was
   * under way (so it did not ask), it is asked for now.
   */
  subscribed(opType, result, requestId) {
    const watch = this.watches.get(opType);
    if (watch === undefined) {
      return;
    }
    if (watch.askId === requestId) {
      this.answer(opType, watch, result);
    } else if (watch.state === 'idle' && this.host.state === 'open') {
      this.ask(opType, watch);
    }
  }

  /**
   * A subscribe of `opType` was refused (and its registration dropped, unless `dropped` says
   * otherwise): every watcher goes. Returns how many `watchPresence` calls were waiting (and were told).
   */
  refused(opType, refusal) {
    const watch = this.watches.get(opType);
    if (watch === undefined) {
      return 0;
    }
    this.watches.delete(opType);
    for (const waiter of watch.waiters) {
      waiter.settle(refusal);
    }
    return watch.waiters.length;
  }

  /** Whether the subscribe `requestId` asked for the presence of `opType` (and is its answer). */
  askedBy(opType, requestId) {
    const watch = this.watches.get(opType);
    return watch !== undefined && watch.askId === requestId;
  }

  /**
   * A subscribe that asked for the presence of `opType` was refused while listeners (or the
   * server) still hold the opType: the refusal may be about the presence alone, so only the watch
   * goes (the subscriber asks for the subscription again without it). The watchers that waited are
   * told; when none did, the console is: nothing may be lost silently.
   */
  dropped(opType, refusal) {
    const told = this.refused(opType, refusal);
    const entry = this.host.registrations.get(opType);
    if (entry !== undefined) {
      entry.watched = false;
    }
    if (told === 0) {
      console.warn('longconn: the presence watch of an opType was refused; its watchers were removed', refusal);
    }
  }

  /** The answer to a `subscribe` of `ask` (request kind `presence`). */
  answered(request, frame) {
    const watch = this.watches.get(request.opType);
    if (watch === undefined || watch.askId !== frame.id) {
      return; // unwatched, or asked again since
    }
    const result = (frame.results || []).find((each) => each && each.opType === request.opType)
      || { ok: false, code: 'no_result', message: `the answer named no result for '${request.opType}'` };
    this.answer(request.opType, watch, result);
  }

  /** An `error` frame answering a `subscribe` of `ask`. */
  refusedAsk(request, frame) {
    const watch = this.watches.get(request.opType);
    if (watch !== undefined && watch.askId === frame.id) {
      this.answer(request.opType, watch, { ok: false, code: frame.code, message: frame.message });
    }
  }

  /** The session ended, and the server's watches with it: each is asked again after the next welcome. */
  connectionEnded() {
    for (const watch of this.watches.values()) {
      watch.state = 'idle';
      watch.askId = null;
      watch.awaitingSnapshot = false;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // From the receiver

  /**
   * A `presence` snapshot, `join` or `leave` frame. Only a watch the server took on this
   * connection applies it; frames of other opTypes (unwatched while the subscription stays, or
   * never watched) are ignored.
   */
  received(frame) {
    const watch = typeof frame.opType === 'string' ? this.watches.get(frame.opType) : undefined;
    if (watch === undefined || watch.state !== 'watching') {
      return;
    }
    let view;
    if (frame.type === 'presence') {
      view = snapshotView(frame);
      watch.awaitingSnapshot = false;
    } else if (watch.awaitingSnapshot || watch.view === null || typeof frame.user !== 'string') {
      return; // a change can only apply to this connection's snapshot
    } else if (frame.type === 'join') {
      view = joinedView(watch.view, frame.user, count(frame.sessions, 1));
    } else {
      view = leftView(watch.view, frame.user);
    }
    watch.view = view;
    this.deliver(frame.opType, view, [...watch.handlers]);
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Asks for the presence of `opType`, which the session already holds: a `subscribe` naming it
   * with `presence`. Without an answer in time (the frame may have been dropped as `rate_limited`)
   * it is asked again, as subscribes are.
   */
  ask(opType, watch) {
    const host = this.host;
    const id = host.newId();
    watch.state = 'asked';
    watch.askId = id;
    watch.awaitingSnapshot = false;
    const request = { kind: 'presence', opType, timer: null };
    request.timer = host.timers.setTimeout(() => {
      if (host.requests.get(id) !== request) {
        return;
      }
      host.requests.delete(id);
      if (this.watches.get(opType) === watch && watch.askId === id) {
        watch.state = 'idle';
        watch.askId = null;
        if (host.state === 'open') {
          this.ask(opType, watch);
        }
      }
    }, host.life.answerTimeoutMs());
    host.requests.set(id, request);
    host.write(encode.subscribe(id, [opType], null, [opType]));
  }

  /** The server's result for a request that asked for the presence of `opType`. */
  answer(opType, watch, result) {
    watch.askId = null;
    if (result.ok && result.presence === true) {
      watch.state = 'watching';
      watch.awaitingSnapshot = true;
      for (const waiter of watch.waiters.splice(0)) {
        waiter.settle({ isSucc: true, opType });
      }
      return;
    }
    watch.state = 'idle';
    this.failWaiters(opType, watch, result.ok
      ? { isSucc: false, opType, code: 'presence_unavailable',
        errMsg: `the server did not take the watch of '${opType}': presence needs a WebSocket session (not HTTP polling) on a gateway that has it` }
      : { isSucc: false, opType, code: result.code, errMsg: result.message });
  }

  /**
   * The watchers still waiting fail, and go; if none is left the opType is released. The
   * subscription itself was not refused (or was already held): it stays while something else
   * holds it.
   */
  failWaiters(opType, watch, failure) {
    const waiters = watch.waiters.splice(0);
    for (const { handler } of waiters) {
      const at = watch.handlers.lastIndexOf(handler);
      if (at >= 0) {
        watch.handlers.splice(at, 1);
      }
    }
    if (watch.handlers.length === 0 && this.watches.get(opType) === watch) {
      this.watches.delete(opType);
      this.release(opType);
    }
    for (const waiter of waiters) {
      waiter.settle(failure);
    }
  }

  /** Gives `view` to each handler; one that throws is reported, and the others still get it. */
  deliver(opType, view, handlers) {
    for (const handler of handlers) {
      try {
        handler(view);
      } catch (error) {
        this.host.callbackFailed(error, `presence watcher of ${opType}`);
      }
    }
  }
}
