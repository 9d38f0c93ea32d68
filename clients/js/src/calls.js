/**
 * The client's calls in flight: each waits for its `reply` (or an `error` with its id), for the
 * client's own timeout, or for the end of the connection once it was written. A call given up on
 * while still queued never reaches the server.
 *
 * It works through its host, the client: `requests` (answers by id, shared with subscriptions),
 * `timers`, `queue` and `sendOrQueue(item)`.
 */
export class Calls {
  constructor(host) {
    this.host = host;
  }

  /**
   * Sends the call frame `frame` (JSON text, or a binary call's ArrayBuffer) with the id `id`;
   * resolves with `{isSucc: true, res}` or a {@link failure}, never rejects.
   */
  start(id, frame, timeoutMs) {
    const host = this.host;
    return new Promise((resolve) => {
      const request = { kind: 'call', written: false, timer: null, settle: null };
      const item = {
        frame,
        written: () => {
          request.written = true;
        },
        dropped: (code, reason) => request.settle(failure(code, reason)),
      };
      request.settle = (result) => {
        if (host.requests.get(id) === request) {
          host.requests.delete(id);
        }
        host.timers.clearTimeout(request.timer);
        host.queue.remove(item); // a call given up on while queued must not reach the server later
        resolve(result);
      };
      host.requests.set(id, request);
      request.timer = host.timers.setTimeout(
        () => request.settle(failure('client_timeout', `no reply within ${timeoutMs} ms`)), timeoutMs);
      host.sendOrQueue(item);
    });
  }

  /** A `reply` frame. */
  replied(frame) {
    const request = this.host.requests.get(frame.id);
    if (request === undefined || request.kind !== 'call') {
      return; // answered after the client gave up on it
    }
    request.settle(frame.error
      ? failure(frame.error.code, frame.error.message)
      : { isSucc: true, res: frame.data === undefined ? null : frame.data });
  }

  /** An `error` frame answering a call (already taken from `requests`). */
  refused(request, frame) {
    request.settle(failure(frame.code, frame.message));
  }

  /** The connection ended: calls already written will get no reply (queued ones wait on). */
  connectionEnded() {
    for (const request of [...this.host.requests.values()]) {
      if (request.kind === 'call' && request.written) {
        request.settle(failure('not_connected', 'the connection closed before the reply came'));
      }
    }
  }
}

/** A call's failure as the app gets it. */
export function failure(code, message) {
  return { isSucc: false, err: { code, message: message || '' } };
}
