import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { LongConnClient } from '../../src/index.js';
import { pollUrlOf, pollingAdapter } from '../../src/adapters/polling.js';
import { encode } from '../../src/frames.js';
import { FakeAdapter, FakeClock, flush } from '../support/fakes.js';

/** Plays the gateway's /poll endpoint: records requests, the test answers them. */
class FakeHttp {
  constructor() {
    this.requests = [];
    this.request = (options) => {
      const entry = { ...options, aborted: false };
      entry.promise = new Promise((resolve, reject) => {
        entry.resolve = resolve;
        entry.reject = reject;
      });
      this.requests.push(entry);
      return { promise: entry.promise, abort: () => { entry.aborted = true; entry.reject(new Error('aborted')); } };
    };
  }

  /** The first unanswered request that `predicate` accepts. */
  pending(predicate = () => true) {
    const found = this.requests.find((r) => !r.done && !r.aborted && predicate(r));
    if (!found) {
      throw new Error(`no such pending request among ${JSON.stringify(this.requests.map((r) => [r.method, r.url, r.done]))}`);
    }
    return found;
  }

  async answer(predicate, status, body) {
    const request = this.pending(predicate);
    request.done = true;
    request.resolve({ status, text: typeof body === 'string' ? body : JSON.stringify(body) });
    await flush();
    return request;
  }
}

const posted = (type) => (r) => r.method === 'POST' && JSON.parse(r.body).type === type;
const postedBytes = (r) => r.method === 'POST' && r.body instanceof ArrayBuffer;
const polled = (wait) => (r) => r.method === 'GET' && r.url.endsWith(`wait=${wait}`);

function setup(client = {}) {
  const clock = new FakeClock();
  const http = new FakeHttp();
  const events = [];
  const adapter = new FakeAdapter();
  const longconn = new LongConnClient({
    url: 'ws://gateway.test/longconn/ws?token=t1',
    adapter,
    timers: clock,
    random: () => 0.5,
    polling: { request: http.request },
    onTransportChange: (info) => events.push(['transport', info]),
    onRecoveryFailed: (info) => events.push(['lost', info.opType]),
    ...client,
  });
  return { clock, http, events, adapter, client: longconn };
}

async function polling() {
  const context = setup({ transport: 'polling' });
  const connected = context.client.connect();
  await context.http.answer(posted('ping'), 200, { type: 'pong' });
  assert.deepEqual(await connected, { isSucc: true });
  return context;
}

describe('polling transport', () => {
  test('derives the poll URL from the socket URL, query included', () => {
    assert.equal(pollUrlOf('wss://example.com/longconn/ws?token=a'), 'https://example.com/longconn/poll?token=a');
    assert.equal(pollUrlOf('ws://127.0.0.1:8080/longconn/ws'), 'http://127.0.0.1:8080/longconn/poll');
  });

  test('subscribes with a poll that does not wait, then long-polls from the positions it got', async () => {
    const { http, client } = await polling();
    assert.equal(client.welcome.transport, 'polling');
    const seen = [];
    const registered = client.registerLongConnListen({ opType: 'chat.*', receiveMessageCallback: (data, meta) => seen.push([data, meta.position]) });
    const first = await http.answer(polled(0), 200, { type: 'poll', results: [{ opType: 'chat.*', ok: true, position: 'e-4' }], pushes: [], more: false });
    assert.match(first.url, /^http:\/\/gateway\.test\/longconn\/poll\?token=t1&sub=chat\.\*&wait=0$/);
    assert.deepEqual(await registered, { isSucc: true, opType: 'chat.*' });

    const long = await http.answer(polled(25000), 200, {
      type: 'poll', results: [{ opType: 'chat.*', ok: true, position: 'e-6', recovered: true }],
      pushes: [{ type: 'push', opType: 'chat.room1', ts: 1, pos: 'e-6', data: { text: 'hi' } }], more: false,
    });
    assert.ok(long.url.includes(`sub=${encodeURIComponent('chat.*@e-4')}`));
    await flush();
    assert.deepEqual(seen, [[{ text: 'hi' }, 'e-6']]);
    assert.ok(http.pending(polled(25000)).url.includes(encodeURIComponent('chat.*@e-6')), 'the next poll goes on from e-6');
  });

  test('a binary push polled as base64 reaches the app as bytes, without TextEncoder or BigInt', async () => {
    const { http, client } = await polling();
    const seen = [];
    const registered = client.registerLongConnListen({ opType: 'scan.*', receiveMessageCallback: (data, meta) => seen.push([data, meta]) });
    await http.answer(polled(0), 200, { type: 'poll', results: [{ opType: 'scan.*', ok: true, position: 'e-4' }], pushes: [], more: false });
    await registered;
    const { TextEncoder: encoder, BigInt: bigInt } = globalThis;
    // Mini-program runtimes, which fall back to polling most, may have neither.
    delete globalThis.TextEncoder;
    delete globalThis.BigInt;
    try {
      await http.answer(polled(25000), 200, {
        type: 'poll', results: [{ opType: 'scan.*', ok: true, position: 'e-5', recovered: true }],
        pushes: [{ type: 'push', opType: 'scan.x', ts: 1718000000456, pos: 'e-5', binary: 'AQID' }], more: false,
      });
      await flush();
    } finally {
      globalThis.TextEncoder = encoder;
      globalThis.BigInt = bigInt;
    }
    assert.equal(seen.length, 1);
    const [data, meta] = seen[0];
    assert.deepEqual([...new Uint8Array(data)], [1, 2, 3]);
    assert.equal(meta.opType, 'scan.x');
    assert.equal(meta.ts, 1718000000456);
    assert.equal(meta.position, 'e-5');
    assert.equal(meta.binary, true);
  });

  test('a poll that cannot recover reports it to the app', async () => {
    const { http, client, events } = await polling();
    client.registerLongConnListen({ opType: 'a', receiveMessageCallback: () => {} });
    await http.answer(polled(0), 200, { type: 'poll', results: [{ opType: 'a', ok: true, position: 'e-1' }], pushes: [], more: false });
    await http.answer(polled(25000), 200, { type: 'poll', results: [{ opType: 'a', ok: true, position: 'f-9', recovered: false }], pushes: [], more: false });
    await flush();
    assert.deepEqual(events.filter(([kind]) => kind === 'lost'), [['lost', 'a']]);
  });

  test('calls and messages are posted and answered', async () => {
    const { http, client } = await polling();
    const reply = client.callApi('user.get', { id: 1 });
    await flush();
    const callRequest = http.pending(posted('call'));
    const call = JSON.parse(callRequest.body);
    // The token travels along, and a client id: the gateway's rate limit of posted frames is per client.
    assert.match(callRequest.url, /^http:\/\/gateway\.test\/longconn\/poll\?token=t1&client=[a-z0-9]+$/);
    await http.answer(posted('call'), 200, { type: 'reply', id: call.id, data: 'Alice' });
    assert.deepEqual(await reply, { isSucc: true, res: 'Alice' });

    const sent = client.sendMsg('chat.say', 'hi');
    await flush();
    assert.equal(http.pending(posted('message')).url, callRequest.url, 'one client id for all its posts');
    await http.answer(posted('message'), 204, '');
    assert.deepEqual(await sent, { isSucc: true });
  });

  test('bytes are posted as the binary frame with Content-Type application/octet-stream; text keeps its type', async () => {
    const { http, client } = await polling();
    const scan = client.callApi('img.scan', new Uint8Array([1, 2, 3]));
    await flush();
    const callRequest = http.pending(postedBytes);
    assert.deepEqual([...new Uint8Array(callRequest.body)], [4, 0, 8, ...Buffer.from('img.scan'), 1, ...Buffer.from('1'), 1, 2, 3]);
    assert.equal(callRequest.header['Content-Type'], 'application/octet-stream');
    assert.match(callRequest.url, /^http:\/\/gateway\.test\/longconn\/poll\?token=t1&client=[a-z0-9]+$/);
    await http.answer(postedBytes, 200, { type: 'reply', id: '1', data: { length: 3, first: 1 } });
    assert.deepEqual(await scan, { isSucc: true, res: { length: 3, first: 1 } });

    assert.deepEqual(await client.sendMsg('img.up', new Uint8Array([7])), { isSucc: true });
    const messageRequest = await http.answer(postedBytes, 204, '');
    assert.deepEqual([...new Uint8Array(messageRequest.body)], [3, 0, 6, ...Buffer.from('img.up'), 0, 7]);
    assert.equal(messageRequest.header['Content-Type'], 'application/octet-stream');

    client.sendMsg('chat.say', 'hi');
    await flush();
    assert.equal(http.pending(posted('message')).header['Content-Type'], undefined, 'text: the request function picks text/plain');
  });

  test('a binary call whose post fails is answered not_connected', async () => {
    const { http, client } = await polling();
    const scan = client.callApi('img.scan', new Uint8Array([1]));
    await flush();
    const request = http.pending(postedBytes);
    request.done = true;
    request.reject(new Error('network down'));
    assert.deepEqual(await scan, { isSucc: false, err: { code: 'not_connected', message: 'network down' } });
  });

  test('the built-in fetch posts text as text/plain and a binary frame as application/octet-stream', async () => {
    const saved = globalThis.fetch;
    const posts = [];
    globalThis.fetch = async (url, init) => {
      posts.push(init);
      return { status: typeof init.body === 'string' ? 200 : 204, text: async () => (typeof init.body === 'string' ? '{"type":"pong"}' : '') };
    };
    try {
      const link = pollingAdapter({ timers: new FakeClock() }).connect({ url: 'ws://gateway.test/longconn/ws', header: { Authorization: 'Bearer t' } },
        { onOpen: () => {}, onMessage: () => {}, onError: () => {}, onClose: () => {} });
      await flush();
      const frame = encode.binaryMessage('img.up', new Uint8Array([7]));
      link.send(frame);
      await flush();
      assert.deepEqual(posts.map((init) => [init.method, init.headers]), [
        ['POST', { Authorization: 'Bearer t', 'Content-Type': 'text/plain;charset=UTF-8' }],
        ['POST', { Authorization: 'Bearer t', 'Content-Type': 'application/octet-stream' }],
      ]);
      assert.equal(posts[1].body, frame);
      link.close(1000, 'done');
    } finally {
      globalThis.fetch = saved;
    }
  });

  test('wx.request / my.request post a binary frame as ArrayBuffer data with its content type', async () => {
    const saved = { fetch: globalThis.fetch, wx: globalThis.wx };
    const requests = [];
    delete globalThis.fetch;
    globalThis.wx = {
      request(options) {
        requests.push(options);
        setImmediate(() => options.success({ statusCode: typeof options.data === 'string' ? 200 : 204, data: '' }));
        return { abort() {} };
      },
    };
    try {
      const link = pollingAdapter({ timers: new FakeClock() }).connect({ url: 'wss://gateway.test/longconn/ws', header: { token: 't' } },
        { onOpen: () => {}, onMessage: () => {}, onError: () => {}, onClose: () => {} });
      await flush();
      await flush();
      const frame = encode.binaryMessage('img.up', new Uint8Array([7]));
      link.send(frame);
      assert.equal(requests.length, 2);
      assert.deepEqual(requests[0].header, { token: 't', 'Content-Type': 'text/plain;charset=UTF-8' });
      assert.equal(requests[1].data, frame);
      assert.deepEqual(requests[1].header, { token: 't', 'Content-Type': 'application/octet-stream' });
      assert.deepEqual(requests[1].headers, requests[1].header, 'Alipay reads `headers`');
      link.close(1000, 'done');
    } finally {
      Object.assign(globalThis, saved);
      if (saved.wx === undefined) {
        delete globalThis.wx;
      }
    }
  });

  test('pause() ends the long-poll and resume() polls again from the same positions', async () => {
    const { clock, http, client } = await polling();
    client.registerLongConnListen({ opType: 'a', receiveMessageCallback: () => {} });
    await http.answer(polled(0), 200, { type: 'poll', results: [{ opType: 'a', ok: true, position: 'e-3' }], pushes: [], more: false });
    const longPoll = http.pending(polled(25000));
    const paused = client.pause();
    clock.advance(0);
    await paused;
    assert.equal(longPoll.aborted, true, 'no request left waiting while paused');
    assert.equal(client.state, 'paused');

    const resumed = client.resume();
    await http.answer(posted('ping'), 200, { type: 'pong' });
    assert.deepEqual(await resumed, { isSucc: true });
    await flush();
    const again = http.pending(polled(0));
    assert.ok(again.url.includes(encodeURIComponent('a@e-3')), `resubscribed from e-3: ${again.url}`);
  });

  test('a refused first request fails the connection like a refused handshake', async () => {
    const { clock, http, client } = setup({ transport: 'polling' });
    const connected = client.connect();
    await http.answer(posted('ping'), 401, 'bad token');
    clock.advance(0); // the link reports its close later, as a socket does
    const result = await connected;
    assert.equal(result.isSucc, false);
    assert.match(result.errMsg, /401 bad token/);
  });
});

describe('falling back to polling', () => {
  test('after three socket attempts without a welcome, the client goes on over polling', async () => {
    const { clock, adapter, http, client, events } = setup();
    client.connect();
    for (let attempt = 1; attempt <= 3; attempt++) {
      adapter.last.end(1006, 'blocked');
      await flush();
      if (attempt < 3) {
        clock.advance(clock.pending()[0]); // the reconnect delay
      }
    }
    assert.deepEqual(events, [['transport', { transport: 'polling', afterFailures: 3 }]]);
    assert.equal(adapter.sockets.length, 3);
    assert.equal(client.state, 'connecting');
    clock.advance(clock.pending()[0]);
    await http.answer(posted('ping'), 200, { type: 'pong' });
    assert.equal(client.state, 'open');
    assert.equal(client.welcome.transport, 'polling');
  });

  test('when polling cannot get through either, the gateway is away: back to sockets', async () => {
    const { clock, adapter, http, client, events } = setup();
    client.connect();
    for (let attempt = 1; attempt <= 3; attempt++) {
      adapter.last.end(1006, 'restarting');
      await flush();
      clock.advance(clock.pending()[0]);
    }
    await http.answer(posted('ping'), 404, 'not deployed yet');
    clock.advance(0);
    await flush();
    assert.deepEqual(events.map(([, info]) => info.transport), ['polling', 'websocket']);
    clock.advance(clock.pending()[0]);
    assert.equal(adapter.sockets.length, 4, 'the next attempt is a socket again');
    adapter.last.welcome();
    assert.equal(client.state, 'open');
  });

  test('a websocket-only client never falls back', async () => {
    const { clock, adapter, events, client } = setup({ transport: 'websocket' });
    client.connect();
    for (let attempt = 1; attempt <= 4; attempt++) {
      adapter.last.end(1006, 'blocked');
      await flush();
      clock.advance(clock.pending()[0]);
    }
    assert.equal(adapter.sockets.length, 5);
    assert.deepEqual(events, []);
  });
});

describe('polling with tokens that expire', () => {
  /** Polling with `getToken`, subscribed to `a` at e-3, with its long-poll pending. */
  async function pollingWithTokens(getToken, client = {}) {
    const events = [];
    const context = setup({ transport: 'polling', getToken, onRefreshFailed: (info) => events.push(info), ...client });
    const connected = context.client.connect();
    await flush();
    await context.http.answer(posted('ping'), 200, { type: 'pong' });
    assert.deepEqual(await connected, { isSucc: true });
    context.client.registerLongConnListen({ opType: 'a', receiveMessageCallback: () => {} });
    await context.http.answer(polled(0), 200, { type: 'poll', results: [{ opType: 'a', ok: true, position: 'e-3' }], pushes: [], more: false });
    return { ...context, refreshFailures: events };
  }

  test('refresh_required: the next poll carries the new token and the same positions, and so do posts', async () => {
    const tokens = ['tok-1', 'tok-2'];
    let calls = 0;
    const { http, client, refreshFailures } = await pollingWithTokens(() => tokens[Math.min(calls++, tokens.length - 1)]);
    const first = http.pending(polled(25000));
    assert.match(first.url, /^http:\/\/gateway\.test\/longconn\/poll\?token=tok-1&sub=a%40e-3&wait=25000$/, 'getToken\'s token in place of t1');
    await http.answer(polled(25000), 200, { type: 'refresh_required', expiresAt: 60000 });
    await flush();
    const next = http.pending(polled(25000));
    assert.equal(next.url, 'http://gateway.test/longconn/poll?token=tok-2&sub=a%40e-3&wait=25000');
    assert.equal(calls, 2);
    assert.deepEqual(refreshFailures, []);
    assert.equal(client.welcome.expiresAt, undefined, 'the new expiry is known with the next refresh_required only');

    client.sendMsg('chat.say', 'hi');
    await flush();
    assert.match(http.pending(posted('message')).url, /\?token=tok-2&client=[a-z0-9]+$/);
  });

  test('the same token again: no poll at once, the next one after the wait, with the old token', async () => {
    const { clock, http, refreshFailures } = await pollingWithTokens(() => 'same');
    await http.answer(polled(25000), 200, { type: 'refresh_required', expiresAt: 60000 });
    await flush();
    assert.deepEqual(refreshFailures[0], {
      code: 'refresh_denied', message: 'the token did not change: polls go on with the old one until it expires', willRetry: true,
    });
    assert.throws(() => http.pending(polled(25000)), /no such pending request/, 'no poll at once');
    clock.advance(24999);
    await flush();
    assert.throws(() => http.pending(polled(25000)), /no such pending request/, 'nor before the wait is over');
    assert.equal(refreshFailures.length, 2, 'tried once more, in vain');
    clock.advance(1);
    assert.equal(http.pending(polled(25000)).url, 'http://gateway.test/longconn/poll?token=same&sub=a%40e-3&wait=25000');
  });

  test('without getToken, refresh_required waits until the expiry at most (never a spin), then polls with the URL\'s token', async () => {
    const { clock, http, client } = await polling();
    client.registerLongConnListen({ opType: 'a', receiveMessageCallback: () => {} });
    await http.answer(polled(0), 200, { type: 'poll', results: [{ opType: 'a', ok: true, position: 'e-3' }], pushes: [], more: false });
    await http.answer(polled(25000), 200, { type: 'refresh_required', expiresAt: 3000 });
    await flush();
    assert.equal(client.welcome.expiresAt, 3000);
    assert.equal(http.requests.filter((r) => r.method === 'POST' && r.body.includes('refresh')).length, 0, 'a refresh is never posted');
    clock.advance(2999);
    assert.throws(() => http.pending(polled(25000)), /no such pending request/);
    clock.advance(1);
    assert.equal(http.pending(polled(25000)).url, 'http://gateway.test/longconn/poll?token=t1&sub=a%40e-3&wait=25000');
  });

  test('a pollUrl of its own gets the token too', async () => {
    const http = new FakeHttp();
    pollingAdapter({ request: http.request, pollUrl: 'https://push.test/poll?k=1', timers: new FakeClock() })
      .connect({ url: 'wss://gateway.test/longconn/ws', header: {}, token: 'abc', tokenParam: 'token' },
        { onOpen: () => {}, onMessage: () => {}, onError: () => {}, onClose: () => {} });
    assert.match(http.pending(posted('ping')).url, /^https:\/\/push\.test\/poll\?k=1&token=abc&client=[a-z0-9]+$/);
  });

  test('a subscribe answered refresh_required is asked again with the new token', async () => {
    let calls = 0;
    const { http, client } = await pollingWithTokens(() => `tok-${++calls}`);
    const registered = client.registerLongConnListen({ opType: 'b', receiveMessageCallback: () => {} });
    await http.answer((r) => r.method === 'GET' && r.url.includes('sub=b&wait=0'), 200, { type: 'refresh_required', expiresAt: 60000 });
    await flush();
    const again = http.pending(polled(0));
    assert.equal(again.url, 'http://gateway.test/longconn/poll?token=tok-2&sub=b&wait=0');
    await http.answer(polled(0), 200, { type: 'poll', results: [{ opType: 'b', ok: true, position: 'e-5' }], pushes: [], more: false });
    assert.deepEqual(await registered, { isSucc: true, opType: 'b' });
  });
});
