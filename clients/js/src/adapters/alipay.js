import { errorText } from './socket-task.js';
import { base64ToArrayBuffer, arrayBufferToBase64 } from './base64.js';

/**
 * The socket adapter for Alipay mini-programs' global socket API (`my.connectSocket`,
 * `my.onSocketMessage`, `my.sendSocketMessage`, `my.closeSocket`): one socket per mini-program
 * at a time, events registered globally. The client core never opens a socket before the previous
 * one reported its close, so the single global socket is never taken over from under a live
 * session. Binary messages travel base64 encoded with `isBuffer: true`, both ways: received ones
 * are handed on as ArrayBuffer, and a binary frame to send (an ArrayBuffer) is encoded so. See
 * `websocket.js` for the adapter contract.
 */
export function alipayAdapter(api = globalThis.my) {
  if (!api || typeof api.connectSocket !== 'function') {
    throw new Error('my.connectSocket is not available on this platform');
  }
  return {
    name: 'my',
    connect({ url, header }, events) {
      let closed = false;
      const handlers = {
        open: () => events.onOpen(),
        message: (result) => events.onMessage(result.isBuffer ? base64ToArrayBuffer(result.data) : result.data),
        error: (error) => events.onError(errorText(error)),
        close: (result) => finish(result && result.code ? result.code : 1006, (result && result.reason) || ''),
      };
      // The events are global: take them off when this socket ends so the next one starts clean.
      function finish(code, reason) {
        if (closed) {
          return;
        }
        closed = true;
        off(api, 'offSocketOpen', handlers.open);
        off(api, 'offSocketMessage', handlers.message);
        off(api, 'offSocketError', handlers.error);
        off(api, 'offSocketClose', handlers.close);
        events.onClose(code, reason);
      }
      api.onSocketOpen(handlers.open);
      api.onSocketMessage(handlers.message);
      api.onSocketError(handlers.error);
      api.onSocketClose(handlers.close);
      api.connectSocket({
        url,
        header,
        fail: (error) => {
          events.onError(errorText(error));
          finish(1006, errorText(error));
        },
      });
      return {
        send(frame) {
          const fail = (error) => events.onError(errorText(error));
          api.sendSocketMessage(typeof frame === 'string'
            ? { data: frame, fail }
            : { data: arrayBufferToBase64(frame), isBuffer: true, fail });
        },
        close() {
          api.closeSocket({});
        },
      };
    },
  };
}

/** Base libraries before 1.x lack the off* functions; there the next socket's handlers replace ours. */
function off(api, name, handler) {
  if (typeof api[name] === 'function') {
    api[name](handler);
  }
}
