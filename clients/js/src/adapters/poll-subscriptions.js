/**
 * The subscriptions a polling link holds in the server's place (PROTOCOL §15): each opType with the
 * position to poll it from, and the socket frames each poll answer stands for. An answer's results
 * move the positions on; a position the server could not recover (`recovered: false`) becomes an
 * unsolicited `subscribed` frame, which the client reports through `onRecoveryFailed`; its pushes
 * become push frames, a binary one (its payload base64 in the JSON) the binary frame a socket would
 * carry (§4.5), so the client decodes every push the same way whatever the transport.
 */
import { base64ToArrayBuffer } from './base64.js';
import { utf8Bytes } from '../frames.js';

const BINARY_PUSH_WITH_POSITION = 2;

export class PollSubscriptions {
  constructor() {
    /** opType → the position to poll it from (null before its first poll). */
    this.positions = new Map();
    /** Numbers the unsolicited `subscribed` frames, whose ids no request of the client's can have. */
    this.lateIds = 0;
  }

  get size() {
    return this.positions.size;
  }

  /** `[opType, position or null]` for every opType polled. */
  entries() {
    return [...this.positions];
  }

  remove(opTypes) {
    for (const opType of opTypes) {
      this.positions.delete(opType);
    }
  }

  /**
   * The answer to the subscribe `id`: the opTypes it accepted are polled from now on. Yields its
   * `subscribed` frame, then its pushes.
   */
  *subscribed(id, answer) {
    for (const result of answer.results) {
      if (result.ok) {
        this.positions.set(result.opType, result.position || null);
      }
    }
    yield JSON.stringify({ type: 'subscribed', id, results: answer.results });
    yield* pushFrames(answer);
  }

  /**
   * A long-poll's answer. Positions move on only for opTypes still polled: one unsubscribed while
   * the poll was under way stays gone. Yields a `subscribed` frame for the lost positions, if any,
   * then the pushes.
   */
  *answered(answer) {
    const lost = [];
    for (const result of answer.results) {
      if (result.ok && this.positions.has(result.opType)) {
        this.positions.set(result.opType, result.position || this.positions.get(result.opType));
        if (result.recovered === false) {
          lost.push(result);
        }
      }
    }
    if (lost.length > 0) {
      yield JSON.stringify({ type: 'subscribed', id: `poll-${++this.lateIds}`, results: lost });
    }
    yield* pushFrames(answer);
  }
}

function* pushFrames(answer) {
  for (const push of answer.pushes || []) {
    yield typeof push.binary === 'string' ? binaryPush(push) : JSON.stringify(push);
  }
}

/**
 * kind 2 | opType length (u16 BE) | opType | ts (i64 BE) | position length (u8) | position | payload.
 * No TextEncoder or BigInt: mini-program runtimes, which poll most, may lack both.
 */
function binaryPush(push) {
  const name = utf8Bytes(push.opType);
  const pos = utf8Bytes(push.pos || '');
  const payload = new Uint8Array(base64ToArrayBuffer(push.binary));
  const bytes = new Uint8Array(1 + 2 + name.length + 8 + 1 + pos.length + payload.length);
  const view = new DataView(bytes.buffer);
  let at = 0;
  bytes[at++] = BINARY_PUSH_WITH_POSITION;
  view.setUint16(at, name.length);
  at += 2;
  bytes.set(name, at);
  at += name.length;
  const ts = Number(push.ts);
  const high = Math.floor(ts / 4294967296);
  view.setInt32(at, high);
  view.setUint32(at + 4, ts - high * 4294967296);
  at += 8;
  bytes[at++] = pos.length;
  bytes.set(pos, at);
  at += pos.length;
  bytes.set(payload, at);
  return bytes.buffer;
}
