import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { LongConnClient } from '../../src/index.js';
import { FakeAdapter, FakeClock, flush } from '../support/fakes.js';

function setup(options = {}) {
  const clock = new FakeClock();
  const adapter = new FakeAdapter(options.adapterOptions);
  const events = [];
  const client = new LongConnClient({
    url: 'ws://gateway.test/longconn/ws',
    adapter,
    timers: clock,
    random: () => 0.5,
    onOpen: (welcome) => events.push(['open', welcome.sessionId]),
    onReconnect: () => events.push(['reconnect']),
    onDisconnect: (info) => events.push(['disconnect', info]),
    onServerError: (error) => events.push(['serverError', error]),
    onSubscriptionError: (error) => events.push(['subscriptionError', error]),
    ...options.client,
  });
  return { clock, adapter, client, events };
}

async function connected(options) {
  const context = setup(options);
  const result = context.client.connect();
  context.adapter.last.welcome();
  assert.deepEqual(await result, { isSucc: true });
  return context;
}

describe('connecting', () => {
  test('offers longconn.v1 and resolves on welcome', async () => {
    const { client, adapter, events } = setup();
    assert.equal(client.state, 'idle');
    const result = client.connect();
    assert.equal(client.state, 'connecting');
    assert.deepEqual(adapter.last.request.protocols, ['longconn.v1']);
    assert.equal(adapter.last.request.url, 'ws://gateway.test/longconn/ws');
    adapter.last.welcome({ sessionId: 'abc' });
    assert.deepEqual(await result, { isSucc: true });
    assert.equal(client.state, 'open');
    assert.equal(client.welcome.sessionId, 'abc');
    assert.deepEqual(events, [['open', 'abc']]);
  });

  test('a failed first attempt resolves isSucc false and the client keeps trying', async () => {
    const { client, adapter, clock } = setup();
    const result = client.connect();
    adapter.last.end(1006, '');
    const outcome = await result;
    assert.equal(outcome.isSucc, false);
    assert.match(outcome.errMsg, /1006/);
    assert.equal(client.state, 'connecting');
    clock.advance(500);
    assert.equal(adapter.sockets.length, 2, 'retried after the first backoff delay');
  });

  test('no welcome within connectTimeoutMs abandons the socket', async () => {
    const { client, adapter, clock } = setup({ client: { connectTimeoutMs: 5000 } });
    const result = client.connect();
    adapter.last.open();
    clock.advance(5000);
    assert.match((await result).errMsg, /no welcome within 5000 ms/);
    assert.ok(adapter.sockets[0].closedWith, 'closed the silent socket');
  });

  test('an unusable url is refused at construction', () => {
    assert.throws(() => new LongConnClient({ url: 'http://x', adapter: new FakeAdapter() }), /ws:\/\/ or wss:\/\//);
    assert.throws(() => new LongConnClient({ adapter: new FakeAdapter() }), /options.url is required/);
  });
});

describe('listeners', () => {
  test('several listeners per opType share one subscription and each hears the server answer', async () => {
    const { client, adapter } = await connected();
    const calls = [];
    const first = client.registerLongConnListen({ opType: 'order.created', receiveMessageCallback: () => {}, success: (r) => calls.push(['success', r.opType]), complete: () => calls.push(['complete']) });
    const second = client.registerLongConnListen({ opType: 'order.created', receiveMessageCallback: () => {} });
    assert.equal(adapter.last.framesOfType('subscribe').length, 1, 'one subscribe for two listeners');
    adapter.last.acceptSubscribe();
    assert.deepEqual(await first, { isSucc: true, opType: 'order.created' });
    assert.deepEqual(await second, { isSucc: true, opType: 'order.created' });
    assert.deepEqual(calls, [['success', 'order.created'], ['complete']]);
    const third = await client.registerLongConnListen({ opType: 'order.created', receiveMessageCallback: () => {} });
    assert.equal(third.isSucc, true, 'already subscribed: answered at once');
    assert.equal(adapter.last.framesOfType('subscribe').length, 1);
  });

  test('a refused subscription fails the registration and drops its listener', async () => {
    const { client, adapter } = await connected();
    const failed = [];
    const registration = client.registerLongConnListen({ opType: 'secret.x', receiveMessageCallback: () => {}, fail: (r) => failed.push(r.code) });
    adapter.last.acceptSubscribe({ 'secret.x': 'subscription_denied' });
    const result = await registration;
    assert.equal(result.isSucc, false);
    assert.equal(result.code, 'subscription_denied');
    assert.equal(result.errMsg, 'refused secret.x');
    assert.deepEqual(failed, ['subscription_denied']);
    assert.deepEqual(client.registrations.opTypes(), []);
  });

  test('a malformed opType or a missing callback is refused locally', async () => {
    const { client, adapter } = await connected();
    const bad = await client.registerLongConnListen({ opType: 'order..x', receiveMessageCallback: () => {} });
    assert.equal(bad.code, 'invalid_op_type');
    const noCallback = await client.registerLongConnListen({ opType: 'order.x' });
    assert.equal(noCallback.code, 'bad_argument');
    assert.equal(adapter.last.framesOfType('subscribe').length, 0);
  });

  test('removing one listener keeps the subscription; removing the last unsubscribes', async () => {
    const { client, adapter } = await connected();
    const a = () => {};
    const b = () => {};
    client.registerLongConnListen({ opType: 'news', receiveMessageCallback: a });
    client.registerLongConnListen({ opType: 'news', receiveMessageCallback: b });
    adapter.last.acceptSubscribe();
    assert.deepEqual(await client.removeLongConnListen({ opType: 'news', receiveMessageCallback: a }), { isSucc: true, opType: 'news', removed: 1 });
    assert.equal(adapter.last.framesOfType('unsubscribe').length, 0);
    const removal = client.removeLongConnListen({ opType: 'news', receiveMessageCallback: b });
    const unsubscribe = adapter.last.lastOfType('unsubscribe');
    assert.deepEqual(unsubscribe.opTypes, ['news']);
    adapter.last.receive({ type: 'unsubscribed', id: unsubscribe.id, results: [{ opType: 'news', ok: true }] });
    assert.deepEqual(await removal, { isSucc: true, opType: 'news', removed: 1 });
  });

  test('removing without a callback removes every listener of the opType', async () => {
    const { client, adapter } = await connected();
    const heard = [];
    client.registerLongConnListen({ opType: 'news', receiveMessageCallback: () => heard.push(1) });
    client.registerLongConnListen({ opType: 'news', receiveMessageCallback: () => heard.push(2) });
    adapter.last.acceptSubscribe();
    const removal = client.removeLongConnListen({ opType: 'news' });
    const unsubscribe = adapter.last.lastOfType('unsubscribe');
    adapter.last.receive({ type: 'unsubscribed', id: unsubscribe.id, results: [{ opType: 'news', ok: true }] });
    assert.equal((await removal).removed, 2);
    adapter.last.receive({ type: 'push', opType: 'news', ts: 1, data: 'late' });
    assert.deepEqual(heard, []);
    const none = await client.removeLongConnListen({ opType: 'news' });
    assert.equal(none.isSucc, false);
    assert.match(none.errMsg, /no such listener/);
  });

  test('pushes reach exact and pattern listeners, and listenMsg by name or RegExp', async () => {
    const { client, adapter } = await connected();
    const heard = [];
    client.registerLongConnListen({ opType: 'order.created', receiveMessageCallback: (data, meta) => heard.push(['exact', data.id, meta.opType, meta.ts]) });
    client.registerLongConnListen({ opType: 'order.#', receiveMessageCallback: (data) => heard.push(['pattern', data.id]) });
    client.registerLongConnListen({ opType: 'chat.*', receiveMessageCallback: (data) => heard.push(['chat', data]) });
    adapter.last.acceptSubscribe();
    const byRegex = client.listenMsg(/^order\./, (data) => heard.push(['regex', data.id]));
    client.listenMsg('chat.room', (data) => heard.push(['name', data]));
    adapter.last.receive({ type: 'push', opType: 'order.created', ts: 7, data: { id: 1 } });
    adapter.last.receive({ type: 'push', opType: 'chat.room', ts: 8, data: 'hi' });
    assert.deepEqual(heard, [['exact', 1, 'order.created', 7], ['pattern', 1], ['regex', 1], ['chat', 'hi'], ['name', 'hi']]);
    assert.equal(client.unlistenMsg(/^order\./, byRegex), 1);
    heard.length = 0;
    adapter.last.receive({ type: 'push', opType: 'order.paid', ts: 9, data: { id: 2 } });
    assert.deepEqual(heard, [['pattern', 2]]);
  });

  test('a listener that throws does not keep the push from the others', async () => {
    const errors = [];
    const { client, adapter } = await connected({ client: { onCallbackError: (error, where) => errors.push(where) } });
    const heard = [];
    client.registerLongConnListen({ opType: 'x', receiveMessageCallback: () => { throw new Error('app bug'); } });
    client.registerLongConnListen({ opType: 'x', receiveMessageCallback: (data) => heard.push(data) });
    adapter.last.acceptSubscribe();
    adapter.last.receive({ type: 'push', opType: 'x', ts: 1, data: 5 });
    assert.deepEqual(heard, [5]);
    assert.deepEqual(errors, ['listener of x']);
  });

  test('binary pushes arrive as ArrayBuffer with their opType and ts', async () => {
    const { client, adapter } = await connected();
    const heard = [];
    client.registerLongConnListen({ opType: 'bin.x', receiveMessageCallback: (data, meta) => heard.push([new Uint8Array(data), meta]) });
    adapter.last.acceptSubscribe();
    const opType = 'bin.x';
    const frame = new Uint8Array(11 + opType.length + 3);
    const view = new DataView(frame.buffer);
    frame[0] = 1;
    view.setUint16(1, opType.length);
    [...opType].forEach((char, i) => { frame[3 + i] = char.charCodeAt(0); });
    view.setUint32(3 + opType.length, 0x190);
    view.setUint32(7 + opType.length, 0x00c79c7b);
    frame.set([9, 8, 7], 11 + opType.length);
    adapter.last.receive(frame.buffer);
    assert.deepEqual(heard, [[new Uint8Array([9, 8, 7]), { opType: 'bin.x', ts: 1718000000123, position: null, binary: true }]]);

    // Kind 2 carries the position after the timestamp: length byte, then ASCII.
    const pos = 'k3x-17';
    const positioned = new Uint8Array(frame.length + 1 + pos.length);
    positioned.set(frame.subarray(0, 11 + opType.length));
    positioned[0] = 2;
    positioned[11 + opType.length] = pos.length;
    [...pos].forEach((char, i) => { positioned[12 + opType.length + i] = char.charCodeAt(0); });
    positioned.set([9, 8, 7], 12 + opType.length + pos.length);
    adapter.last.receive(positioned.buffer);
    assert.deepEqual(heard[1], [new Uint8Array([9, 8, 7]), { opType: 'bin.x', ts: 1718000000123, position: 'k3x-17', binary: true }]);
  });
});

describe('messages and calls', () => {
  test('sendMsg writes a message frame; callApi resolves with the reply data or error', async () => {
    const { client, adapter } = await connected();
    assert.deepEqual(await client.sendMsg('chat.send', { text: 'hi' }), { isSucc: true });
    assert.deepEqual(adapter.last.lastOfType('message'), { type: 'message', opType: 'chat.send', data: { text: 'hi' } });
    const ok = client.callApi('user.get', { id: 7 });
    const call = adapter.last.lastOfType('call');
    adapter.last.receive({ type: 'reply', id: call.id, data: { name: 'Alice' } });
    assert.deepEqual(await ok, { isSucc: true, res: { name: 'Alice' } });
    const missing = client.callApi('user.delete');
    adapter.last.receive({ type: 'reply', id: adapter.last.lastOfType('call').id, error: { code: 'no_handler', message: 'none' } });
    assert.deepEqual(await missing, { isSucc: false, err: { code: 'no_handler', message: 'none' } });
  });

  test('an error frame about a call settles that call', async () => {
    const { client, adapter } = await connected();
    const call = client.callApi('x.y', {});
    adapter.last.receive({ type: 'error', code: 'bad_frame', message: 'what', id: adapter.last.lastOfType('call').id });
    assert.deepEqual(await call, { isSucc: false, err: { code: 'bad_frame', message: 'what' } });
  });

  test('an error frame without id goes to onServerError', async () => {
    const { adapter, events } = await connected();
    adapter.last.receive({ type: 'error', code: 'rate_limited', message: 'slow down' });
    assert.deepEqual(events.at(-1), ['serverError', { code: 'rate_limited', message: 'slow down' }]);
  });

  test('a call without reply times out on the client after the server timeout plus a margin', async () => {
    const { client, clock } = await connected();
    const call = client.callApi('slow.op', {});
    clock.advance(11999);
    clock.advance(1);
    assert.deepEqual(await call, { isSucc: false, err: { code: 'client_timeout', message: 'no reply within 12000 ms' } });
    const short = client.callApi('slow.op', {}, { timeout: 100 });
    clock.advance(100);
    assert.equal((await short).err.code, 'client_timeout');
  });

  test('a call in flight fails with not_connected when the connection drops', async () => {
    const { client, adapter } = await connected();
    const call = client.callApi('x.y', {});
    adapter.last.end(1006, '');
    assert.equal((await call).err.code, 'not_connected');
  });

  test('malformed opTypes and oversized frames are refused locally', async () => {
    const { client, adapter } = await connected();
    assert.match((await client.sendMsg('chat.*', {})).errMsg, /wildcard/);
    assert.equal((await client.callApi('', {})).err.code, 'invalid_op_type');
    const big = 'x'.repeat(70000);
    assert.match((await client.sendMsg('a.b', big)).errMsg, /exceeds the server's maxFrameBytes \(65536\)/);
    assert.equal((await client.callApi('a.b', big)).err.code, 'frame_too_large');
    assert.equal(adapter.last.sent.length, 0);
  });

  test('sends before connect() fail, sends while connecting wait in the bounded queue', async () => {
    const { client, adapter, clock } = setup({ client: { maxQueued: 3 } });
    assert.match((await client.sendMsg('a.b', 1)).errMsg, /call connect\(\) first/);
    client.connect();
    const queued = [1, 2, 3].map((n) => client.sendMsg('a.b', n));
    assert.deepEqual(await client.sendMsg('a.b', 4), { isSucc: false, errMsg: 'send queue full: 3 frames already wait for the connection' });
    assert.equal((await client.callApi('a.b', 5)).err.code, 'queue_full');
    adapter.last.welcome();
    clock.advance(0);
    for (const result of await Promise.all(queued)) {
      assert.equal(result.isSucc, true);
    }
    assert.deepEqual(adapter.last.framesOfType('message').map((m) => m.data), [1, 2, 3]);
  });

  test('the queue is flushed at most flushPerSecond frames a second', async () => {
    const { client, adapter, clock } = setup({ client: { maxQueued: 200, flushPerSecond: 50 } });
    client.connect();
    for (let i = 0; i < 120; i++) {
      client.sendMsg('a.b', i);
    }
    adapter.last.welcome();
    assert.equal(adapter.last.framesOfType('message').length, 50);
    clock.advance(999);
    assert.equal(adapter.last.framesOfType('message').length, 50);
    clock.advance(1);
    assert.equal(adapter.last.framesOfType('message').length, 100);
    clock.advance(1000);
    assert.deepEqual(adapter.last.framesOfType('message').map((m) => m.data), [...Array(120).keys()]);
    await flush();
  });
});

describe('answers that never come', () => {
  test('a call that timed out while queued is not sent after the connection opens', async () => {
    const { client, adapter, clock } = setup();
    client.connect();
    const call = client.callApi('slow.op', {}, { timeout: 1000 });
    clock.advance(1000);
    assert.equal((await call).err.code, 'client_timeout');
    adapter.last.welcome();
    clock.advance(0);
    assert.equal(adapter.last.framesOfType('call').length, 0);
  });

  test('a subscribe without answer (e.g. dropped as rate_limited) is asked for again', async () => {
    const { client, adapter, clock } = await connected();
    const registration = client.registerLongConnListen({ opType: 'late.news', receiveMessageCallback: () => {} });
    adapter.last.receive({ type: 'error', code: 'rate_limited', message: 'too fast' });
    clock.advance(12000);
    const subscribes = adapter.last.framesOfType('subscribe');
    assert.equal(subscribes.length, 2);
    assert.notEqual(subscribes[0].id, subscribes[1].id);
    adapter.last.receive({ type: 'subscribed', id: subscribes[0].id, results: [{ opType: 'late.news', ok: true }] });
    adapter.last.acceptSubscribe();
    assert.deepEqual(await registration, { isSucc: true, opType: 'late.news' });
  });

  test('an unsubscribe without answer resolves isSucc false after the timeout', async () => {
    const { client, adapter, clock } = await connected();
    client.registerLongConnListen({ opType: 'x.y', receiveMessageCallback: () => {} });
    adapter.last.acceptSubscribe();
    const removal = client.removeLongConnListen({ opType: 'x.y' });
    clock.advance(12000);
    const result = await removal;
    assert.equal(result.isSucc, false);
    assert.match(result.errMsg, /no answer to unsubscribe within 12000 ms/);
    assert.deepEqual(client.registrations.opTypes(), []);
  });

  test('the opType length limit comes from welcome', async () => {
    const { client } = await connected();
    const long = `a.${'b'.repeat(140)}`;
    assert.match((await client.sendMsg(long, 1)).errMsg, /longer than 128/);
    const other = setup();
    other.client.connect();
    other.adapter.last.welcome({ maxOpTypeLength: 200 });
    assert.deepEqual(await other.client.sendMsg(long, 1), { isSucc: true });
    assert.match((await other.client.sendMsg('a'.repeat(201), 1)).errMsg, /longer than 200/);
  });
});

describe('heartbeat', () => {
  test('pings at the welcome interval when nothing else was sent', async () => {
    const { client, adapter, clock } = await connected();
    clock.advance(24999);
    assert.equal(adapter.last.framesOfType('ping').length, 0);
    clock.advance(1);
    assert.equal(adapter.last.framesOfType('ping').length, 1);
    adapter.last.receive({ type: 'pong' });
    clock.advance(10000);
    await client.sendMsg('a.b', 1); // outbound traffic restarts the server's idle clock
    clock.advance(24999);
    assert.equal(adapter.last.framesOfType('ping').length, 1, 'the message postponed the next ping');
    clock.advance(1);
    assert.equal(adapter.last.framesOfType('ping').length, 2);
  });

  test('any inbound frame counts as the answer; silence after a ping closes and reconnects', async () => {
    const { client, adapter, clock, events } = await connected({ client: { heartbeatDeadlineMs: 5000 } });
    clock.advance(25000);
    adapter.last.receive({ type: 'push', opType: 'unrelated', ts: 1, data: null }); // not a pong, still alive
    clock.advance(5000);
    assert.equal(client.state, 'open');
    clock.advance(20000); // second ping, then silence
    assert.equal(adapter.last.framesOfType('ping').length, 2);
    clock.advance(5000);
    const [, info] = events.at(-1);
    assert.deepEqual(info, { code: 1006, reason: 'no answer to heartbeat', isManual: false, willReconnect: true, wasOpen: true });
    assert.ok(adapter.sockets[0].closedWith, 'the dead socket was closed locally');
    assert.equal(client.state, 'connecting');
    clock.advance(1000);
    assert.equal(adapter.sockets.length, 2);
  });
});

describe('reconnect', () => {
  test('after a drop it reconnects with backoff, subscribes every opType again, then onReconnect', async () => {
    const { client, adapter, clock, events } = await connected();
    client.registerLongConnListen({ opType: 'a.x', receiveMessageCallback: () => {} });
    client.registerLongConnListen({ opType: 'b.#', receiveMessageCallback: () => {} });
    adapter.last.acceptSubscribe();
    adapter.last.acceptSubscribe();
    adapter.last.end(1006, '');
    assert.deepEqual(events.at(-1)[1], { code: 1006, reason: '', isManual: false, willReconnect: true, wasOpen: true });
    assert.equal(adapter.sockets.length, 1);
    clock.advance(500); // random 0.5 in [500, 500] on the first attempt
    assert.equal(adapter.sockets.length, 2);
    adapter.last.welcome({ sessionId: 's2' });
    assert.deepEqual(adapter.last.lastOfType('subscribe').opTypes, ['a.x', 'b.#']);
    assert.notDeepEqual(events.at(-1), ['reconnect']);
    adapter.last.acceptSubscribe();
    assert.deepEqual(events.at(-1), ['reconnect']);
  });

  test('a subscription refused on resubscribe is reported to onSubscriptionError', async () => {
    const { client, adapter, clock, events } = await connected();
    client.registerLongConnListen({ opType: 'a.x', receiveMessageCallback: () => {} });
    adapter.last.acceptSubscribe();
    adapter.last.end(1006, '');
    clock.advance(500);
    adapter.last.welcome();
    adapter.last.acceptSubscribe({ 'a.x': 'subscription_denied' });
    assert.deepEqual(events.find((e) => e[0] === 'subscriptionError')[1],
      { isSucc: false, opType: 'a.x', code: 'subscription_denied', errMsg: 'refused a.x' });
    assert.deepEqual(client.registrations.opTypes(), []);
  });

  test('registrations made while disconnected are subscribed on the next welcome', async () => {
    const { client, adapter } = setup();
    const registration = client.registerLongConnListen({ opType: 'early.bird', receiveMessageCallback: () => {} });
    client.connect();
    adapter.last.welcome();
    adapter.last.acceptSubscribe();
    assert.equal((await registration).isSucc, true);
  });

  test('backoff grows exponentially with jitter up to the maximum, and a stable session resets it', async () => {
    const { client, adapter, clock } = setup({ client: { random: () => 0.999999, reconnect: { minDelayMs: 500, maxDelayMs: 4000 } } });
    client.connect();
    const delays = [];
    for (let i = 0; i < 5; i++) {
      adapter.last.end(1006, '');
      delays.push(clock.pending().at(-1));
      clock.advance(delays.at(-1));
    }
    assert.deepEqual(delays, [500, 1000, 2000, 4000, 4000]);
    adapter.last.welcome();
    clock.advance(10000);
    adapter.last.receive({ type: 'pong' });
    adapter.last.end(1006, '');
    assert.ok(clock.pending().includes(500), 'reset after a session that lasted');
    client.disconnect();
  });

  test('server says stop: by disconnect frame, or by a 4500-4999 close code', async () => {
    for (const [code, frame] of [[4600, { reconnect: false }], [4501, null]]) {
      const { client, adapter, clock, events } = await connected();
      adapter.last.serverClose(code, 'banned', frame);
      assert.deepEqual(events.at(-1)[1], { code, reason: 'banned', isManual: false, willReconnect: false, wasOpen: true });
      clock.advance(60000);
      assert.equal(adapter.sockets.length, 1, 'no reconnect');
      assert.equal(client.state, 'stopped');
      assert.match((await client.sendMsg('a.b', 1)).errMsg, /the server stopped the session/);
    }
  });

  test('a disconnect frame saying reconnect wins over the close code', async () => {
    const { adapter, clock, events } = await connected();
    adapter.last.receive({ type: 'disconnect', code: 4003, reason: 'gateway shutting down', reconnect: true });
    adapter.last.end(1001, 'going away');
    assert.deepEqual(events.at(-1)[1], { code: 4003, reason: 'gateway shutting down', isManual: false, willReconnect: true, wasOpen: true });
    clock.advance(500);
    assert.equal(adapter.sockets.length, 2);
  });

  test('a draining node\'s advised delay comes before the backoff\'s own', async () => {
    const { adapter, clock } = await connected();
    adapter.last.receive({ type: 'disconnect', code: 4003, reason: 'node draining', reconnect: true, delayMs: 2000 });
    adapter.last.end(4003, 'node draining');
    clock.advance(2499);
    assert.equal(adapter.sockets.length, 1, 'not before the advice plus the backoff');
    clock.advance(1);
    assert.equal(adapter.sockets.length, 2);
  });

  test('a manual disconnect does not reconnect and fails calls in flight', async () => {
    const { client, adapter, clock, events } = await connected();
    const call = client.callApi('x.y', {});
    await client.disconnect(4100, 'bye');
    assert.deepEqual(adapter.last.closedWith, { code: 4100, reason: 'bye' });
    assert.deepEqual(events.at(-1)[1], { code: 4100, reason: 'bye', isManual: true, willReconnect: false, wasOpen: true });
    assert.equal((await call).err.code, 'not_connected');
    clock.advance(60000);
    assert.equal(adapter.sockets.length, 1);
    assert.equal(client.state, 'stopped');
    assert.throws(() => client.disconnect(1001), /use 1000 or 3000-4999/);
  });

  test('several urls: each reconnect goes to the next', async () => {
    const { client, adapter, clock } = setup({ client: { url: ['ws://a/longconn/ws', 'ws://b/longconn/ws'] } });
    client.connect();
    adapter.last.end(1006, '');
    clock.advance(500);
    assert.deepEqual(adapter.sockets.map((s) => s.request.url), ['ws://a/longconn/ws', 'ws://b/longconn/ws']);
  });
});

describe('resume after a reconnect', () => {
  test('each opType resumes after the last push it saw, or its subscription point', async () => {
    const { client, adapter, clock } = await connected();
    const heard = [];
    client.registerLongConnListen({ opType: 'news', receiveMessageCallback: (data, meta) => heard.push(meta.position) });
    client.registerLongConnListen({ opType: 'quiet.*', receiveMessageCallback: () => {} });
    const [first, second] = adapter.last.framesOfType('subscribe');
    adapter.last.receive({ type: 'subscribed', id: first.id, results: [{ opType: 'news', ok: true, position: 'ep-3' }] });
    adapter.last.receive({ type: 'subscribed', id: second.id, results: [{ opType: 'quiet.*', ok: true, position: 'ep-4' }] });
    adapter.last.receive({ type: 'push', opType: 'news', ts: 1, pos: 'ep-5', data: 1 });
    assert.deepEqual(heard, ['ep-5']);
    adapter.last.end(1006, '');
    clock.advance(500);
    adapter.last.welcome();
    assert.deepEqual(adapter.last.lastOfType('subscribe').positions, { news: 'ep-5', 'quiet.*': 'ep-4' });
  });

  test('recovered false tells the app, and the next resume starts from the new position', async () => {
    const { client, adapter, clock, events } = await connected({ client: { onRecoveryFailed: (info) => events.push(['lost', info.opType]) } });
    client.registerLongConnListen({ opType: 'news', receiveMessageCallback: () => {} });
    adapter.last.receive({ type: 'subscribed', id: adapter.last.lastOfType('subscribe').id, results: [{ opType: 'news', ok: true, position: 'old-9' }] });
    adapter.last.end(1006, '');
    clock.advance(500);
    adapter.last.welcome();
    const resume = adapter.last.lastOfType('subscribe');
    assert.deepEqual(resume.positions, { news: 'old-9' });
    adapter.last.receive({ type: 'subscribed', id: resume.id, results: [{ opType: 'news', ok: true, position: 'new-2', recovered: false }] });
    assert.deepEqual(events.filter((e) => e[0] === 'lost'), [['lost', 'news']]);
    adapter.last.end(1006, '');
    clock.advance(1000);
    adapter.last.welcome();
    assert.deepEqual(adapter.last.lastOfType('subscribe').positions, { news: 'new-2' });
  });

  test('a gap frame tells the app for each opType held, and the next resume starts from its position', async () => {
    const lost = [];
    const { client, adapter, clock } = await connected({ client: { onRecoveryFailed: (info) => lost.push(info.opType) } });
    client.registerLongConnListen({ opType: 'news', receiveMessageCallback: () => {} });
    adapter.last.receive({ type: 'subscribed', id: adapter.last.lastOfType('subscribe').id, results: [{ opType: 'news', ok: true, position: 'ep-10' }] });
    adapter.last.receive({ type: 'push', opType: 'news', ts: 1, pos: 'ep-11', data: 1 });
    adapter.last.receive({ type: 'gap', position: 'ep-40', opTypes: ['news', 'gone.before'] });
    assert.deepEqual(lost, ['news']);
    adapter.last.end(1006, '');
    clock.advance(500);
    adapter.last.welcome();
    assert.deepEqual(adapter.last.lastOfType('subscribe').positions, { news: 'ep-40' });
  });

  test('a drop before the replay arrives resumes from the same position again', async () => {
    const { client, adapter, clock } = await connected();
    client.registerLongConnListen({ opType: 'news', receiveMessageCallback: () => {} });
    adapter.last.receive({ type: 'subscribed', id: adapter.last.lastOfType('subscribe').id, results: [{ opType: 'news', ok: true, position: 'ep-10' }] });
    adapter.last.end(1006, '');
    clock.advance(500);
    adapter.last.welcome();
    const resume = adapter.last.lastOfType('subscribe');
    adapter.last.receive({ type: 'subscribed', id: resume.id, results: [{ opType: 'news', ok: true, position: 'ep-20', recovered: true }] });
    adapter.last.end(1006, ''); // dropped before any replayed push came
    clock.advance(1000);
    adapter.last.welcome();
    assert.deepEqual(adapter.last.lastOfType('subscribe').positions, { news: 'ep-10' });
  });

  test('a late answer saying recovered false still reaches the app', async () => {
    const lost = [];
    const { client, adapter, clock } = await connected({ client: { onRecoveryFailed: (info) => lost.push(info.opType) } });
    client.registerLongConnListen({ opType: 'news', receiveMessageCallback: () => {} });
    adapter.last.receive({ type: 'subscribed', id: adapter.last.lastOfType('subscribe').id, results: [{ opType: 'news', ok: true, position: 'ep-10' }] });
    adapter.last.end(1006, '');
    clock.advance(500);
    adapter.last.welcome();
    const first = adapter.last.lastOfType('subscribe');
    clock.advance(12000); // no answer in time: asked again
    adapter.last.receive({ type: 'subscribed', id: first.id, results: [{ opType: 'news', ok: true, position: 'ep2-3', recovered: false }] });
    assert.deepEqual(lost, ['news']);
  });

  test('a node behind the client answers an older position; the client keeps its own', async () => {
    const { client, adapter, clock } = await connected();
    client.registerLongConnListen({ opType: 'news', receiveMessageCallback: () => {} });
    adapter.last.acceptSubscribe();
    adapter.last.receive({ type: 'push', opType: 'news', ts: 1, pos: 'ep-105', data: 1 });
    adapter.last.end(1006, '');
    clock.advance(500);
    adapter.last.welcome();
    const resume = adapter.last.lastOfType('subscribe');
    adapter.last.receive({ type: 'subscribed', id: resume.id, results: [{ opType: 'news', ok: true, position: 'ep-103', recovered: true }] });
    adapter.last.end(1006, '');
    clock.advance(1000);
    adapter.last.welcome();
    assert.deepEqual(adapter.last.lastOfType('subscribe').positions, { news: 'ep-105' });
  });
});

describe('one socket at a time, pause and resume', () => {
  test('a new socket opens only after the old one has closed, or 3 s after it was asked to', async () => {
    const { client, adapter, clock } = await connected({ adapterOptions: { autoCloseOnClose: false }, client: { heartbeatDeadlineMs: 1000 } });
    clock.advance(25000 + 1000); // ping, no answer: the socket is declared dead and asked to close
    assert.ok(adapter.sockets[0].closedWith);
    clock.advance(500); // the reconnect is due, but the old socket has not confirmed its close
    assert.equal(adapter.sockets.length, 1);
    adapter.sockets[0].end(1000, '');
    assert.equal(adapter.sockets.length, 2, 'opened as soon as the old one closed');
    adapter.last.welcome();
    clock.advance(26000);
    clock.advance(500);
    assert.equal(adapter.sockets.length, 2);
    clock.advance(2500); // the old socket never confirms: after 3 s it is given up
    assert.equal(adapter.sockets.length, 3);
    assert.ok(adapter.live().length <= 2);
    client.disconnect();
  });

  test('pause closes without reconnecting and keeps queued sends; resume reconnects and resubscribes', async () => {
    const { client, adapter, clock, events } = await connected();
    client.registerLongConnListen({ opType: 'feed', receiveMessageCallback: () => {} });
    adapter.last.acceptSubscribe();
    await client.pause();
    assert.equal(client.state, 'paused');
    assert.deepEqual(events.at(-1)[1], { code: 1000, reason: 'paused', isManual: true, willReconnect: false, wasOpen: true });
    const queued = client.sendMsg('a.b', 'while hidden');
    clock.advance(60000);
    assert.equal(adapter.sockets.length, 1);
    const resumed = client.resume();
    adapter.last.welcome();
    assert.deepEqual(await resumed, { isSucc: true });
    assert.deepEqual(adapter.last.lastOfType('subscribe').opTypes, ['feed']);
    assert.deepEqual(await queued, { isSucc: true });
    assert.equal(adapter.last.lastOfType('message').data, 'while hidden');
    client.disconnect();
  });
});
