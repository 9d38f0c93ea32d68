import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { LongConnClient } from '../../src/index.js';
import { FakeAdapter, FakeClock } from '../support/fakes.js';

function setup() {
  const clock = new FakeClock();
  const adapter = new FakeAdapter();
  const client = new LongConnClient({ url: 'ws://gateway.test/longconn/ws', adapter, timers: clock, random: () => 0.5 });
  return { clock, adapter, client, life: client.life };
}

describe('session life', () => {
  test('before the first welcome the limits are the protocol defaults', () => {
    const { life } = setup();
    assert.equal(life.answerTimeoutMs(), 12000);
    assert.equal(life.maxOpTypeLength(), 128);
    assert.equal(life.sizeProblem('x'.repeat(65536)), null);
    assert.match(life.sizeProblem('x'.repeat(65537)), /65537 bytes exceeds the server's maxFrameBytes \(65536\)/);
  });

  test('a welcome\'s limits outlive its session, for what the app sends while away', async () => {
    const { adapter, client, life } = setup();
    const connected = client.connect();
    adapter.last.welcome({ callTimeoutMs: 3000, maxFrameBytes: 100, maxOpTypeLength: 40 });
    assert.deepEqual(await connected, { isSucc: true });
    adapter.last.end(1006, 'network lost');
    assert.equal(client.state, 'connecting');
    assert.equal(client.welcome, null);
    assert.equal(life.answerTimeoutMs(), 5000);
    assert.equal(life.maxOpTypeLength(), 40);
    assert.match(life.sizeProblem('x'.repeat(101)), /maxFrameBytes \(100\)/);
  });

  test('a disconnect before the welcome answers the waiting connect() and schedules no reconnect', async () => {
    const { clock, adapter, client, life } = setup();
    const connected = client.connect();
    await client.disconnect();
    const outcome = await connected;
    assert.equal(outcome.isSucc, false);
    assert.match(outcome.errMsg, /client disconnect/);
    assert.equal(life.reconnectTimer, null);
    assert.equal(client.state, 'idle');
    clock.advance(60000);
    assert.equal(adapter.sockets.length, 1);
  });
});
