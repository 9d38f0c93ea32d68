import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { LongConnClient } from '../../src/index.js';
import { withQueryParam } from '../../src/tokens.js';
import { FakeAdapter, FakeClock, flush } from '../support/fakes.js';

/** A getToken that hands out `tokens` in turn (the last one again when they run out) and counts its calls. */
function tokenSource(...tokens) {
  const source = () => {
    source.calls++;
    const next = tokens[Math.min(source.calls, tokens.length) - 1];
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  };
  source.calls = 0;
  return source;
}

function setup(client = {}) {
  const clock = new FakeClock();
  const adapter = new FakeAdapter();
  const events = [];
  const longconn = new LongConnClient({
    url: 'ws://gateway.test/longconn/ws?token=old&room=1',
    adapter,
    timers: clock,
    random: () => 0.5,
    onDisconnect: (info) => events.push(['disconnect', info]),
    onRefreshFailed: (info) => events.push(['refreshFailed', info]),
    onServerError: (error) => events.push(['serverError', error]),
    ...client,
  });
  return { clock, adapter, events, client: longconn };
}

/** Connected with the first token of `getToken`, welcomed with `welcome`. */
async function connected(getToken, welcome = {}, client = {}) {
  const context = setup({ getToken, ...client });
  const result = context.client.connect();
  await flush();
  context.adapter.last.welcome(welcome);
  assert.deepEqual(await result, { isSucc: true });
  return context;
}

describe('tokens on connect', () => {
  test('getToken() gives the token of the first connect and of every reconnect, in place of the URL\'s', async () => {
    const getToken = tokenSource('t-1', 't-2');
    const { clock, adapter, client, events } = await connected(getToken, { expiresAt: 5000 });
    assert.equal(adapter.sockets[0].request.url, 'ws://gateway.test/longconn/ws?token=t-1&room=1');
    assert.equal(client.welcome.expiresAt, 5000);

    adapter.last.serverClose(4005, 'session expired: reconnect with a new token', { reconnect: true });
    assert.deepEqual(events[0], ['disconnect', {
      code: 4005, reason: 'session expired: reconnect with a new token', isManual: false, willReconnect: true, wasOpen: true,
    }]);
    clock.advance(clock.pending()[0]);
    await flush();
    assert.equal(adapter.sockets.length, 2);
    assert.equal(adapter.sockets[1].request.url, 'ws://gateway.test/longconn/ws?token=t-2&room=1');
    assert.equal(getToken.calls, 2);
  });

  test('tokenParam names the query parameter; a URL without it gets it appended', async () => {
    const { adapter } = await connected(tokenSource('a b&c'), {}, { url: 'wss://gateway.test/longconn/ws#x', tokenParam: 'access_token' });
    assert.equal(adapter.last.request.url, 'wss://gateway.test/longconn/ws?access_token=a%20b%26c#x');
  });

  test('a getToken() that fails is a failed attempt: reported as 1006, tried again after the backoff', async () => {
    const getToken = tokenSource(new Error('login service down'), 't-2');
    const { clock, adapter, client, events } = setup({ getToken });
    const result = client.connect();
    await flush();
    assert.equal(adapter.sockets.length, 0, 'no socket without a token');
    const outcome = await result;
    assert.equal(outcome.isSucc, false);
    assert.match(outcome.errMsg, /getToken\(\) failed: login service down/);
    assert.equal(events[0][1].code, 1006);
    assert.equal(events[0][1].willReconnect, true);
    clock.advance(clock.pending()[0]);
    await flush();
    assert.equal(adapter.last.request.url, 'ws://gateway.test/longconn/ws?token=t-2&room=1');
  });

  test('disconnect() while the token is on its way ends the attempt at once and opens nothing', async () => {
    let give = null;
    const { adapter, client } = setup({ getToken: () => new Promise((resolve) => { give = resolve; }) });
    const result = client.connect();
    await client.disconnect();
    assert.match((await result).errMsg, /client disconnect/);
    give('late');
    await flush();
    assert.equal(adapter.sockets.length, 0);
    assert.equal(client.state, 'idle');
  });

  test('a token that does not come within connectTimeoutMs ends the attempt; failures for want of a token never switch to polling', async () => {
    const changes = [];
    const { clock, adapter, client, events } = setup({
      getToken: () => new Promise(() => {}), connectTimeoutMs: 5000,
      polling: { request: () => ({ promise: new Promise(() => {}), abort() {} }) },
      onTransportChange: (info) => changes.push(info),
    });
    client.connect();
    for (let attempt = 1; attempt <= 4; attempt++) {
      clock.advance(5000);
      await flush();
      clock.advance(clock.pending()[0]); // the reconnect delay
    }
    assert.equal(events.length, 4);
    assert.deepEqual(events[0][1], {
      code: 1006, reason: 'getToken() gave no token within 5000 ms', isManual: false, willReconnect: true, wasOpen: false,
    });
    assert.deepEqual(changes, []);
    assert.equal(adapter.sockets.length, 0);
  });

  test('withQueryParam replaces the first parameter of the name, drops repeats, keeps the rest', () => {
    assert.equal(withQueryParam('ws://h/ws?a=1&token=x&b=2&token=y', 'token', 'n'), 'ws://h/ws?a=1&token=n&b=2');
    assert.equal(withQueryParam('ws://h/ws', 'token', 'n'), 'ws://h/ws?token=n');
    assert.equal(withQueryParam('ws://h/ws?', 'token', 'n/+'), 'ws://h/ws?token=n%2F%2B');
  });
});

describe('refresh in band', () => {
  test('refresh_required: a refresh with a new token goes out, and refreshed moves welcome.expiresAt on', async () => {
    const getToken = tokenSource('t-1', 't-2');
    const { adapter, client, events } = await connected(getToken, { expiresAt: 60000 });
    adapter.last.receive({ type: 'refresh_required', expiresAt: 60000 });
    await flush();
    const refresh = adapter.last.lastOfType('refresh');
    assert.deepEqual(refresh, { type: 'refresh', id: refresh.id, token: 't-2' });
    adapter.last.receive({ type: 'refreshed', id: refresh.id, expiresAt: 3600000 });
    assert.equal(client.welcome.expiresAt, 3600000);
    assert.equal(client.state, 'open');
    assert.deepEqual(events, []);
  });

  test('refresh_denied reaches onRefreshFailed; one more try after a while, then the session waits for its expiry', async () => {
    const getToken = tokenSource('t-1', 't-2', 't-3', 't-4');
    const { clock, adapter, client, events } = await connected(getToken, { expiresAt: 60000 });
    adapter.last.receive({ type: 'refresh_required', expiresAt: 60000 });
    await flush();
    const first = adapter.last.lastOfType('refresh');
    adapter.last.receive({ type: 'error', id: first.id, code: 'refresh_denied', message: 'token expired' });
    assert.deepEqual(events, [['refreshFailed', { code: 'refresh_denied', message: 'token expired', willRetry: true }]]);

    clock.advance(5000);
    await flush();
    const second = adapter.last.lastOfType('refresh');
    assert.notEqual(second.id, first.id);
    assert.equal(second.token, 't-3');
    adapter.last.receive({ type: 'error', id: second.id, code: 'refresh_denied', message: 'token expired' });
    assert.deepEqual(events[1], ['refreshFailed', { code: 'refresh_denied', message: 'token expired', willRetry: false }]);

    clock.advance(30000);
    await flush();
    assert.equal(adapter.last.framesOfType('refresh').length, 2, 'no third try');
    assert.equal(client.welcome.expiresAt, 60000, 'a refused refresh changes nothing');
    assert.equal(getToken.calls, 3);
  });

  test('a getToken() that fails on refresh is reported as token_unavailable; no retry when expiry is too near', async () => {
    const getToken = tokenSource('t-1', new Error('offline'));
    const { adapter, events } = await connected(getToken, { expiresAt: 3000 });
    adapter.last.receive({ type: 'refresh_required', expiresAt: 3000 });
    await flush();
    assert.equal(adapter.last.framesOfType('refresh').length, 0);
    assert.deepEqual(events, [['refreshFailed', { code: 'token_unavailable', message: 'getToken() failed: offline', willRetry: false }]]);
  });

  test('without getToken, refresh_required is left alone: the server ends the session at expiry and the client reconnects', async () => {
    const { clock, adapter, client, events } = setup();
    client.connect();
    adapter.last.welcome({ expiresAt: 60000 });
    adapter.last.receive({ type: 'refresh_required', expiresAt: 60000 });
    await flush();
    clock.advance(10000);
    assert.equal(adapter.last.framesOfType('refresh').length, 0);
    assert.deepEqual(events, []);
    assert.equal(client.welcome.expiresAt, 60000);

    adapter.last.serverClose(4005, 'session expired: reconnect with a new token', { reconnect: true });
    clock.advance(clock.pending()[0]);
    assert.equal(adapter.sockets.length, 2);
    assert.equal(adapter.last.request.url, 'ws://gateway.test/longconn/ws?token=old&room=1', 'the URL as given');
  });

  test('a refresh unanswered when the connection drops is forgotten; the next session starts afresh', async () => {
    const getToken = tokenSource('t-1', 't-2', 't-3');
    const { clock, adapter, client, events } = await connected(getToken, { expiresAt: 60000 });
    adapter.last.receive({ type: 'refresh_required', expiresAt: 60000 });
    await flush();
    adapter.last.end(1006, 'network lost');
    assert.equal([...client.requests.values()].filter((request) => request.kind === 'refresh').length, 0);
    clock.advance(clock.pending()[0]);
    await flush();
    adapter.last.welcome({ expiresAt: 120000 });
    assert.equal(adapter.last.request.url, 'ws://gateway.test/longconn/ws?token=t-3&room=1');
    assert.equal(client.welcome.expiresAt, 120000);
    assert.deepEqual(events.filter(([kind]) => kind === 'refreshFailed'), []);
  });
});
