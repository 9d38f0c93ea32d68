import { test } from 'node:test';
import assert from 'node:assert/strict';
import { opTypeMatches, opTypeProblem } from '../../src/index.js';
import { decode, utf8Length } from '../../src/frames.js';
import { Backoff } from '../../src/backoff.js';

test('pattern matching follows PROTOCOL §5', () => {
  const table = [
    ['order.*', 'order.created', true], ['order.*', 'order', false], ['order.*', 'order.a.b', false],
    ['order.#', 'order', true], ['order.#', 'order.a.b', true], ['order.#', 'orders.a', false],
    ['*.created', 'order.created', true], ['*.created', 'created', false], ['*.created', 'a.b.created', false],
    ['#', 'anything.at.all', true], ['a.#.z', 'a.z', true], ['a.#.z', 'a.b.c.z', true], ['a.#.z', 'a.b.c', false],
    ['order.created', 'order.created', true], ['Order.x', 'order.x', false],
  ];
  for (const [pattern, opType, expected] of table) {
    assert.equal(opTypeMatches(pattern, opType), expected, `${pattern} vs ${opType}`);
  }
});

test('opType rules', () => {
  assert.equal(opTypeProblem('order.created', false), null);
  assert.equal(opTypeProblem('chat.room:42.*', true), null);
  assert.match(opTypeProblem('order*', true), /characters other than/);
  assert.match(opTypeProblem('order.*', false), /wildcard/);
  assert.match(opTypeProblem('.a', true), /empty segment/);
  assert.match(opTypeProblem('a'.repeat(129), true), /longer than 128/);
  assert.match(opTypeProblem(7, true), /non-empty string/);
});

test('server frames: JSON, bare pong, junk and unknown binary kinds', () => {
  assert.deepEqual(decode('{"type":"pong","id":"1"}'), { type: 'pong', id: '1' });
  assert.deepEqual(decode(' PONG '), { type: 'pong' });
  assert.equal(decode('not json'), null);
  assert.equal(decode('[1]'), null);
  assert.equal(decode(new Uint8Array([3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).buffer), null);
  assert.equal(decode(new Uint8Array([2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9]).buffer), null, 'a position longer than the frame');
  assert.equal(decode(new Uint8Array([1, 0, 9]).buffer), null);
});

test('utf8Length counts what the server measures', () => {
  for (const text of ['', 'abc', 'é', '中文', '😀', 'a😀b', '\u0800']) {
    assert.equal(utf8Length(text), Buffer.byteLength(text, 'utf8'), text);
  }
});

test('backoff: full jitter between the minimum and a doubling ceiling', () => {
  const low = new Backoff(500, 30000, () => 0);
  assert.deepEqual([low.next(), low.next()], [500, 500]);
  const high = new Backoff(500, 30000, () => 0.999999);
  const delays = Array.from({ length: 9 }, () => high.next());
  assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  high.reset();
  assert.equal(high.next(), 500);
});
