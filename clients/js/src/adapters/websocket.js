/**
 * The socket adapter for a WHATWG `WebSocket`: browsers, Node 22+ (global `WebSocket`), Node 20
 * with `--experimental-websocket`, or a constructor such as the `ws` package's.
 *
 * Every adapter has this shape: `connect({url, protocols, header}, events)` opens one socket and
 * returns `{send(frame), close(code, reason)}`, where `frame` is a string (sent as a text frame)
 * or an ArrayBuffer (sent as a binary frame, PROTOCOL §3.7); it reports through `events.onOpen()`,
 * `events.onMessage(data)` (a string or an ArrayBuffer), `events.onError(message)` and, once,
 * `events.onClose(code, reason)`.
 */

/**
 * @param {{WebSocket?: Function}} [options] the constructor to use; the global one by default.
 *   A constructor taking options as third argument (the `ws` package) receives `{headers}`.
 */
export function webSocketAdapter(options = {}) {
  const WebSocketImpl = options.WebSocket || globalThis.WebSocket;
  if (typeof WebSocketImpl !== 'function') {
    throw new Error('no WebSocket constructor: pass webSocketAdapter({WebSocket}) (on Node 20 start node with '
      + '--experimental-websocket or use the ws package)');
  }
  return {
    name: 'websocket',
    connect({ url, protocols, header }, events) {
      const socket = header && Object.keys(header).length > 0
        ? new WebSocketImpl(url, protocols, { headers: header })
        : new WebSocketImpl(url, protocols);
      socket.binaryType = 'arraybuffer';
      let closed = false;
      socket.onopen = () => events.onOpen();
      socket.onmessage = (event) => events.onMessage(event.data);
      socket.onerror = (event) => events.onError(event && event.message ? event.message : 'WebSocket error');
      socket.onclose = (event) => {
        if (!closed) {
          closed = true;
          events.onClose(event.code, event.reason);
        }
      };
      return {
        send(frame) {
          socket.send(frame); // an ArrayBuffer goes as a binary frame
        },
        close(code, reason) {
          socket.close(code, reason);
        },
      };
    },
  };
}
