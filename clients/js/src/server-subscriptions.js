/**
 * Subscriptions the server makes for the session (docs/PROTOCOL.md §17): `subscribed` and
 * `unsubscribed` frames marked `server: true`, with no id. Each opType the server subscribed is
 * held like one of the app's own registrations, with or without listeners: its position moves with
 * the answer and its pushes, its pushes reach the listeners registered for it (none: not delivered),
 * it is subscribed again in the first `subscribe` after a reconnect so that the server resumes it,
 * and a later `registerLongConnListen` of it subscribes nothing.
 *
 * When the server takes one back, it goes, unless the app registered listeners for that opType:
 * the server's `unsubscribe` ended the session's only subscription to it, so the client subscribes
 * it again on the app's account, from its position (nothing pushed meanwhile is lost). A listener
 * the app registered keeps working until the app removes it or the server refuses it (then
 * `onSubscriptionError`, as for any refusal).
 *
 * It works through its host, the client: `registrations`, `subscriber`, `state`, `options` and
 * `hook(name, argument)`.
 */
export class ServerSubscriptions {
  constructor(host) {
    this.host = host;
  }

  /** A `subscribed` or `unsubscribed` frame marked `server`. */
  told(frame) {
    for (const result of frame.results || []) {
      if (result === null || typeof result !== 'object' || typeof result.opType !== 'string') {
        continue;
      }
      if (frame.type === 'subscribed') {
        this.subscribed(result);
      } else {
        this.unsubscribed(result);
      }
    }
  }

  /** The server subscribed the session to `opType`, or could not (`ok: false`: nothing changed). */
  subscribed({ opType, ok, code, message, position, recovered }) {
    const host = this.host;
    if (!ok) {
      const refusal = { opType, ok: false, code, message };
      if (typeof host.options.onServerSubscribed === 'function') {
        host.hook('onServerSubscribed', refusal);
      } else {
        console.warn('longconn: the server could not subscribe the session', refusal);
      }
      return;
    }
    const entry = host.registrations.holdForServer(opType);
    // While the app's own subscribe of it is in flight, its answer settles the entry's state.
    host.subscriber.took(entry, opType, position, recovered);
    host.hook('onServerSubscribed', { opType, ok: true });
  }

  /** The server unsubscribed the session from `opType` (a failed result changed nothing). */
  unsubscribed({ opType, ok }) {
    const host = this.host;
    if (!ok) {
      return;
    }
    const kept = host.registrations.releaseForServer(opType);
    if (kept !== undefined) {
      kept.state = 'pending';
      if (host.state === 'open') {
        host.subscriber.subscribe([opType]);
      }
    }
    host.hook('onServerUnsubscribed', { opType });
  }
}
