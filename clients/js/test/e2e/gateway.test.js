// The client against the real gateway (the runnable GlassFish jar with the gateway WAR and the
// it-tests handlers, started by ../support/gateway.js). Run by it-tests' JsClientIT.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LongConnClient, webSocketAdapter } from '../../src/index.js';
import { Gateway, Inbox, until } from '../support/gateway.js';

const gateway = new Gateway('e2e');
const clients = [];

before(async () => {
  await gateway.start();
});

after(async () => {
  await Promise.all(clients.map((client) => client.disconnect()));
  await gateway.stop();
});

/** A client whose hooks feed inboxes, with a counting adapter (how many sockets, which frames). */
function newClient(options = {}) {
  const hooks = { disconnects: new Inbox(), reconnects: new Inbox() };
  const base = webSocketAdapter();
  const wire = { sockets: 0, sent: [], drop: null };
  const adapter = {
    name: 'counting',
    connect(request, events) {
      wire.sockets++;
      const handle = base.connect(request, events);
      // A lost connection as the client sees it: the socket is gone (1006) without a goodbye.
      wire.drop = () => {
        handle.close(1000, 'test drop');
        events.onClose(1006, 'connection lost (test)');
      };
      return {
        send: (text) => { wire.sent.push(text); handle.send(text); },
        close: (code, reason) => handle.close(code, reason),
      };
    },
  };
  const client = new LongConnClient({
    url: gateway.wsUrl,
    adapter,
    reconnect: { minDelayMs: 100, maxDelayMs: 1000 },
    onDisconnect: hooks.disconnects.add,
    onReconnect: () => hooks.reconnects.add(true),
    ...options,
  });
  clients.push(client);
  return { client, hooks, wire };
}

test('subscribe, receive pushes published over HTTP, exact and pattern listeners, a refusal', async () => {
  const { client } = newClient();
  assert.deepEqual(await client.connect(), { isSucc: true });
  const exact = new Inbox();
  const pattern = new Inbox();
  assert.deepEqual(await client.registerLongConnListen({ opType: 'e2e.news', receiveMessageCallback: (data, meta) => exact.add([data, meta]) }),
    { isSucc: true, opType: 'e2e.news' });
  assert.equal((await client.registerLongConnListen({ opType: 'e2e.#', receiveMessageCallback: (data) => pattern.add(data) })).isSucc, true);
  const denied = await client.registerLongConnListen({ opType: 'secret.plans', receiveMessageCallback: () => {} });
  assert.equal(denied.code, 'subscription_denied');
  await gateway.publish('e2e.news', { headline: 'hello' });
  const [data, meta] = await exact.next('the push');
  assert.deepEqual(data, { headline: 'hello' });
  assert.equal(meta.opType, 'e2e.news');
  assert.ok(Math.abs(meta.ts - Date.now()) < 60000, 'ts is the publish time');
  assert.deepEqual(await pattern.next('the push by pattern'), { headline: 'hello' });
});

test('calls: a reply, no handler, an application error; messages reach handlers', async () => {
  const { client } = newClient();
  await client.connect();
  assert.deepEqual(await client.callApi('test.echo', { a: [1, 2] }), { isSucc: true, res: { a: [1, 2] } });
  assert.equal((await client.callApi('nobody.home', {})).err.code, 'no_handler');
  assert.deepEqual(await client.callApi('test.fail', {}), { isSucc: false, err: { code: 'not_found', message: 'no such thing' } });
  const room = new Inbox();
  await client.registerLongConnListen({ opType: 'chat.room', receiveMessageCallback: (line) => room.add(line) });
  assert.deepEqual(await client.sendMsg('chat.send', { text: 'hi all' }), { isSucc: true });
  assert.deepEqual(await room.next('the chat line'), { from: client.welcome.sessionId, text: 'hi all' });
});

test('a call with bytes goes as a binary frame (PROTOCOL §3.7) and gets its JSON reply', async () => {
  const { client, wire } = newClient();
  await client.connect();
  assert.deepEqual(await client.callApi('test.bytes', new Uint8Array([7, 8, 9])), { isSucc: true, res: { length: 3, first: 7 } });
  const binary = wire.sent.filter((frame) => frame instanceof ArrayBuffer);
  assert.equal(binary.length, 1, 'one binary frame, no JSON call');
  assert.deepEqual([...new Uint8Array(binary[0])].slice(-3), [7, 8, 9]);
});

test('heartbeats keep a silent session open past the server idle timeout', async () => {
  const { client, hooks, wire } = newClient();
  await client.connect();
  const { heartbeatIntervalMs, idleTimeoutMs } = client.welcome;
  const pings = () => wire.sent.filter((text) => text === '{"type":"ping"}').length;
  const needed = Math.ceil(idleTimeoutMs / heartbeatIntervalMs) + 1;
  await until(() => pings() >= needed, `${needed} heartbeats`, (needed + 2) * heartbeatIntervalMs);
  assert.equal(client.state, 'open');
  assert.equal(wire.sockets, 1, 'the same session all along');
  assert.equal(hooks.disconnects.items.length, 0);
});

test('a server disconnect marked "reconnect": the client returns and subscribes again', async () => {
  const { client, hooks } = newClient();
  await client.connect();
  const news = new Inbox();
  await client.registerLongConnListen({ opType: 'e2e.moved', receiveMessageCallback: (data) => news.add(data) });
  const before = client.welcome.sessionId;
  const { client: kicked } = newClient();
  await kicked.connect();
  assert.deepEqual((await kicked.callApi('test.disconnect', { session: before, code: 4100, reason: 'move along' })).res, { disconnected: 1 });
  const info = await hooks.disconnects.next('the disconnect');
  assert.deepEqual(info, { code: 4100, reason: 'move along', isManual: false, willReconnect: true, wasOpen: true });
  await hooks.reconnects.next('the reconnect');
  assert.notEqual(client.welcome.sessionId, before);
  await gateway.publish('e2e.moved', 'still here');
  assert.equal(await news.next('a push after the reconnect'), 'still here');
});

test('a server disconnect marked "stop": the client stays away', async () => {
  const { client, hooks, wire } = newClient();
  await client.connect();
  const { client: admin } = newClient();
  await admin.connect();
  await admin.callApi('test.disconnect', { session: client.welcome.sessionId, code: 4600, reason: 'banned' });
  const info = await hooks.disconnects.next('the disconnect');
  assert.deepEqual(info, { code: 4600, reason: 'banned', isManual: false, willReconnect: false, wasOpen: true });
  assert.equal(client.state, 'stopped');
  assert.equal(client.reconnectTimer, null, 'no reconnect scheduled');
  assert.equal(wire.sockets, 1);
  assert.match((await client.sendMsg('chat.send', { text: 'x' })).errMsg, /the server stopped the session/);
});

test('after a drop the client resumes from its position: the missed pushes once, in order, then live ones', async () => {
  const recoveryFailures = [];
  const { client, hooks, wire } = newClient({ onRecoveryFailed: (info) => recoveryFailures.push(info.opType) });
  await client.connect();
  const feed = new Inbox();
  await client.registerLongConnListen({ opType: 'e2e.resume', receiveMessageCallback: (data, meta) => feed.add([data, meta.position]) });
  await gateway.publish('e2e.resume', 1);
  const [first, position] = await feed.next('push 1');
  assert.equal(first, 1);
  assert.match(position, /^[a-z0-9]+-[0-9]+$/);
  wire.drop();
  for (const n of [2, 3, 4]) {
    await gateway.publish('e2e.resume', n);
  }
  await hooks.reconnects.next('the reconnect');
  await gateway.publish('e2e.resume', 5);
  const rest = [];
  for (let i = 0; i < 4; i++) {
    rest.push((await feed.next(`push ${i + 2}`))[0]);
  }
  assert.deepEqual(rest, [2, 3, 4, 5]);
  assert.equal(feed.items.length, 0, 'no duplicates');
  assert.deepEqual(recoveryFailures, []);
});

test('the server killed and started again: the client reconnects and resubscribes by itself', async () => {
  const recoveryFailures = [];
  const { client, hooks } = newClient({ onRecoveryFailed: (info) => recoveryFailures.push(info.opType) });
  await client.connect();
  const news = new Inbox();
  await client.registerLongConnListen({ opType: 'e2e.restart', receiveMessageCallback: (data) => news.add(data) });
  await gateway.kill();
  const info = await hooks.disconnects.next('the drop');
  assert.equal(info.code, 1006);
  assert.equal(info.willReconnect, true);
  await gateway.start();
  await hooks.reconnects.next('the reconnect', 60000);
  await gateway.publish('e2e.restart', { after: 'restart' });
  assert.deepEqual(await news.next('a push after the restart'), { after: 'restart' });
  // A lone gateway keeps its history in memory: after a restart it cannot vouch for old positions.
  assert.deepEqual(recoveryFailures, ['e2e.restart']);
});

test('a token that expires is renewed in band: the session outlives its first expiry, with no 4005', async () => {
  // The it-tests app: the handshake hook gives a query token `exp:<user>:<ms>` that user and an
  // expiry <ms> from now; its RefreshRequest observer accepts such a token of the same user. With
  // the gateway's refreshAheadMs, a session of 3 s is asked for a new token right after welcome.
  const tokens = [];
  const refreshFailures = [];
  const { client, hooks, wire } = newClient({
    getToken: async () => {
      const token = tokens.length === 0 ? 'exp:alice:3000' : 'exp:alice:600000';
      tokens.push(token);
      return token;
    },
    onRefreshFailed: (failure) => refreshFailures.push(failure),
  });
  const connectedAt = Date.now();
  assert.deepEqual(await client.connect(), { isSucc: true });
  const { sessionId, userId, expiresAt: firstExpiry } = client.welcome;
  assert.equal(userId, 'alice', 'the handshake hook read the token from the query');
  assert.ok(Number.isFinite(firstExpiry), `welcome carries expiresAt: ${firstExpiry}`);
  assert.ok(Math.abs(firstExpiry - (connectedAt + 3000)) < 2000, `the first token's expiry is about 3 s away: ${firstExpiry - connectedAt} ms`);

  await until(() => client.welcome !== null && client.welcome.expiresAt > firstExpiry, 'the refreshed expiry', 10000);
  const refreshes = wire.sent.filter((frame) => typeof frame === 'string' && frame.startsWith('{"type":"refresh"')).map((frame) => JSON.parse(frame));
  assert.equal(refreshes.length, 1);
  assert.equal(refreshes[0].token, 'exp:alice:600000');
  assert.ok(client.welcome.expiresAt > Date.now() + 500000, 'the new token\'s expiry, about 10 minutes away');

  // The first token's expiry passes (the gateway looks every 500 ms): the session stays.
  await until(() => Date.now() > Math.max(firstExpiry + 1500, connectedAt + 4000), 'the first token\'s expiry to pass', 15000);
  assert.equal(client.state, 'open');
  assert.equal(client.welcome.sessionId, sessionId, 'the same session all along');
  assert.equal(wire.sockets, 1);
  assert.deepEqual(hooks.disconnects.items, [], 'no disconnect, no 4005');
  assert.deepEqual(refreshFailures, []);
  assert.deepEqual(tokens, ['exp:alice:3000', 'exp:alice:600000'], 'one token to connect, one to refresh');
  assert.deepEqual(await client.callApi('test.echo', { still: 'here' }), { isSucc: true, res: { still: 'here' } });
});

test('a subscription the handshake hook makes: its pushes reach a listener registered later, which subscribes nothing', async () => {
  // The it-tests app: the handshake hook reads a query token `subs:<user>:<opTypes>` and subscribes
  // the new session to those opTypes (PROTOCOL §17); a client that subscribes nothing is told 1 s after welcome.
  const told = new Inbox();
  const { client, hooks, wire } = newClient({ url: `${gateway.wsUrl}?token=subs:erin:inbox.erin`, onServerSubscribed: told.add });
  const subscribes = () => wire.sent.filter((frame) => typeof frame === 'string' && frame.startsWith('{'))
    .map((frame) => JSON.parse(frame)).filter((frame) => frame.type === 'subscribe');
  assert.deepEqual(await client.connect(), { isSucc: true });
  assert.equal(client.welcome.userId, 'erin', 'the handshake hook read the token from the query');
  assert.deepEqual(await told.next('the server-made subscription', 10000), { opType: 'inbox.erin', ok: true });

  const inbox = new Inbox();
  assert.deepEqual(await client.registerLongConnListen({ opType: 'inbox.erin', receiveMessageCallback: (data) => inbox.add(data) }),
    { isSucc: true, opType: 'inbox.erin' });
  assert.deepEqual(subscribes(), [], 'held already: the client sent no subscribe');
  assert.deepEqual(await client.callApi('test.push', { opType: 'inbox.erin', data: { n: 1 } }), { isSucc: true, res: { ok: true } });
  assert.deepEqual(await inbox.next('the push of the server-made subscription'), { n: 1 });

  // After a drop, the client's first subscribe names it with its position: the server resumes it.
  wire.drop();
  await hooks.reconnects.next('the reconnect');
  const [resume] = subscribes();
  assert.deepEqual(resume.opTypes, ['inbox.erin']);
  assert.match(resume.positions['inbox.erin'], /^[A-Za-z0-9]+-[0-9]+$/);
  assert.deepEqual(await client.callApi('test.push', { opType: 'inbox.erin', data: { n: 2 } }), { isSucc: true, res: { ok: true } });
  assert.deepEqual(await inbox.next('a push after the reconnect'), { n: 2 });
  assert.equal(inbox.items.length, 0, 'no duplicates');
});

test('presence: a watcher gets the members, then a join and a leave as another user subscribes and goes', async () => {
  // The it-tests app's handshake hook authenticates a query token `user:<name>` as that user
  // (PROTOCOL §18: anonymous sessions are never members).
  const views = new Inbox();
  const { client: alice } = newClient({ url: `${gateway.wsUrl}?token=user:alice` });
  assert.deepEqual(await alice.connect(), { isSucc: true });
  assert.equal(alice.welcome.userId, 'alice');
  assert.deepEqual(await alice.watchPresence({ opType: 'presence.e2e', onPresence: views.add }), { isSucc: true, opType: 'presence.e2e' });
  const snapshot = await views.next('the snapshot');
  assert.deepEqual(snapshot.change, { type: 'snapshot' });
  assert.deepEqual([...snapshot.members], [['alice', 1]], 'the watcher\'s own subscription makes it a member');
  assert.deepEqual([snapshot.users, snapshot.sessions, snapshot.complete], [1, 1, true]);

  const { client: bob } = newClient({ url: `${gateway.wsUrl}?token=user:bob` });
  assert.deepEqual(await bob.connect(), { isSucc: true });
  assert.equal((await bob.registerLongConnListen({ opType: 'presence.e2e', receiveMessageCallback: () => {} })).isSucc, true);
  const joined = await views.next('bob joining');
  assert.deepEqual(joined.change, { type: 'join', user: 'bob', sessions: 1 });
  assert.deepEqual([...joined.members], [['alice', 1], ['bob', 1]]);
  assert.deepEqual([joined.users, joined.sessions], [2, 2]);

  await bob.disconnect();
  const left = await views.next('bob leaving');
  assert.deepEqual(left.change, { type: 'leave', user: 'bob' });
  assert.deepEqual([...left.members], [['alice', 1]]);
  assert.deepEqual([left.users, left.sessions], [1, 1]);
  assert.equal(alice.presence('presence.e2e'), left, 'presence() gives the last view');
  assert.equal(views.items.length, 0, 'one view per change');

  // Watching was all that held the subscription: unwatching unsubscribes it (answered by the gateway).
  assert.deepEqual(await alice.unwatchPresence({ opType: 'presence.e2e' }), { isSucc: true, opType: 'presence.e2e', removed: 1 });
  assert.equal(alice.presence('presence.e2e'), null);
});

test('over HTTP polling: subscribe, pushes in order from long-polls, a call, the same API as on a socket', async () => {
  const client = new LongConnClient({ url: gateway.wsUrl, transport: 'polling', polling: { waitMs: 5000 } });
  clients.push(client);
  assert.deepEqual(await client.connect(), { isSucc: true });
  assert.equal(client.welcome.transport, 'polling');
  const inbox = new Inbox();
  assert.equal((await client.registerLongConnListen({ opType: 'e2e.polled', receiveMessageCallback: (data, meta) => inbox.add([data, meta.position]) })).isSucc, true);
  for (let n = 1; n <= 3; n++) {
    await gateway.publish('e2e.polled', n);
  }
  const seen = [];
  for (let n = 1; n <= 3; n++) {
    seen.push(await inbox.next(`polled push ${n}`));
  }
  assert.deepEqual(seen.map(([data]) => data), [1, 2, 3]);
  assert.ok(seen.every(([, position]) => typeof position === 'string' && position.length > 2));
  const reply = await client.callApi('test.echo', { over: 'polling' });
  assert.deepEqual(reply, { isSucc: true, res: { over: 'polling' } });
  const watch = await client.watchPresence({ opType: 'e2e.polled', onPresence: () => {} });
  assert.equal(watch.code, 'presence_unavailable', 'polling clients cannot watch presence (PROTOCOL §18)');
});

test('when sockets never get through, the client falls back to polling and keeps its listeners', async () => {
  const changes = new Inbox();
  const blocked = {
    name: 'blocked',
    connect(request, events) {
      setTimeout(() => events.onClose(1006, 'blocked by a proxy (test)'), 0);
      return { send() { throw new Error('not open'); }, close() {} };
    },
  };
  const client = new LongConnClient({ url: gateway.wsUrl, adapter: blocked, polling: { waitMs: 5000 },
    reconnect: { minDelayMs: 50, maxDelayMs: 100 }, onTransportChange: changes.add });
  clients.push(client);
  const inbox = new Inbox();
  client.registerLongConnListen({ opType: 'e2e.fallback', receiveMessageCallback: (data) => inbox.add(data) });
  client.connect();
  assert.deepEqual(await changes.next('the switch to polling'), { transport: 'polling', afterFailures: 3 });
  await until(() => client.state === 'open', 'the polling link to open');
  await until(async () => {
    await gateway.publish('e2e.fallback', 'over polling');
    return inbox.items.length > 0;
  }, 'a push over polling once subscribed');
  assert.equal(inbox.items[0], 'over polling');
});
