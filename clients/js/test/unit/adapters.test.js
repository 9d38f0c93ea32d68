import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { webSocketAdapter, wechatAdapter, uniappAdapter, alipayAdapter, detectAdapter, LongConnClient } from '../../src/index.js';
import { base64ToArrayBuffer, arrayBufferToBase64 } from '../../src/adapters/base64.js';
import { FakeClock } from '../support/fakes.js';

function recorder() {
  const events = [];
  return {
    events,
    handlers: {
      onOpen: () => events.push(['open']),
      onMessage: (data) => events.push(['message', data]),
      onError: (message) => events.push(['error', message]),
      onClose: (code, reason) => events.push(['close', code, reason]),
    },
  };
}

/** The SocketTask of WeChat and uni-app, recording calls and exposing its registered callbacks. */
function fakeSocketTaskApi() {
  const api = { requests: [], tasks: [] };
  api.connectSocket = (request) => {
    api.requests.push(request);
    const task = { sent: [], closed: null, on: {} };
    for (const event of ['onOpen', 'onMessage', 'onError', 'onClose']) {
      task[event] = (callback) => { task.on[event] = callback; };
    }
    task.send = (options) => task.sent.push(options.data);
    task.close = (options) => { task.closed = options; };
    api.tasks.push(task);
    return task;
  };
  return api;
}

describe('WHATWG WebSocket adapter', () => {
  class FakeWebSocket {
    static instances = [];

    constructor(url, protocols, options) {
      Object.assign(this, { url, protocols, options, sent: [], closedWith: null });
      FakeWebSocket.instances.push(this);
    }

    send(text) {
      this.sent.push(text);
    }

    close(code, reason) {
      this.closedWith = [code, reason];
    }
  }

  test('maps events, asks for ArrayBuffer binaries and reports a close once', () => {
    const { events, handlers } = recorder();
    const socket = webSocketAdapter({ WebSocket: FakeWebSocket }).connect({ url: 'ws://x/ws', protocols: ['longconn.v1'], header: {} }, handlers);
    const ws = FakeWebSocket.instances.at(-1);
    assert.equal(ws.binaryType, 'arraybuffer');
    assert.deepEqual(ws.protocols, ['longconn.v1']);
    assert.equal(ws.options, undefined, 'no options argument without headers (browsers take two arguments)');
    ws.onopen();
    ws.onmessage({ data: '{"type":"pong"}' });
    ws.onerror({});
    ws.onclose({ code: 4002, reason: 'idle' });
    ws.onclose({ code: 1006, reason: '' });
    socket.send('ping');
    socket.close(1000, 'bye');
    assert.deepEqual(events, [['open'], ['message', '{"type":"pong"}'], ['error', 'WebSocket error'], ['close', 4002, 'idle']]);
    assert.deepEqual(ws.sent, ['ping']);
    assert.deepEqual(ws.closedWith, [1000, 'bye']);
  });

  test('a binary frame is handed to WebSocket.send as the ArrayBuffer itself', () => {
    const socket = webSocketAdapter({ WebSocket: FakeWebSocket }).connect({ url: 'ws://x/ws', protocols: [], header: {} }, recorder().handlers);
    const frame = new Uint8Array([3, 0, 1, 97, 0, 5]).buffer;
    socket.send(frame);
    assert.equal(FakeWebSocket.instances.at(-1).sent[0], frame);
  });

  test('headers go to constructors that take options (the ws package)', () => {
    webSocketAdapter({ WebSocket: FakeWebSocket }).connect({ url: 'ws://x/ws', protocols: [], header: { Authorization: 'Bearer t' } }, recorder().handlers);
    assert.deepEqual(FakeWebSocket.instances.at(-1).options, { headers: { Authorization: 'Bearer t' } });
  });
});

describe('WeChat and uni-app adapters', () => {
  test('wx: connectSocket gets url, header and protocols; SocketTask events are mapped', () => {
    const wx = fakeSocketTaskApi();
    const { events, handlers } = recorder();
    const socket = wechatAdapter(wx).connect({ url: 'wss://x/ws', protocols: ['longconn.v1'], header: { token: 't' } }, handlers);
    const [request] = wx.requests;
    assert.equal(request.url, 'wss://x/ws');
    assert.deepEqual(request.header, { token: 't' });
    assert.deepEqual(request.protocols, ['longconn.v1']);
    const task = wx.tasks[0];
    const binary = new ArrayBuffer(3);
    task.on.onOpen({});
    task.on.onMessage({ data: 'text' });
    task.on.onMessage({ data: binary });
    task.on.onError({ errMsg: 'network down' });
    task.on.onClose({ code: 4001, reason: 'slow consumer: outbox full' });
    socket.send('{"type":"ping"}');
    socket.close(1000, 'bye');
    assert.deepEqual(events, [['open'], ['message', 'text'], ['message', binary], ['error', 'network down'], ['close', 4001, 'slow consumer: outbox full']]);
    assert.deepEqual(task.sent, ['{"type":"ping"}']);
    assert.deepEqual(task.closed, { code: 1000, reason: 'bye' });
  });

  test('wx: a connectSocket failure is reported as error and close 1006', () => {
    const wx = fakeSocketTaskApi();
    const { events, handlers } = recorder();
    wechatAdapter(wx).connect({ url: 'wss://x/ws', protocols: [], header: {} }, handlers);
    wx.requests[0].fail({ errMsg: 'connectSocket:fail url not in domain list' });
    wx.tasks[0].on.onClose({ code: 1006 });
    assert.deepEqual(events, [['error', 'connectSocket:fail url not in domain list'], ['close', 1006, 'connectSocket:fail url not in domain list']]);
  });

  test('a binary frame goes to SocketTask.send as the ArrayBuffer itself', () => {
    const uni = fakeSocketTaskApi();
    const socket = uniappAdapter(uni).connect({ url: 'wss://x/ws', protocols: [], header: {} }, recorder().handlers);
    const frame = new Uint8Array([4, 0, 1, 97, 1, 49, 5]).buffer;
    socket.send(frame);
    assert.equal(uni.tasks[0].sent[0], frame);
  });

  test('uni: a callback is always passed, so that connectSocket returns the SocketTask', () => {
    const uni = fakeSocketTaskApi();
    uniappAdapter(uni).connect({ url: 'wss://x/ws', protocols: ['longconn.v1'], header: {} }, recorder().handlers);
    assert.equal(typeof uni.requests[0].complete, 'function');
  });
});

describe('Alipay adapter (one global socket)', () => {
  function fakeMy() {
    const my = { on: {}, connects: [], sent: [], closes: 0, off: [] };
    for (const event of ['Open', 'Message', 'Error', 'Close']) {
      my[`onSocket${event}`] = (callback) => { my.on[event] = callback; };
      my[`offSocket${event}`] = (callback) => {
        if (my.on[event] === callback) {
          delete my.on[event];
          my.off.push(event);
        }
      };
    }
    my.connectSocket = (request) => my.connects.push(request);
    my.sendSocketMessage = (options) => my.sent.push(options.data);
    my.closeSocket = () => { my.closes++; };
    return my;
  }

  test('global events are mapped, base64 binaries decoded, and the handlers removed on close', () => {
    const my = fakeMy();
    const { events, handlers } = recorder();
    const socket = alipayAdapter(my).connect({ url: 'wss://x/ws', protocols: ['longconn.v1'], header: { token: 't' } }, handlers);
    assert.deepEqual(my.connects[0].header, { token: 't' });
    my.on.Open({});
    my.on.Message({ data: '{"type":"pong"}', isBuffer: false });
    my.on.Message({ data: 'AQID', isBuffer: true });
    socket.send('x');
    socket.close(1000, 'bye');
    my.on.Close({});
    assert.deepEqual(events.slice(0, 2), [['open'], ['message', '{"type":"pong"}']]);
    assert.deepEqual([...new Uint8Array(events[2][1])], [1, 2, 3]);
    assert.deepEqual(events[3], ['close', 1006, '']);
    assert.deepEqual(my.sent, ['x']);
    assert.equal(my.closes, 1);
    assert.deepEqual(my.off.sort(), ['Close', 'Error', 'Message', 'Open']);
  });

  test('a binary frame is sent base64 encoded with isBuffer; text as it is', () => {
    const my = fakeMy();
    const options = [];
    my.sendSocketMessage = (sent) => options.push(sent);
    const { events, handlers } = recorder();
    const socket = alipayAdapter(my).connect({ url: 'wss://x/ws', protocols: [], header: {} }, handlers);
    socket.send('{"type":"ping"}');
    socket.send(new Uint8Array([4, 0, 8, ...Buffer.from('img.scan'), 1, 55, 1, 2, 3]).buffer);
    assert.deepEqual(options.map(({ data, isBuffer }) => ({ data, isBuffer })), [
      { data: '{"type":"ping"}', isBuffer: undefined },
      { data: Buffer.from([4, 0, 8, ...Buffer.from('img.scan'), 1, 55, 1, 2, 3]).toString('base64'), isBuffer: true },
    ]);
    options[1].fail({ errorMessage: 'socket not open' });
    assert.deepEqual(events, [['error', 'socket not open']]);
  });

  test('with the client, binary sends reach my.sendSocketMessage as base64', async () => {
    const my = fakeMy();
    const options = [];
    my.sendSocketMessage = (sent) => options.push(sent);
    const client = new LongConnClient({ url: 'wss://x/ws', adapter: alipayAdapter(my), timers: new FakeClock(), random: () => 0 });
    client.connect();
    my.on.Open({});
    my.on.Message({ data: JSON.stringify({ type: 'welcome', protocol: 1, sessionId: 's', userId: null, heartbeatIntervalMs: 1000, idleTimeoutMs: 3000, callTimeoutMs: 1000, maxFrameBytes: 65536, maxSubscriptions: 10 }) });
    assert.deepEqual(await client.sendMsg('img.up', new Uint8Array([7])), { isSucc: true });
    assert.equal(options.at(-1).isBuffer, true);
    assert.deepEqual([...Buffer.from(options.at(-1).data, 'base64')], [3, 0, 6, ...Buffer.from('img.up'), 0, 7]);
    client.disconnect();
  });

  test('with the client, a new connectSocket waits until the old socket reported its close', () => {
    const my = fakeMy();
    const clock = new FakeClock();
    const client = new LongConnClient({ url: 'wss://x/ws', adapter: alipayAdapter(my), timers: clock, random: () => 0, onDisconnect: () => {} });
    client.connect();
    my.on.Open({});
    my.on.Message({ data: JSON.stringify({ type: 'welcome', protocol: 1, sessionId: 's', userId: null, heartbeatIntervalMs: 1000, idleTimeoutMs: 3000, callTimeoutMs: 1000, maxFrameBytes: 65536, maxSubscriptions: 10 }) });
    clock.advance(1000 + 1000); // ping unanswered: the client gives the socket up
    assert.equal(my.closes, 1);
    clock.advance(500); // reconnect due; the old socket has not reported its close
    assert.equal(my.connects.length, 1, 'no second connectSocket while the first is open');
    my.on.Close({ code: 1000 });
    assert.equal(my.connects.length, 2);
    client.disconnect();
  });

  test('base64 decoding matches Buffer', () => {
    for (const bytes of [[], [0], [255, 254], [1, 2, 3, 4, 5, 6, 7]]) {
      const text = Buffer.from(bytes).toString('base64');
      assert.deepEqual([...new Uint8Array(base64ToArrayBuffer(text))], bytes);
    }
    assert.throws(() => base64ToArrayBuffer('ab!c'), /not base64/);
  });

  test('base64 encoding matches Buffer and decodes back', () => {
    for (const bytes of [[], [0], [255, 254], [1, 2, 3], [1, 2, 3, 4], [251, 255, 191, 0, 62, 63, 7]]) {
      const text = arrayBufferToBase64(new Uint8Array(bytes).buffer);
      assert.equal(text, Buffer.from(bytes).toString('base64'));
      assert.deepEqual([...new Uint8Array(base64ToArrayBuffer(text))], bytes);
    }
  });
});

describe('detectAdapter', () => {
  test('prefers uni over wx, then wx, then my, then a global WebSocket', () => {
    const saved = { uni: globalThis.uni, wx: globalThis.wx, my: globalThis.my, WebSocket: globalThis.WebSocket };
    try {
      globalThis.WebSocket = function WebSocket() {};
      globalThis.wx = fakeSocketTaskApi();
      globalThis.uni = fakeSocketTaskApi();
      assert.equal(detectAdapter().name, 'uni');
      delete globalThis.uni;
      assert.equal(detectAdapter().name, 'wx');
      delete globalThis.wx;
      globalThis.my = { connectSocket() {} };
      assert.equal(detectAdapter().name, 'my');
      delete globalThis.my;
      assert.equal(detectAdapter().name, 'websocket');
      delete globalThis.WebSocket;
      assert.throws(() => detectAdapter(), /no socket API found/);
    } finally {
      Object.assign(globalThis, saved);
    }
  });
});
