import { decode } from './frames.js';

/**
 * What the client does with each frame the server sends (docs/PROTOCOL.md §4). Any frame proves
 * the connection alive; `welcome` opens the session; a push goes to every listener of its opType;
 * answers go to what waits for them by id. Calls, subscribes, unsubscribes and refreshes share one
 * `requests` map, so that an `error` carrying an id fails whichever of them asked. A `disconnect`
 * is kept on its socket: it decides what the close that follows means.
 *
 * `subscribed` and `unsubscribed` frames marked `server` tell of subscriptions the server made
 * (PROTOCOL §17); they go to `serverSubscriptions`, and their pushes reach listeners like any other.
 * `presence`, `join` and `leave` frames (PROTOCOL §18) go to `presenceWatches`.
 *
 * It works through its host, the client: `life`, `calls`, `subscriber`, `serverSubscriptions`,
 * `presenceWatches`, `refresher`, `requests`, `timers`, `registrations`, `messageListeners`,
 * `hook(name, argument)` and `callbackFailed(error, where)`.
 */
export class Receiver {
  constructor(host) {
    this.host = host;
  }

  /** One frame from `socket`, the current socket: text, or the bytes of a binary frame. */
  receive(socket, data) {
    const host = this.host;
    host.life.received();
    const frame = decode(data);
    if (frame === null) {
      return; // unknown frame kinds are ignored (PROTOCOL §2)
    }
    switch (frame.type) {
      case 'welcome':
        host.life.welcomed(socket, frame);
        break;
      case 'push':
        this.pushed(frame);
        break;
      case 'reply':
        host.calls.replied(frame);
        break;
      case 'subscribed':
      case 'unsubscribed':
        if (frame.server === true) {
          host.serverSubscriptions.told(frame); // made by the server, answering no request (§17)
        } else {
          host.subscriber.answered(frame);
        }
        break;
      case 'gap':
        host.subscriber.gapped(frame);
        break;
      case 'presence':
      case 'join':
      case 'leave':
        host.presenceWatches.received(frame);
        break;
      case 'refresh_required':
        host.refresher.required(frame);
        break;
      case 'refreshed':
        host.refresher.refreshed(frame);
        break;
      case 'error':
        this.refused(frame);
        break;
      case 'disconnect':
        socket.disconnect = frame;
        break;
      default:
        break; // pong, and types of later protocol versions
    }
  }

  /** An `error`: the request with its id failed; one without a request is the app's to hear of. */
  refused(frame) {
    const host = this.host;
    const request = frame.id === undefined ? undefined : host.requests.get(frame.id);
    if (request === undefined) {
      host.hook('onServerError', { code: frame.code, message: frame.message });
      return;
    }
    host.requests.delete(frame.id);
    host.timers.clearTimeout(request.timer);
    if (request.kind === 'call') {
      host.calls.refused(request, frame);
    } else if (request.kind === 'refresh') {
      host.refresher.refused(request, frame);
    } else {
      host.subscriber.refused(request, frame.id, frame);
    }
  }

  /**
   * A push: the subscriptions it matches resume after it from now on, and every listener of its
   * opType gets it, registered ones and `listenMsg` ones alike. A listener that throws is reported,
   * and the others still get the push.
   */
  pushed(push) {
    const host = this.host;
    host.subscriber.pushed(push);
    const meta = { opType: push.opType, ts: push.ts, position: push.pos || null, binary: push.binary === true };
    const data = push.binary ? push.data : (push.data === undefined ? null : push.data);
    const listeners = [...host.registrations.listenersOf(push.opType), ...host.messageListeners.listenersOf(push.opType)];
    for (const listener of listeners) {
      try {
        listener(data, meta);
      } catch (error) {
        host.callbackFailed(error, `listener of ${push.opType}`);
      }
    }
  }
}
