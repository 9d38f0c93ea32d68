import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { LongConnClient } from '../../src/index.js';
import { FakeAdapter, FakeClock } from '../support/fakes.js';

/** A client over a fake socket, welcomed; its hooks are recorded in `events`. */
async function connected(options = {}) {
  const clock = new FakeClock();
  const adapter = new FakeAdapter();
  const events = [];
  const client = new LongConnClient({
    url: 'ws://gateway.test/longconn/ws',
    adapter,
    timers: clock,
    random: () => 0.5,
    onReconnect: () => events.push(['reconnect']),
    onSubscriptionError: (error) => events.push(['subscriptionError', error]),
    onRecoveryFailed: (info) => events.push(['recoveryFailed', info]),
    onServerSubscribed: (info) => events.push(['serverSubscribed', info]),
    onServerUnsubscribed: (info) => events.push(['serverUnsubscribed', info]),
    ...options,
  });
  const result = client.connect();
  adapter.last.welcome();
  assert.deepEqual(await result, { isSucc: true });
  return { clock, adapter, client, events };
}

/** The server subscribes the session itself (PROTOCOL §17): no id, `server: true`. */
function serverSubscribes(socket, ...results) {
  socket.receive({ type: 'subscribed', server: true, results });
}

function serverUnsubscribes(socket, ...opTypes) {
  socket.receive({ type: 'unsubscribed', server: true, results: opTypes.map((opType) => ({ opType, ok: true })) });
}

/** Drops the connection and lets the client reconnect and be welcomed again. */
function reconnect(adapter, clock) {
  adapter.last.end(1006, '');
  clock.advance(30000);
  adapter.last.welcome({ sessionId: `s${adapter.sockets.length}` });
}

describe('subscriptions the server makes', () => {
  test('pushes of a server-made subscription reach exact and pattern listeners registered after it', async () => {
    const { client, adapter, events } = await connected();
    serverSubscribes(adapter.last, { opType: 'inbox.erin', ok: true, position: 'ep-7' });
    assert.deepEqual(events, [['serverSubscribed', { opType: 'inbox.erin', ok: true }]]);
    adapter.last.receive({ type: 'push', opType: 'inbox.erin', ts: 1, pos: 'ep-8', data: { n: 0 } }); // no listener yet: not delivered
    const exact = [];
    const byPattern = [];
    const registered = await client.registerLongConnListen({ opType: 'inbox.erin', receiveMessageCallback: (data, meta) => exact.push([data, meta.position]) });
    assert.deepEqual(registered, { isSucc: true, opType: 'inbox.erin' });
    client.registerLongConnListen({ opType: 'inbox.*', receiveMessageCallback: (data) => byPattern.push(data) });
    adapter.last.acceptSubscribe();
    adapter.last.receive({ type: 'push', opType: 'inbox.erin', ts: 2, pos: 'ep-9', data: { n: 1 } });
    assert.deepEqual(exact, [[{ n: 1 }, 'ep-9']]);
    assert.deepEqual(byPattern, [{ n: 1 }]);
  });

  test('registering a listener for a server-made opType sends no subscribe and succeeds at once', async () => {
    const { client, adapter } = await connected();
    serverSubscribes(adapter.last, { opType: 'alerts.#', ok: true, position: 'ep-1' });
    let answer = null;
    client.registerLongConnListen({ opType: 'alerts.#', receiveMessageCallback: () => {}, success: (result) => { answer = result; } });
    assert.deepEqual(answer, { isSucc: true, opType: 'alerts.#' }, 'the success callback ran before register returned');
    assert.deepEqual(adapter.last.framesOfType('subscribe'), []);
  });

  test('after a reconnect the first subscribe carries it, first, with its position; the resume answer reports the reconnect', async () => {
    const { client, adapter, clock, events } = await connected();
    client.registerLongConnListen({ opType: 'news', receiveMessageCallback: () => {} });
    adapter.last.receive({ type: 'subscribed', id: adapter.last.lastOfType('subscribe').id, results: [{ opType: 'news', ok: true, position: 'ep-3' }] });
    serverSubscribes(adapter.last, { opType: 'inbox.erin', ok: true, position: 'ep-5', recovered: true });
    adapter.last.receive({ type: 'push', opType: 'inbox.erin', ts: 1, pos: 'ep-6', data: 1 });
    reconnect(adapter, clock);
    const subscribes = adapter.last.framesOfType('subscribe');
    assert.equal(subscribes.length, 1);
    assert.deepEqual(subscribes[0].opTypes, ['inbox.erin', 'news'], 'the server\'s first: the server resumes only what the first subscribe names');
    assert.deepEqual(subscribes[0].positions, { 'inbox.erin': 'ep-6', news: 'ep-3' });
    adapter.last.acceptSubscribe();
    assert.deepEqual(events.at(-1), ['reconnect']);
    let answer = null;
    client.registerLongConnListen({ opType: 'inbox.erin', receiveMessageCallback: () => {}, success: (result) => { answer = result; } });
    assert.deepEqual(answer, { isSucc: true, opType: 'inbox.erin' }, 'still held after the reconnect');
    assert.equal(adapter.last.framesOfType('subscribe').length, 1);
  });

  test('a server-made subscription the server could not resume tells the app', async () => {
    const { adapter, clock, events } = await connected();
    serverSubscribes(adapter.last, { opType: 'inbox.erin', ok: true, position: 'ep2-4', recovered: false });
    assert.deepEqual(events.filter((e) => e[0] === 'recoveryFailed'), [['recoveryFailed', { opType: 'inbox.erin' }]]);
    reconnect(adapter, clock);
    assert.deepEqual(adapter.last.lastOfType('subscribe').positions, { 'inbox.erin': 'ep2-4' });
  });

  test('taken back by the server: dropped, and not subscribed again after a reconnect', async () => {
    const { client, adapter, clock, events } = await connected();
    serverSubscribes(adapter.last, { opType: 'inbox.erin', ok: true, position: 'ep-1' });
    serverUnsubscribes(adapter.last, 'inbox.erin');
    assert.deepEqual(events.at(-1), ['serverUnsubscribed', { opType: 'inbox.erin' }]);
    assert.deepEqual(client.registrations.opTypes(), []);
    assert.deepEqual(adapter.last.framesOfType('subscribe'), []);
    reconnect(adapter, clock);
    assert.deepEqual(adapter.last.framesOfType('subscribe'), [], 'nothing to subscribe again');
    assert.deepEqual(events.at(-1), ['reconnect']);
  });

  test('taken back while the app listens to it: the client subscribes it again from its position, and the listener goes on', async () => {
    const { client, adapter } = await connected();
    const heard = [];
    serverSubscribes(adapter.last, { opType: 'inbox.erin', ok: true, position: 'ep-1' });
    await client.registerLongConnListen({ opType: 'inbox.erin', receiveMessageCallback: (data) => heard.push(data) });
    adapter.last.receive({ type: 'push', opType: 'inbox.erin', ts: 1, pos: 'ep-2', data: 'a' });
    serverUnsubscribes(adapter.last, 'inbox.erin');
    const again = adapter.last.lastOfType('subscribe');
    assert.deepEqual(again.opTypes, ['inbox.erin']);
    assert.deepEqual(again.positions, { 'inbox.erin': 'ep-2' }, 'what was pushed in between is replayed');
    adapter.last.receive({ type: 'subscribed', id: again.id, results: [{ opType: 'inbox.erin', ok: true, position: 'ep-3', recovered: true }] });
    adapter.last.receive({ type: 'push', opType: 'inbox.erin', ts: 2, pos: 'ep-3', data: 'b' });
    assert.deepEqual(heard, ['a', 'b']);
    // Now the app's own: its last listener gone, it unsubscribes.
    const removed = client.removeLongConnListen({ opType: 'inbox.erin' });
    const unsubscribe = adapter.last.lastOfType('unsubscribe');
    assert.deepEqual(unsubscribe.opTypes, ['inbox.erin']);
    adapter.last.receive({ type: 'unsubscribed', id: unsubscribe.id, results: [{ opType: 'inbox.erin', ok: true }] });
    assert.equal((await removed).isSucc, true);
  });

  test('taken back and then refused on the app\'s account: the listeners go, onSubscriptionError tells', async () => {
    const { client, adapter, events } = await connected();
    serverSubscribes(adapter.last, { opType: 'inbox.erin', ok: true, position: 'ep-1' });
    await client.registerLongConnListen({ opType: 'inbox.erin', receiveMessageCallback: () => {} });
    serverUnsubscribes(adapter.last, 'inbox.erin');
    adapter.last.acceptSubscribe({ 'inbox.erin': 'subscription_denied' });
    assert.deepEqual(events.slice(-2).map((e) => e[0]), ['serverUnsubscribed', 'subscriptionError']);
    assert.equal(events.at(-1)[1].code, 'subscription_denied');
    assert.deepEqual(client.registrations.opTypes(), []);
  });

  test('removing the app\'s listeners of a server-made subscription does not unsubscribe it', async () => {
    const { client, adapter, clock } = await connected();
    serverSubscribes(adapter.last, { opType: 'inbox.erin', ok: true, position: 'ep-1' });
    const listener = () => {};
    await client.registerLongConnListen({ opType: 'inbox.erin', receiveMessageCallback: listener });
    assert.deepEqual(await client.removeLongConnListen({ opType: 'inbox.erin', receiveMessageCallback: listener }),
      { isSucc: true, opType: 'inbox.erin', removed: 1 });
    assert.deepEqual(adapter.last.framesOfType('unsubscribe'), []);
    adapter.last.receive({ type: 'push', opType: 'inbox.erin', ts: 1, pos: 'ep-2', data: 1 });
    reconnect(adapter, clock);
    assert.deepEqual(adapter.last.lastOfType('subscribe').positions, { 'inbox.erin': 'ep-2' });
  });

  test('an opType the app subscribed that the server subscribes too stays after the app removes its listeners', async () => {
    const { client, adapter } = await connected();
    client.registerLongConnListen({ opType: 'news', receiveMessageCallback: () => {} });
    adapter.last.acceptSubscribe();
    serverSubscribes(adapter.last, { opType: 'news', ok: true });
    await client.removeLongConnListen({ opType: 'news' });
    assert.deepEqual(adapter.last.framesOfType('unsubscribe'), []);
    assert.deepEqual(client.registrations.opTypes(), ['news']);
  });

  test('a result the server could not subscribe goes to onServerSubscribed and changes nothing', async () => {
    const { client, adapter, events } = await connected();
    serverSubscribes(adapter.last,
      { opType: 'inbox.erin', ok: true, position: 'ep-1' },
      { opType: 'secret.plans', ok: false, code: 'subscription_denied', message: 'secret opTypes are for admins' });
    assert.deepEqual(events, [
      ['serverSubscribed', { opType: 'inbox.erin', ok: true }],
      ['serverSubscribed', { opType: 'secret.plans', ok: false, code: 'subscription_denied', message: 'secret opTypes are for admins' }],
    ]);
    assert.deepEqual(client.registrations.opTypes(), ['inbox.erin']);
  });

  test('without the hook, a refusal is warned about on the console', async (t) => {
    const warned = [];
    t.mock.method(console, 'warn', (...args) => warned.push(args));
    const { client, adapter } = await connected({ onServerSubscribed: undefined });
    serverSubscribes(adapter.last, { opType: 'secret.plans', ok: false, code: 'subscription_denied', message: 'no' });
    assert.equal(warned.length, 1);
    assert.equal(warned[0][1].code, 'subscription_denied');
    assert.deepEqual(client.registrations.opTypes(), []);
  });

  test('a server-made subscription refused when subscribed again after a reconnect is dropped', async () => {
    const { client, adapter, clock, events } = await connected();
    serverSubscribes(adapter.last, { opType: 'inbox.erin', ok: true, position: 'ep-1' });
    reconnect(adapter, clock);
    adapter.last.acceptSubscribe({ 'inbox.erin': 'subscription_denied' });
    assert.equal(events.find((e) => e[0] === 'subscriptionError')[1].opType, 'inbox.erin');
    assert.deepEqual(client.registrations.opTypes(), []);
    reconnect(adapter, clock);
    assert.deepEqual(adapter.last.framesOfType('subscribe'), []);
  });
});
