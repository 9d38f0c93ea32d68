import { detectAdapter } from './adapters/index.js';
import { pollingAdapter, canPoll } from './adapters/polling.js';

/**
 * Which adapter the next connection attempt uses. With `transport: 'auto'`, after
 * `fallbackAfterFailures` socket attempts in a row never got a welcome (a proxy that strips
 * upgrades, a network that blocks WebSockets), the client goes on over HTTP polling, with the same
 * listeners and positions. If polling cannot get through either, the gateway itself is away (a
 * restart): the client goes back to sockets. It also goes back when a polling link that worked
 * ends, so a network that lets sockets through again gets them. `onTransportChange` tells the app
 * each switch.
 */
export class TransportChoice {
  /**
   * @param {object} options the client's options (`transport`, `adapter`, `polling`,
   *   `fallbackAfterFailures`, `timers`)
   * @param {{hook: Function, callbackFailed: Function, backoff: {reset: Function}}} host
   */
  constructor(options, host) {
    this.options = options;
    this.host = host;
    this.transport = options.transport || 'auto';
    if (!['auto', 'websocket', 'polling'].includes(this.transport)) {
      throw new TypeError(`options.transport must be 'auto', 'websocket' or 'polling', got ${JSON.stringify(options.transport)}`);
    }
    /** Socket attempts in a row that never got a welcome; in `auto`, enough of them switch to polling. */
    this.socketFailures = 0;
    this.fallbackAfter = options.fallbackAfterFailures ?? 3;
    this.adapter = this.transport === 'polling' ? this.pollingAdapter() : (options.adapter || detectAdapter());
    this.socketAdapter = this.adapter;
  }

  /** The polling transport, with the app's HTTP options (`polling: {request, pollUrl, waitMs}`). */
  pollingAdapter() {
    return pollingAdapter({ timers: this.options.timers, ...(this.options.polling || {}) });
  }

  /**
   * A connection attempt ended (`socket.welcomed`: it had got its welcome; `manual`: on purpose;
   * `noToken`: it never opened, for want of a token).
   */
  ended(socket) {
    if (socket.noToken) {
      return; // no socket was opened (getToken() gave no token): says nothing about the transport
    }
    // Only where polling was asked for or the socket API is the platform's: an app that brings
    // its own socket adapter and no polling options keeps to it.
    if (this.transport !== 'auto' || (this.options.adapter && !this.options.polling)) {
      return;
    }
    if (this.adapter.name === 'polling') {
      if (!socket.manual) {
        this.socketFailures = 0;
        this.adapter = this.socketAdapter;
        this.host.hook('onTransportChange', { transport: 'websocket', afterFailures: 0 });
      }
      return;
    }
    this.socketFailures = socket.welcomed ? 0 : this.socketFailures + 1;
    if (socket.manual || this.socketFailures < this.fallbackAfter || !(this.options.polling || canPoll())) {
      return;
    }
    try {
      this.adapter = this.pollingAdapter();
    } catch (error) {
      this.host.callbackFailed(error, 'switching to polling');
      return;
    }
    this.host.backoff.reset();
    this.host.hook('onTransportChange', { transport: 'polling', afterFailures: this.socketFailures });
  }
}
