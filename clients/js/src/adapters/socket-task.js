/**
 * The socket adapter for mini-program platforms whose `connectSocket` returns a SocketTask:
 * WeChat (`wx`), uni-app (`uni`), and others with the same SocketTask API (QQ, Baidu, ByteDance).
 * See `websocket.js` for the adapter contract. `SocketTask.send({data})` takes a string or an
 * ArrayBuffer, and sends an ArrayBuffer as a binary frame.
 */

/**
 * @param {object} api the platform object with `connectSocket` (e.g. `wx` or `uni`)
 * @param {string} name the adapter's name, for messages
 */
export function socketTaskAdapter(api, name) {
  if (!api || typeof api.connectSocket !== 'function') {
    throw new Error(`${name}.connectSocket is not available on this platform`);
  }
  return {
    name,
    connect({ url, protocols, header }, events) {
      let closed = false;
      const close = (code, reason) => {
        if (!closed) {
          closed = true;
          events.onClose(code, reason);
        }
      };
      const request = {
        url,
        header,
        // uni-app returns a SocketTask only when a callback is given; WeChat always does.
        complete: () => {},
        fail: (error) => {
          events.onError(errorText(error));
          close(1006, errorText(error));
        },
      };
      if (protocols && protocols.length > 0) {
        request.protocols = protocols;
      }
      const task = api.connectSocket(request);
      if (!task || typeof task.onMessage !== 'function') {
        throw new Error(`${name}.connectSocket did not return a SocketTask`);
      }
      task.onOpen(() => events.onOpen());
      task.onMessage((message) => events.onMessage(message.data));
      task.onError((error) => events.onError(errorText(error)));
      task.onClose((result) => close(result && result.code ? result.code : 1006, (result && result.reason) || ''));
      return {
        send(frame) {
          task.send({ data: frame, fail: (error) => events.onError(errorText(error)) });
        },
        close(code, reason) {
          task.close({ code, reason });
        },
      };
    },
  };
}

/** WeChat. */
export function wechatAdapter(api = globalThis.wx) {
  return socketTaskAdapter(api, 'wx');
}

/** uni-app (any of its targets: H5, app, mini-programs). */
export function uniappAdapter(api = globalThis.uni) {
  return socketTaskAdapter(api, 'uni');
}

export function errorText(error) {
  if (!error) {
    return 'socket error';
  }
  return error.errMsg || error.errorMessage || error.message || String(error);
}
