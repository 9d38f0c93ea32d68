import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { PollSubscriptions } from '../../src/adapters/poll-subscriptions.js';
import { decode } from '../../src/frames.js';

const parsed = (frames) => [...frames].map((frame) => (typeof frame === 'string' ? JSON.parse(frame) : decode(frame)));

describe('PollSubscriptions', () => {
  test('a subscribe answer polls its accepted opTypes from their positions: subscribed, then its pushes', () => {
    const subs = new PollSubscriptions();
    const results = [{ opType: 'news', ok: true, position: 'e-3' }, { opType: 'bad', ok: false, code: 'forbidden' },
      { opType: 'quiet', ok: true }];
    const frames = parsed(subs.subscribed('4', { results, pushes: [{ type: 'push', opType: 'news', ts: 5, pos: 'e-4', data: 1 }] }));
    assert.deepEqual(frames, [{ type: 'subscribed', id: '4', results },
      { type: 'push', opType: 'news', ts: 5, pos: 'e-4', data: 1 }]);
    assert.deepEqual(subs.entries(), [['news', 'e-3'], ['quiet', null]]);
  });

  test('a long-poll answer moves only polled opTypes on and reports lost positions as an unsolicited subscribed', () => {
    const subs = new PollSubscriptions();
    [...subs.subscribed('1', { results: [{ opType: 'a', ok: true, position: 'e-1' }, { opType: 'b', ok: true, position: 'e-1' }] })];
    subs.remove(['b']);
    const results = [{ opType: 'a', ok: true, position: 'e-9', recovered: false }, { opType: 'b', ok: true, position: 'e-9' }];
    assert.deepEqual(parsed(subs.answered({ results })), [{ type: 'subscribed', id: 'poll-1', results: [results[0]] }]);
    assert.deepEqual(parsed(subs.answered({ results: [{ opType: 'a', ok: true }] })), []);
    assert.deepEqual(subs.entries(), [['a', 'e-9']], 'no position in the answer keeps the old one; b stays gone');
    assert.equal(subs.size, 1);
  });

  test('a push whose payload came as base64 becomes the binary frame a socket carries', () => {
    const subs = new PollSubscriptions();
    [...subs.subscribed('1', { results: [{ opType: 'scan.x', ok: true }] })];
    const [push] = parsed(subs.answered({ results: [],
      pushes: [{ type: 'push', opType: 'scan.x', ts: 1718000000456, pos: 'e-5', binary: 'AQID' }] }));
    assert.deepEqual({ ...push, data: [...new Uint8Array(push.data)] },
      { type: 'push', opType: 'scan.x', ts: 1718000000456, pos: 'e-5', data: [1, 2, 3], binary: true });
  });
});
