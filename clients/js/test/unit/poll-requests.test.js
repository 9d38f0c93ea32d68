import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { PollRequests, pollUrlOf } from '../../src/adapters/poll-requests.js';

/** Records each request and answers none of them. */
function recorder() {
  const sent = [];
  const request = (options) => {
    sent.push(options);
    return { promise: new Promise(() => {}), abort: () => {} };
  };
  return { sent, request };
}

describe('PollRequests', () => {
  test('the poll URL comes from the socket URL, keeping its query', () => {
    assert.equal(pollUrlOf('wss://h.test/longconn/ws?app=1'), 'https://h.test/longconn/poll?app=1');
    assert.equal(pollUrlOf('ws://h.test/ws'), 'http://h.test/poll');
    assert.throws(() => pollUrlOf('ws://h.test/socket'), /pass pollUrl/);
  });

  test('a poll names each opType with its position and the wait, within the wait plus a margin', () => {
    const { sent, request } = recorder();
    const requests = new PollRequests('http://h.test/poll?app=1', { A: 'b' }, request, 25000, { token: null, param: 'token' });
    requests.poll([['news', null], ['chat.*', 'ep-1/7']], 25000);
    assert.deepEqual(sent, [{ method: 'GET', url: 'http://h.test/poll?app=1&sub=news&sub=chat.*%40ep-1%2F7&wait=25000',
      header: { A: 'b' }, timeoutMs: 40000 }]);
  });

  test('posts carry the client id; a binary frame goes as application/octet-stream, text keeps the header', () => {
    const { sent, request } = recorder();
    const requests = new PollRequests('http://h.test/poll', { A: 'b' }, request, 1000, { token: null, param: 'token' });
    const bytes = new Uint8Array([3, 0]).buffer;
    requests.post('{"type":"ping"}');
    requests.post(bytes);
    assert.match(sent[0].url, /^http:\/\/h\.test\/poll\?client=[0-9a-z]+$/);
    assert.equal(sent[1].url, sent[0].url);
    assert.deepEqual(sent.map((r) => r.header), [{ A: 'b' }, { A: 'b', 'Content-Type': 'application/octet-stream' }]);
    assert.equal(sent[1].body, bytes);
  });

  test('with a token every request carries it, and a new token replaces it in later requests', () => {
    const { sent, request } = recorder();
    const requests = new PollRequests('http://h.test/poll?t=old&app=1', {}, request, 0, { token: 'first', param: 't' });
    requests.poll([['news', null]], 0);
    requests.useToken('second');
    requests.poll([['news', null]], 0);
    requests.post('x');
    assert.equal(requests.token, 'second');
    assert.equal(sent[0].url, 'http://h.test/poll?t=first&app=1&sub=news&wait=0');
    assert.equal(sent[1].url, 'http://h.test/poll?t=second&app=1&sub=news&wait=0');
    assert.match(sent[2].url, /^http:\/\/h\.test\/poll\?t=second&app=1&client=/);
  });
});
