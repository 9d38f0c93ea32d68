import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { LongConnClient } from '../../src/index.js';
import { encode, isBytes, utf8Bytes, utf8Length, binaryCallId } from '../../src/frames.js';
import { FakeAdapter, FakeClock } from '../support/fakes.js';

const ascii = (text) => [...text].map((char) => char.charCodeAt(0));

function setup(options = {}) {
  const clock = new FakeClock();
  const adapter = new FakeAdapter();
  const client = new LongConnClient({ url: 'ws://gateway.test/longconn/ws', adapter, timers: clock, random: () => 0.5, ...options });
  return { clock, adapter, client };
}

async function connected(welcome = {}) {
  const context = setup();
  const result = context.client.connect();
  context.adapter.last.welcome(welcome);
  assert.deepEqual(await result, { isSucc: true });
  return context;
}

/** What the client wrote, binary frames as byte arrays. */
const binaries = (socket) => socket.sent.filter((frame) => frame instanceof ArrayBuffer).map((frame) => [...new Uint8Array(frame)]);

describe('binary frames (PROTOCOL §3.7)', () => {
  test('a call is kind 4, the opType after its u16 length, the id after its u8 length, then the payload', () => {
    const frame = encode.binaryCall('7', 'img.scan', new Uint8Array([1, 2, 3]));
    assert.ok(frame instanceof ArrayBuffer);
    assert.deepEqual([...new Uint8Array(frame)], [4, 0, 8, ...ascii('img.scan'), 1, ...ascii('7'), 1, 2, 3]);
    assert.equal(binaryCallId(frame), '7');
  });

  test('a message is kind 3 with no id; an empty payload is allowed', () => {
    assert.deepEqual([...new Uint8Array(encode.binaryMessage('a.b', new Uint8Array([255])))], [3, 0, 3, ...ascii('a.b'), 0, 255]);
    assert.deepEqual([...new Uint8Array(encode.binaryMessage('a.b', new ArrayBuffer(0)))], [3, 0, 3, ...ascii('a.b'), 0]);
    assert.equal(binaryCallId(encode.binaryMessage('a.b', new ArrayBuffer(0))), undefined);
  });

  test('the opType is UTF-8 and its length counts bytes, not characters', () => {
    const frame = [...new Uint8Array(encode.binaryMessage('聊天.say', new Uint8Array([9])))];
    const name = [...Buffer.from('聊天.say', 'utf8')];
    assert.equal(name.length, 10);
    assert.deepEqual(frame, [3, 0, 10, ...name, 0, 9]);
  });

  test('only the bytes a view shows are sent, whatever its type', () => {
    const backing = new Uint8Array([0, 1, 2, 3, 4, 5]);
    const payloads = [backing.subarray(2, 4), new DataView(backing.buffer, 2, 2), new Uint8Array([2, 3]).buffer, new Int8Array([2, 3])];
    for (const payload of payloads) {
      const frame = [...new Uint8Array(encode.binaryMessage('x', payload))];
      assert.deepEqual(frame.slice(5), [2, 3], payload.constructor.name);
    }
  });

  test('bytes are ArrayBuffers and their views; JSON values are not', () => {
    for (const bytes of [new ArrayBuffer(1), new Uint8Array(1), new DataView(new ArrayBuffer(1)), new Float32Array(1)]) {
      assert.equal(isBytes(bytes), true, bytes.constructor.name);
    }
    for (const value of [null, undefined, 'abc', 3, [1, 2], { byteLength: 1 }]) {
      assert.equal(isBytes(value), false, JSON.stringify(value));
    }
  });

  test('the UTF-8 encoder agrees with Buffer and with utf8Length, and makes a lone surrogate U+FFFD', () => {
    for (const text of ['', 'abc', 'é', '中文', '😀', 'a😀b', '\u0800', '\u07ff', '\uffff', '聊天.say']) {
      assert.deepEqual([...utf8Bytes(text)], [...Buffer.from(text, 'utf8')], text);
      assert.equal(utf8Bytes(text).length, utf8Length(text), text);
    }
    assert.deepEqual([...utf8Bytes('a\ud800')], [0x61, 0xef, 0xbf, 0xbd]);
    assert.deepEqual([...utf8Bytes('\udc00b')], [0xef, 0xbf, 0xbd, 0x62]);
  });
});

describe('sending bytes', () => {
  test('sendMsg with bytes writes the binary message frame', async () => {
    const { client, adapter } = await connected();
    assert.deepEqual(await client.sendMsg('img.up', new Uint8Array([9, 8])), { isSucc: true });
    assert.deepEqual(binaries(adapter.last), [[3, 0, 6, ...ascii('img.up'), 0, 9, 8]]);
    assert.deepEqual(adapter.last.framesOfType('message'), [], 'no JSON message besides');
  });

  test('a binary call carries its id and is resolved by its JSON reply, or its error', async () => {
    const { client, adapter } = await connected();
    const scan = client.callApi('img.scan', new Uint8Array([1, 2, 3]));
    const [frame] = binaries(adapter.last);
    assert.deepEqual(frame, [4, 0, 8, ...ascii('img.scan'), 1, ...ascii('1'), 1, 2, 3]);
    adapter.last.receive({ type: 'reply', id: '1', data: { length: 3, first: 1 } });
    assert.deepEqual(await scan, { isSucc: true, res: { length: 3, first: 1 } });

    const refused = client.callApi('img.scan', new ArrayBuffer(0));
    assert.deepEqual(binaries(adapter.last)[1], [4, 0, 8, ...ascii('img.scan'), 1, ...ascii('2')]);
    adapter.last.receive({ type: 'reply', id: '2', error: { code: 'empty_image', message: 'no bytes' } });
    assert.deepEqual(await refused, { isSucc: false, err: { code: 'empty_image', message: 'no bytes' } });
  });

  test('an oversize binary frame is refused locally like an oversize text frame; the limit counts the whole frame', async () => {
    const { client, adapter } = await connected({ maxFrameBytes: 100 });
    // message: 1 kind + 2 length + 3 'a.b' + 1 id length = 7 bytes around the payload
    assert.deepEqual(await client.sendMsg('a.b', new Uint8Array(94)),
      { isSucc: false, errMsg: 'frame of 101 bytes exceeds the server\'s maxFrameBytes (100)' });
    assert.deepEqual(await client.callApi('a.b', new Uint8Array(100)),
      { isSucc: false, err: { code: 'frame_too_large', message: 'frame of 108 bytes exceeds the server\'s maxFrameBytes (100)' } });
    assert.equal(adapter.last.sent.length, 0);
    assert.deepEqual(await client.sendMsg('a.b', new Uint8Array(93)), { isSucc: true }, 'exactly maxFrameBytes is allowed');
    assert.equal(binaries(adapter.last)[0].length, 100);
  });

  test('bytes sent before the welcome wait in the queue and go out after it unchanged, in order with text', async () => {
    const { client, adapter, clock } = setup();
    client.connect();
    const photo = new Uint8Array([1, 2, 3]);
    const sent = client.sendMsg('img.up', photo);
    const text = client.sendMsg('chat.say', 'hi');
    const call = client.callApi('img.scan', photo.subarray(1));
    photo.fill(0); // the app reuses its buffer: what was sent stays as it was
    assert.equal(client.queue.size, 3);
    adapter.last.welcome();
    clock.advance(0);
    assert.deepEqual(await sent, { isSucc: true });
    assert.deepEqual(await text, { isSucc: true });
    const written = adapter.last.sent;
    assert.equal(written.length, 3);
    assert.deepEqual([...new Uint8Array(written[0])], [3, 0, 6, ...ascii('img.up'), 0, 1, 2, 3]);
    assert.deepEqual(JSON.parse(written[1]), { type: 'message', opType: 'chat.say', data: 'hi' });
    assert.deepEqual([...new Uint8Array(written[2])], [4, 0, 8, ...ascii('img.scan'), 1, ...ascii('1'), 2, 3]);
    adapter.last.receive({ type: 'reply', id: '1', data: 'ok' });
    assert.deepEqual(await call, { isSucc: true, res: 'ok' });
  });

  test('opType rules (PROTOCOL §5, ASCII only) apply to binary frames too', async () => {
    const { client, adapter } = await connected();
    assert.match((await client.sendMsg('聊天.say', new Uint8Array([1]))).errMsg, /characters other than/);
    assert.equal((await client.callApi('img.*', new Uint8Array([1]))).err.code, 'invalid_op_type');
    assert.equal(adapter.last.sent.length, 0);
  });
});
