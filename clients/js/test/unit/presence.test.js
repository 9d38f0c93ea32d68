import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { LongConnClient } from '../../src/index.js';
import { FakeAdapter, FakeClock, flush } from '../support/fakes.js';

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
    onCallbackError: (error, where) => events.push(['callbackError', where, error.message]),
    ...options,
  });
  const result = client.connect();
  adapter.last.welcome();
  assert.deepEqual(await result, { isSucc: true });
  return { clock, adapter, client, events };
}

/** A watcher whose views are recorded, as plain objects (members as [user, sessions] pairs). */
function recorder() {
  const views = [];
  const onPresence = (view) => views.push({ ...view, members: [...view.members] });
  return { views, onPresence, last: () => views[views.length - 1] };
}

function snapshot(socket, opType, members, extra = {}) {
  socket.receive({
    type: 'presence', opType, complete: true, members,
    users: members.length, sessions: members.reduce((sum, member) => sum + member.sessions, 0), ...extra,
  });
}

const join = (socket, opType, user, sessions = 1) => socket.receive({ type: 'join', opType, user, sessions });
const leave = (socket, opType, user) => socket.receive({ type: 'leave', opType, user });

/**
 * Drops the connection, lets the client open its next socket (and no more: a long wait would
 * also run that socket's connect timeout) and welcomes it.
 */
function reconnect(adapter, clock, welcome = {}) {
  adapter.last.end(1006, '');
  const before = adapter.sockets.length;
  while (adapter.sockets.length === before) {
    clock.advance(100);
  }
  adapter.last.welcome({ sessionId: `s${adapter.sockets.length}`, ...welcome });
}

describe('presence', () => {
  test('the first watcher subscribes with presence; the snapshot, then joins and leaves applied to it', async () => {
    const { client, adapter } = await connected();
    const room = recorder();
    let succeeded = null;
    const watched = client.watchPresence({ opType: 'chat.room1', onPresence: room.onPresence, success: (result) => { succeeded = result; } });
    const request = adapter.last.lastOfType('subscribe');
    assert.deepEqual(request.opTypes, ['chat.room1']);
    assert.deepEqual(request.presence, ['chat.room1']);
    adapter.last.acceptSubscribe();
    assert.deepEqual(await watched, { isSucc: true, opType: 'chat.room1' });
    assert.deepEqual(succeeded, { isSucc: true, opType: 'chat.room1' });
    assert.equal(client.presence('chat.room1'), null, 'no snapshot yet');

    snapshot(adapter.last, 'chat.room1', [{ user: 'alice', sessions: 2 }, { user: 'bob', sessions: 1 }]);
    assert.deepEqual(room.last(), {
      opType: 'chat.room1', members: [['alice', 2], ['bob', 1]], users: 2, sessions: 3, complete: true, change: { type: 'snapshot' },
    });
    join(adapter.last, 'chat.room1', 'anna', 2);
    assert.deepEqual(room.last(), {
      opType: 'chat.room1', members: [['alice', 2], ['anna', 2], ['bob', 1]], users: 3, sessions: 5, complete: true,
      change: { type: 'join', user: 'anna', sessions: 2 },
    }, 'kept in user order');
    leave(adapter.last, 'chat.room1', 'alice');
    assert.deepEqual(room.last(), {
      opType: 'chat.room1', members: [['anna', 2], ['bob', 1]], users: 2, sessions: 3, complete: true, change: { type: 'leave', user: 'alice' },
    });
    assert.equal(room.views.length, 3);
    const view = client.presence('chat.room1');
    assert.ok(view.members instanceof Map);
    assert.deepEqual([...view.members], [['anna', 2], ['bob', 1]]);
    assert.equal(view.users, 2);
  });

  test('each view has a members Map of its own: one the app kept does not change', async () => {
    const { client, adapter } = await connected();
    const views = [];
    client.watchPresence({ opType: 'chat.room1', onPresence: (view) => views.push(view) });
    adapter.last.acceptSubscribe();
    snapshot(adapter.last, 'chat.room1', [{ user: 'alice', sessions: 1 }]);
    join(adapter.last, 'chat.room1', 'bob');
    assert.deepEqual([...views[0].members.keys()], ['alice']);
    assert.deepEqual([...views[1].members.keys()], ['alice', 'bob']);
  });

  test('an incomplete list: changes of unlisted users still move the counts, never below zero', async () => {
    const { client, adapter } = await connected();
    const room = recorder();
    client.watchPresence({ opType: 'big.room', onPresence: room.onPresence });
    adapter.last.acceptSubscribe();
    snapshot(adapter.last, 'big.room', [{ user: 'a', sessions: 1 }], { users: 1500, sessions: 1700, complete: false });
    assert.equal(room.last().complete, false);
    leave(adapter.last, 'big.room', 'zed'); // not listed: counted among the users, its sessions unknown
    assert.deepEqual([room.last().users, room.last().sessions, room.last().members], [1499, 1700, [['a', 1]]]);
    join(adapter.last, 'big.room', 'b', 3);
    assert.deepEqual([room.last().users, room.last().sessions, room.last().members], [1500, 1703, [['a', 1], ['b', 3]]]);
    leave(adapter.last, 'big.room', 'b');
    assert.deepEqual([room.last().users, room.last().sessions, room.last().members], [1499, 1700, [['a', 1]]]);
    assert.equal(room.last().complete, false, 'still incomplete');

    client.watchPresence({ opType: 'small.room', onPresence: room.onPresence });
    adapter.last.acceptSubscribe();
    snapshot(adapter.last, 'small.room', [], { users: 0, sessions: 0, complete: false });
    leave(adapter.last, 'small.room', 'ghost');
    assert.deepEqual([room.last().users, room.last().sessions], [0, 0]);

    client.watchPresence({ opType: 'whole.room', onPresence: room.onPresence });
    adapter.last.acceptSubscribe();
    snapshot(adapter.last, 'whole.room', [{ user: 'a', sessions: 2 }]);
    leave(adapter.last, 'whole.room', 'ghost'); // unknown to a complete list: the counts already leave it out
    assert.deepEqual([room.last().users, room.last().sessions, room.last().members], [1, 2, [['a', 2]]]);
  });

  test('an opType a listener holds already: a subscribe naming it with presence, no position; the listener goes on', async () => {
    const { client, adapter } = await connected();
    const pushes = [];
    client.registerLongConnListen({ opType: 'chat.room1', receiveMessageCallback: (data) => pushes.push(data) });
    adapter.last.receive({ type: 'subscribed', id: adapter.last.lastOfType('subscribe').id, results: [{ opType: 'chat.room1', ok: true, position: 'ep-3' }] });
    adapter.last.receive({ type: 'push', opType: 'chat.room1', ts: 1, pos: 'ep-4', data: 'a' });

    const room = recorder();
    const watched = client.watchPresence({ opType: 'chat.room1', onPresence: room.onPresence });
    const ask = adapter.last.lastOfType('subscribe');
    assert.deepEqual(ask, { type: 'subscribe', id: ask.id, opTypes: ['chat.room1'], presence: ['chat.room1'] });
    adapter.last.receive({ type: 'subscribed', id: ask.id, results: [{ opType: 'chat.room1', ok: true, position: 'ep-9', presence: true }] });
    assert.deepEqual(await watched, { isSucc: true, opType: 'chat.room1' });
    snapshot(adapter.last, 'chat.room1', [{ user: 'alice', sessions: 1 }]);
    assert.deepEqual(room.last().members, [['alice', 1]]);
    adapter.last.receive({ type: 'push', opType: 'chat.room1', ts: 2, pos: 'ep-5', data: 'b' });
    assert.deepEqual(pushes, ['a', 'b']);
    assert.equal(client.registrations.get('chat.room1').position, 'ep-5', 'the presence answer does not move the position past pushes in flight');
  });

  test('watching while the listener\'s subscribe is under way: presence is asked once it is answered', async () => {
    const { client, adapter } = await connected();
    client.registerLongConnListen({ opType: 'chat.room1', receiveMessageCallback: () => {} });
    const watched = client.watchPresence({ opType: 'chat.room1', onPresence: () => {} });
    assert.equal(adapter.last.framesOfType('subscribe').length, 1, 'nothing more while the first is under way');
    adapter.last.acceptSubscribe();
    const ask = adapter.last.lastOfType('subscribe');
    assert.equal(adapter.last.framesOfType('subscribe').length, 2);
    assert.deepEqual(ask.presence, ['chat.room1']);
    adapter.last.acceptSubscribe();
    assert.deepEqual(await watched, { isSucc: true, opType: 'chat.room1' });
  });

  test('a second watcher of a watched opType resolves at once and starts from the current view', async () => {
    const { client, adapter } = await connected();
    const first = recorder();
    client.watchPresence({ opType: 'chat.room1', onPresence: first.onPresence });
    adapter.last.acceptSubscribe();
    snapshot(adapter.last, 'chat.room1', [{ user: 'alice', sessions: 1 }]);
    join(adapter.last, 'chat.room1', 'bob');
    const second = recorder();
    let answer = null;
    client.watchPresence({ opType: 'chat.room1', onPresence: second.onPresence, success: (result) => { answer = result; } });
    assert.deepEqual(answer, { isSucc: true, opType: 'chat.room1' }, 'success ran before watchPresence returned');
    assert.equal(adapter.last.framesOfType('subscribe').length, 1, 'nothing sent');
    assert.deepEqual(second.views, [{
      opType: 'chat.room1', members: [['alice', 1], ['bob', 1]], users: 2, sessions: 2, complete: true, change: { type: 'snapshot' },
    }]);
    leave(adapter.last, 'chat.room1', 'alice');
    assert.equal(first.last().change.type, 'leave');
    assert.equal(second.last().change.type, 'leave');
  });

  test('watched before connecting: the first subscribe after welcome asks for it', async () => {
    const clock = new FakeClock();
    const adapter = new FakeAdapter();
    const client = new LongConnClient({ url: 'ws://gateway.test/longconn/ws', adapter, timers: clock, random: () => 0.5 });
    const watched = client.watchPresence({ opType: 'chat.room1', onPresence: () => {} });
    client.connect();
    adapter.last.welcome();
    assert.deepEqual(adapter.last.lastOfType('subscribe').presence, ['chat.room1']);
    adapter.last.acceptSubscribe();
    assert.deepEqual(await watched, { isSucc: true, opType: 'chat.room1' });
  });

  test('after a reconnect the resubscribe asks again, with positions; the new snapshot replaces the view', async () => {
    const { client, adapter, clock, events } = await connected();
    const room = recorder();
    client.registerLongConnListen({ opType: 'news', receiveMessageCallback: () => {} });
    adapter.last.acceptSubscribe();
    client.watchPresence({ opType: 'chat.room1', onPresence: room.onPresence });
    adapter.last.receive({ type: 'subscribed', id: adapter.last.lastOfType('subscribe').id,
      results: [{ opType: 'chat.room1', ok: true, position: 'ep-2', presence: true }] });
    snapshot(adapter.last, 'chat.room1', [{ user: 'alice', sessions: 1 }, { user: 'bob', sessions: 1 }]);

    adapter.last.end(1006, '');
    assert.deepEqual([...client.presence('chat.room1').members.keys()], ['alice', 'bob'], 'the last view is kept while away');
    clock.advance(1000);
    adapter.last.welcome({ sessionId: 's2' });
    const resubscribe = adapter.last.lastOfType('subscribe');
    assert.deepEqual(resubscribe.opTypes, ['news', 'chat.room1']);
    assert.deepEqual(resubscribe.positions, { 'chat.room1': 'ep-2' });
    assert.deepEqual(resubscribe.presence, ['chat.room1'], 'only the watched one');
    join(adapter.last, 'chat.room1', 'carol'); // before the answer: not this connection's watch yet
    adapter.last.acceptSubscribe();
    assert.deepEqual(events.at(-1), ['reconnect']);
    leave(adapter.last, 'chat.room1', 'alice'); // before the new snapshot: cannot apply to the old view
    assert.equal(room.views.length, 1);
    snapshot(adapter.last, 'chat.room1', [{ user: 'bob', sessions: 1 }, { user: 'dave', sessions: 2 }]);
    assert.deepEqual(room.last(), {
      opType: 'chat.room1', members: [['bob', 1], ['dave', 2]], users: 2, sessions: 3, complete: true, change: { type: 'snapshot' },
    });
    join(adapter.last, 'chat.room1', 'erin');
    assert.deepEqual(room.last().members, [['bob', 1], ['dave', 2], ['erin', 1]]);
  });

  test('a refused subscription fails the watcher with the server\'s code; nothing stays', async () => {
    const { client, adapter, events } = await connected();
    let failed = null;
    let completed = null;
    const watched = client.watchPresence({ opType: 'secret.plans', onPresence: () => {}, fail: (result) => { failed = result; }, complete: (result) => { completed = result; } });
    adapter.last.acceptSubscribe({ 'secret.plans': 'subscription_denied' });
    const expected = { isSucc: false, opType: 'secret.plans', code: 'subscription_denied', errMsg: 'refused secret.plans' };
    assert.deepEqual(await watched, expected);
    assert.deepEqual(failed, expected);
    assert.deepEqual(completed, expected);
    assert.deepEqual(client.registrations.opTypes(), []);
    assert.equal(client.presence('secret.plans'), null);
    assert.deepEqual(events.filter((e) => e[0] === 'subscriptionError'), [], 'told through fail, not the hook');
  });

  test('a refused presence ask fails the watcher; the listener\'s subscription stays as it was', async () => {
    const { client, adapter } = await connected();
    const pushes = [];
    client.registerLongConnListen({ opType: 'chat.room1', receiveMessageCallback: (data) => pushes.push(data) });
    adapter.last.acceptSubscribe();
    const watched = client.watchPresence({ opType: 'chat.room1', onPresence: () => {} });
    adapter.last.acceptSubscribe({ 'chat.room1': 'subscription_denied' });
    assert.deepEqual(await watched, { isSucc: false, opType: 'chat.room1', code: 'subscription_denied', errMsg: 'refused chat.room1' });
    assert.deepEqual(adapter.last.framesOfType('unsubscribe'), []);
    assert.deepEqual(client.registrations.opTypes(), ['chat.room1']);
    assert.equal(client.registrations.get('chat.room1').watched, false);
    adapter.last.receive({ type: 'push', opType: 'chat.room1', ts: 1, pos: 'ep-1', data: 'still' });
    assert.deepEqual(pushes, ['still']);
  });

  test('an error frame answering the presence ask fails the watcher, and with no other holder it unsubscribes', async () => {
    const { client, adapter } = await connected();
    client.registerLongConnListen({ opType: 'chat.room1', receiveMessageCallback: () => {} });
    adapter.last.acceptSubscribe();
    const watched = client.watchPresence({ opType: 'chat.room1', onPresence: () => {} });
    const ask = adapter.last.lastOfType('subscribe');
    client.removeLongConnListen({ opType: 'chat.room1' });
    assert.deepEqual(adapter.last.framesOfType('unsubscribe'), [], 'the watcher keeps it');
    adapter.last.receive({ type: 'error', id: ask.id, code: 'bad_frame', message: 'no' });
    assert.deepEqual(await watched, { isSucc: false, opType: 'chat.room1', code: 'bad_frame', errMsg: 'no' });
    assert.deepEqual(adapter.last.lastOfType('unsubscribe').opTypes, ['chat.room1']);
  });

  test('refused on the resubscribe after a reconnect: the watchers go, onSubscriptionError tells', async () => {
    const { client, adapter, clock, events } = await connected();
    const room = recorder();
    client.watchPresence({ opType: 'chat.room1', onPresence: room.onPresence });
    adapter.last.acceptSubscribe();
    snapshot(adapter.last, 'chat.room1', [{ user: 'alice', sessions: 1 }]);
    reconnect(adapter, clock);
    adapter.last.acceptSubscribe({ 'chat.room1': 'subscription_denied' });
    assert.equal(events.find((e) => e[0] === 'subscriptionError')[1].code, 'subscription_denied');
    assert.equal(client.presence('chat.room1'), null);
    assert.deepEqual(client.registrations.opTypes(), []);
  });

  test('a resubscribe with presence refused while a listener holds the opType: only the watch goes, the listener\'s subscription is asked again', async (t) => {
    const warned = [];
    t.mock.method(console, 'warn', (...args) => warned.push(args));
    const { client, adapter, clock, events } = await connected();
    const pushes = [];
    client.registerLongConnListen({ opType: 'chat.room1', receiveMessageCallback: (data) => pushes.push(data) });
    adapter.last.acceptSubscribe();
    client.watchPresence({ opType: 'chat.room1', onPresence: () => {} });
    adapter.last.acceptSubscribe();
    snapshot(adapter.last, 'chat.room1', [{ user: 'alice', sessions: 1 }]);
    reconnect(adapter, clock);
    adapter.last.acceptSubscribe({ 'chat.room1': 'subscription_denied' }); // the app denies its presence now
    assert.equal(warned.length, 1, 'no watcher waited: the console hears of it');
    assert.equal(warned[0][1].code, 'subscription_denied');
    assert.equal(client.presence('chat.room1'), null);
    const again = adapter.last.lastOfType('subscribe');
    assert.deepEqual([again.opTypes, again.presence], [['chat.room1'], undefined], 'asked again without presence');
    assert.deepEqual(events, [], 'onReconnect waits for it; no onSubscriptionError');
    adapter.last.acceptSubscribe();
    assert.deepEqual(events, [['reconnect']]);
    adapter.last.receive({ type: 'push', opType: 'chat.room1', ts: 1, pos: 'ep-1', data: 'still' });
    assert.deepEqual(pushes, ['still']);
    reconnect(adapter, clock);
    assert.equal(adapter.last.lastOfType('subscribe').presence, undefined, 'not watched any more');
  });

  test('a listener registered while the watcher\'s subscribe is under way: a refusal fails the watcher and retries for the listener', async () => {
    const { client, adapter } = await connected();
    const watched = client.watchPresence({ opType: 'chat.room1', onPresence: () => {} });
    const listened = client.registerLongConnListen({ opType: 'chat.room1', receiveMessageCallback: () => {} });
    assert.equal(adapter.last.framesOfType('subscribe').length, 1);
    adapter.last.acceptSubscribe({ 'chat.room1': 'subscription_denied' });
    assert.equal((await watched).code, 'subscription_denied');
    assert.equal(adapter.last.framesOfType('subscribe').length, 2);
    adapter.last.acceptSubscribe({ 'chat.room1': 'subscription_denied' }); // the subscription itself is refused too
    assert.deepEqual(await listened, { isSucc: false, opType: 'chat.room1', code: 'subscription_denied', errMsg: 'refused chat.room1' });
    assert.deepEqual(client.registrations.opTypes(), []);
  });

  test('a gateway that does not take the watch (ok without presence) fails it as presence_unavailable', async () => {
    const { client, adapter } = await connected();
    const watched = client.watchPresence({ opType: 'chat.room1', onPresence: () => {} });
    const request = adapter.last.lastOfType('subscribe');
    adapter.last.receive({ type: 'subscribed', id: request.id, results: [{ opType: 'chat.room1', ok: true, position: 'ep-1' }] });
    const result = await watched;
    assert.equal(result.code, 'presence_unavailable');
    assert.match(result.errMsg, /did not take the watch/);
    assert.deepEqual(adapter.last.lastOfType('unsubscribe').opTypes, ['chat.room1'], 'nothing else held it');
    assert.deepEqual(client.registrations.opTypes(), []);
  });

  test('over polling, watchPresence fails at once and sends nothing', async () => {
    const requests = [];
    const client = new LongConnClient({
      url: 'ws://gateway.test/longconn/ws', transport: 'polling', timers: new FakeClock(),
      polling: { request: (options) => { requests.push(options); return { promise: new Promise(() => {}), abort() {} }; } },
    });
    let failed = null;
    const result = await client.watchPresence({ opType: 'chat.room1', onPresence: () => {}, fail: (r) => { failed = r; } });
    assert.equal(result.code, 'presence_unavailable');
    assert.match(result.errMsg, /HTTP polling/);
    assert.deepEqual(failed, result);
    assert.deepEqual(client.registrations.opTypes(), []);
    assert.deepEqual(requests, []);
  });

  test('patterns, malformed opTypes and a missing handler are refused locally', async () => {
    const { client, adapter } = await connected();
    let failed = null;
    const pattern = await client.watchPresence({ opType: 'chat.*', onPresence: () => {}, fail: (r) => { failed = r; } });
    assert.equal(pattern.code, 'invalid_presence');
    assert.match(pattern.errMsg, /pattern/);
    assert.deepEqual(failed, pattern);
    assert.equal((await client.watchPresence({ opType: 'chat.#', onPresence: () => {} })).code, 'invalid_presence');
    assert.equal((await client.watchPresence({ opType: 'chat..x', onPresence: () => {} })).code, 'invalid_op_type');
    assert.equal((await client.watchPresence({ opType: 'chat.room1' })).code, 'bad_argument');
    assert.deepEqual(adapter.last.framesOfType('subscribe'), []);
    assert.deepEqual(client.registrations.opTypes(), []);
  });

  test('unwatch stops delivery; the last holder gone unsubscribes, as for listeners', async () => {
    const { client, adapter } = await connected();
    const first = recorder();
    const second = recorder();
    client.registerLongConnListen({ opType: 'chat.room1', receiveMessageCallback: () => {} });
    adapter.last.acceptSubscribe();
    client.watchPresence({ opType: 'chat.room1', onPresence: first.onPresence });
    adapter.last.acceptSubscribe();
    client.watchPresence({ opType: 'chat.room1', onPresence: second.onPresence });
    snapshot(adapter.last, 'chat.room1', [{ user: 'alice', sessions: 1 }]);

    assert.deepEqual(await client.unwatchPresence({ opType: 'chat.room1', onPresence: first.onPresence }), { isSucc: true, opType: 'chat.room1', removed: 1 });
    join(adapter.last, 'chat.room1', 'bob');
    assert.equal(first.views.length, 1, 'no more views for the removed watcher');
    assert.equal(second.last().change.user, 'bob');

    let answer = null;
    await client.unwatchPresence({ opType: 'chat.room1', onPresence: second.onPresence, success: (result) => { answer = result; } });
    assert.deepEqual(answer, { isSucc: true, opType: 'chat.room1', removed: 1 });
    assert.deepEqual(adapter.last.framesOfType('unsubscribe'), [], 'the listener keeps the subscription');
    join(adapter.last, 'chat.room1', 'carol'); // the server's watch goes on: its frames find no watcher
    assert.equal(second.views.length, 2);
    assert.equal(client.presence('chat.room1'), null);

    const removed = client.removeLongConnListen({ opType: 'chat.room1' });
    const unsubscribe = adapter.last.lastOfType('unsubscribe');
    assert.deepEqual(unsubscribe.opTypes, ['chat.room1']);
    adapter.last.receive({ type: 'unsubscribed', id: unsubscribe.id, results: [{ opType: 'chat.room1', ok: true }] });
    assert.equal((await removed).isSucc, true);
  });

  test('unwatching the only holder unsubscribes and resolves with the answer; a listener removed first leaves it to the watcher', async () => {
    const { client, adapter, clock } = await connected();
    const onPresence = () => {};
    client.registerLongConnListen({ opType: 'chat.room1', receiveMessageCallback: () => {} });
    adapter.last.acceptSubscribe();
    client.watchPresence({ opType: 'chat.room1', onPresence });
    adapter.last.acceptSubscribe();
    assert.deepEqual(await client.removeLongConnListen({ opType: 'chat.room1' }), { isSucc: true, opType: 'chat.room1', removed: 1 });
    assert.deepEqual(adapter.last.framesOfType('unsubscribe'), []);
    reconnect(adapter, clock);
    assert.deepEqual(adapter.last.lastOfType('subscribe').presence, ['chat.room1'], 'still subscribed for the watcher');
    adapter.last.acceptSubscribe();

    const unwatched = client.unwatchPresence({ opType: 'chat.room1' });
    const unsubscribe = adapter.last.lastOfType('unsubscribe');
    assert.deepEqual(unsubscribe.opTypes, ['chat.room1']);
    adapter.last.receive({ type: 'unsubscribed', id: unsubscribe.id, results: [{ opType: 'chat.room1', ok: true }] });
    assert.deepEqual(await unwatched, { isSucc: true, opType: 'chat.room1', removed: 1 });
    assert.deepEqual(client.registrations.opTypes(), []);
    reconnect(adapter, clock);
    assert.deepEqual(adapter.last.framesOfType('subscribe'), [], 'nothing to subscribe again');
  });

  test('unwatching an unknown watcher fails; unwatching before the answer ends the waiting call with removed', async () => {
    const { client, adapter } = await connected();
    const none = await client.unwatchPresence({ opType: 'chat.room1', onPresence: () => {} });
    assert.deepEqual(none, { isSucc: false, opType: 'chat.room1', removed: 0, errMsg: 'no such presence watcher for opType \'chat.room1\'' });
    const watched = client.watchPresence({ opType: 'chat.room1', onPresence: () => {} });
    const unwatched = client.unwatchPresence({ opType: 'chat.room1' });
    assert.equal((await watched).code, 'removed');
    const unsubscribe = adapter.last.lastOfType('unsubscribe');
    assert.deepEqual(unsubscribe.opTypes, ['chat.room1'], 'its subscribe was under way: the server will hold it');
    adapter.last.acceptSubscribe(); // the late answer finds nothing
    adapter.last.receive({ type: 'unsubscribed', id: unsubscribe.id, results: [{ opType: 'chat.room1', ok: true }] });
    assert.equal((await unwatched).isSucc, true);
    snapshot(adapter.last, 'chat.room1', [{ user: 'alice', sessions: 1 }]);
    assert.equal(client.presence('chat.room1'), null);
  });

  test('frames of opTypes not watched, and changes before any snapshot, are ignored', async () => {
    const { client, adapter, events } = await connected();
    const room = recorder();
    client.registerLongConnListen({ opType: 'other', receiveMessageCallback: () => {} });
    adapter.last.acceptSubscribe();
    snapshot(adapter.last, 'other', [{ user: 'x', sessions: 1 }]);
    join(adapter.last, 'nobody.watches', 'x');
    adapter.last.receive({ type: 'presence', members: [] }); // no opType
    client.watchPresence({ opType: 'chat.room1', onPresence: room.onPresence });
    snapshot(adapter.last, 'chat.room1', [{ user: 'early', sessions: 1 }]); // before the answer
    adapter.last.acceptSubscribe();
    join(adapter.last, 'chat.room1', 'bob'); // before the snapshot
    leave(adapter.last, 'chat.room1', 'bob');
    assert.deepEqual(room.views, []);
    assert.equal(client.presence('other'), null);
    assert.equal(client.presence('nobody.watches'), null);
    snapshot(adapter.last, 'chat.room1', [{ user: 'alice', sessions: 1 }]);
    assert.deepEqual(room.last().members, [['alice', 1]]);
    assert.deepEqual(events, []);
  });

  test('a watcher that throws is reported, and the others still get the view', async () => {
    const { client, adapter, events } = await connected();
    const room = recorder();
    client.watchPresence({ opType: 'chat.room1', onPresence: () => { throw new Error('boom'); } });
    client.watchPresence({ opType: 'chat.room1', onPresence: room.onPresence });
    adapter.last.acceptSubscribe();
    snapshot(adapter.last, 'chat.room1', [{ user: 'alice', sessions: 1 }]);
    assert.deepEqual(events, [['callbackError', 'presence watcher of chat.room1', 'boom']]);
    assert.equal(room.views.length, 1);
  });

  test('a presence ask without an answer in time is asked again', async () => {
    const { client, adapter, clock } = await connected();
    client.registerLongConnListen({ opType: 'chat.room1', receiveMessageCallback: () => {} });
    adapter.last.acceptSubscribe();
    const watched = client.watchPresence({ opType: 'chat.room1', onPresence: () => {} });
    const first = adapter.last.lastOfType('subscribe');
    clock.advance(12000);
    const second = adapter.last.lastOfType('subscribe');
    assert.notEqual(second.id, first.id);
    assert.deepEqual(second.presence, ['chat.room1']);
    adapter.last.receive({ type: 'subscribed', id: first.id, results: [{ opType: 'chat.room1', ok: true, presence: true }] }); // late: ignored
    adapter.last.acceptSubscribe();
    assert.deepEqual(await watched, { isSucc: true, opType: 'chat.room1' });
  });

  test('the server takes back a subscription the app watches: the client subscribes it again with presence', async () => {
    const { client, adapter } = await connected();
    const room = recorder();
    adapter.last.receive({ type: 'subscribed', server: true, results: [{ opType: 'team.ops', ok: true, position: 'ep-1' }] });
    const watched = client.watchPresence({ opType: 'team.ops', onPresence: room.onPresence });
    assert.deepEqual(adapter.last.lastOfType('subscribe').presence, ['team.ops'], 'held by the server already: asked on its own');
    adapter.last.acceptSubscribe();
    assert.equal((await watched).isSucc, true);
    snapshot(adapter.last, 'team.ops', [{ user: 'alice', sessions: 1 }]);
    adapter.last.receive({ type: 'unsubscribed', server: true, results: [{ opType: 'team.ops', ok: true }] });
    const again = adapter.last.lastOfType('subscribe');
    assert.deepEqual([again.opTypes, again.presence, again.positions], [['team.ops'], ['team.ops'], { 'team.ops': 'ep-1' }]);
    adapter.last.acceptSubscribe();
    snapshot(adapter.last, 'team.ops', []);
    assert.deepEqual(room.last().members, []);
    assert.equal(room.last().change.type, 'snapshot');
  });

  test('a watch that succeeded stays registered when a later answer does not take it (a polling link), and is asked again after', async () => {
    const { client, adapter, clock } = await connected();
    const room = recorder();
    client.watchPresence({ opType: 'chat.room1', onPresence: room.onPresence });
    adapter.last.acceptSubscribe();
    snapshot(adapter.last, 'chat.room1', [{ user: 'alice', sessions: 1 }]);
    reconnect(adapter, clock, { transport: 'polling', sessionId: null });
    const request = adapter.last.lastOfType('subscribe');
    adapter.last.receive({ type: 'subscribed', id: request.id, results: [{ opType: 'chat.room1', ok: true }] });
    await flush();
    assert.deepEqual(adapter.last.framesOfType('unsubscribe'), []);
    assert.deepEqual([...client.presence('chat.room1').members.keys()], ['alice'], 'the last view is kept');
    reconnect(adapter, clock);
    assert.deepEqual(adapter.last.lastOfType('subscribe').presence, ['chat.room1']);
    adapter.last.acceptSubscribe();
    snapshot(adapter.last, 'chat.room1', [{ user: 'bob', sessions: 1 }]);
    assert.deepEqual(room.last().members, [['bob', 1]]);
  });
});
