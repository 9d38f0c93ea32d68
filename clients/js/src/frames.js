/**
 * Encoding of client frames and decoding of server frames (docs/PROTOCOL.md §3, §4), with no
 * platform API beyond what every mini-program runtime has (no TextEncoder/TextDecoder).
 */

/** Kind bytes of a binary push (§4.5): 2 carries the position, 1 (older gateways) does not. */
const BINARY_PUSH = 1;
const BINARY_PUSH_WITH_POSITION = 2;
/** Kind bytes of the client's binary frames (§3.7). */
const BINARY_MESSAGE = 3;
const BINARY_CALL = 4;

export const encode = {
  /** `positions` (§14) and `presence` (§18) go only when they name something. */
  subscribe: (id, opTypes, positions, presence) => {
    const frame = { type: 'subscribe', id, opTypes };
    if (positions && Object.keys(positions).length > 0) {
      frame.positions = positions;
    }
    if (presence && presence.length > 0) {
      frame.presence = presence;
    }
    return JSON.stringify(frame);
  },
  unsubscribe: (id, opTypes) => JSON.stringify({ type: 'unsubscribe', id, opTypes }),
  ping: () => '{"type":"ping"}',
  /** New credentials for the session (§16). */
  refresh: (id, token) => JSON.stringify({ type: 'refresh', id, token }),
  message: (opType, data) => JSON.stringify({ type: 'message', opType, data: data === undefined ? null : data }),
  call: (id, opType, data) => JSON.stringify({ type: 'call', id, opType, data: data === undefined ? null : data }),
  /** A binary `message` (§3.7, no id) carrying the bytes of `payload`; an ArrayBuffer of its own. */
  binaryMessage: (opType, payload) => binaryFrame(BINARY_MESSAGE, opType, '', payload),
  /** A binary `call` (§3.7) carrying the bytes of `payload`; an ArrayBuffer of its own. */
  binaryCall: (id, opType, payload) => binaryFrame(BINARY_CALL, opType, id, payload),
};

/**
 * Whether `data` is bytes to send as a binary frame: an ArrayBuffer or a view of one (Uint8Array,
 * DataView, ...). The tag test also knows an ArrayBuffer made in another realm (an iframe, a
 * mini-program's native layer), which `instanceof` would not.
 */
export function isBytes(data) {
  return ArrayBuffer.isView(data) || Object.prototype.toString.call(data) === '[object ArrayBuffer]';
}

/**
 * kind (1 byte) | opType length (u16 BE) | opType (UTF-8) | id length (u8) | id (UTF-8) | payload.
 * The payload is copied, so that a frame waiting in the queue goes out as it was when sent.
 */
function binaryFrame(kind, opType, id, payload) {
  const name = utf8Bytes(opType);
  const idBytes = utf8Bytes(id);
  if (name.length > 0xffff || idBytes.length > 0xff) {
    throw new RangeError(`opType or id too long for a binary frame (${name.length} and ${idBytes.length} bytes)`);
  }
  const body = ArrayBuffer.isView(payload)
    ? new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength)
    : new Uint8Array(payload);
  const frame = new Uint8Array(4 + name.length + idBytes.length + body.length);
  frame[0] = kind;
  frame[1] = name.length >> 8;
  frame[2] = name.length & 0xff;
  frame.set(name, 3);
  frame[3 + name.length] = idBytes.length;
  frame.set(idBytes, 4 + name.length);
  frame.set(body, 4 + name.length + idBytes.length);
  return frame.buffer;
}

/**
 * The id of a binary call frame (§3.7), or undefined for a binary message. The client's ids are
 * decimal numbers, so each byte is one character.
 */
export function binaryCallId(frame) {
  const bytes = new Uint8Array(frame);
  if (bytes[0] !== BINARY_CALL) {
    return undefined;
  }
  const at = 3 + ((bytes[1] << 8) | bytes[2]);
  return ascii(bytes, at + 1, bytes[at]);
}

/** The size of an encoded client frame as the server measures it against `maxFrameBytes` (§2). */
export function frameLength(frame) {
  return typeof frame === 'string' ? utf8Length(frame) : frame.byteLength;
}

/**
 * A server frame as an object: the parsed JSON of a text frame (`{type, ...}`), the bare text
 * `pong` as `{type:'pong'}`, a binary push as `{type:'push', opType, ts, pos, data: ArrayBuffer,
 * binary: true}`, or `null` for what a client must ignore (unknown binary kinds, junk).
 * @param {string | ArrayBuffer} raw
 */
export function decode(raw) {
  if (typeof raw === 'string') {
    if (raw.trim().toLowerCase() === 'pong') {
      return { type: 'pong' };
    }
    try {
      const frame = JSON.parse(raw);
      return frame !== null && typeof frame === 'object' && typeof frame.type === 'string' ? frame : null;
    } catch {
      return null;
    }
  }
  return decodeBinary(raw);
}

function decodeBinary(buffer) {
  const bytes = new Uint8Array(buffer);
  const kind = bytes[0];
  if (bytes.length < 11 || (kind !== BINARY_PUSH && kind !== BINARY_PUSH_WITH_POSITION)) {
    return null;
  }
  const view = new DataView(buffer);
  const length = view.getUint16(1);
  if (bytes.length < 11 + length) {
    return null;
  }
  // opTypes and positions are ASCII by the protocol's rules, so each byte is one character.
  const opType = ascii(bytes, 3, length);
  // Two 32-bit halves instead of getBigInt64: older mini-program runtimes have no BigInt.
  const ts = view.getInt32(3 + length) * 2 ** 32 + view.getUint32(7 + length);
  let at = 11 + length;
  let pos;
  if (kind === BINARY_PUSH_WITH_POSITION) {
    if (bytes.length < at + 1 + bytes[at]) {
      return null;
    }
    pos = ascii(bytes, at + 1, bytes[at]);
    at += 1 + bytes[at];
  }
  return { type: 'push', opType, ts, pos, data: buffer.slice(at), binary: true };
}

function ascii(bytes, from, length) {
  let text = '';
  for (let i = 0; i < length; i++) {
    text += String.fromCharCode(bytes[from + i]);
  }
  return text;
}

/** The UTF-8 length of `text`, as the server measures frames against `maxFrameBytes`. */
export function utf8Length(text) {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      bytes += 1;
    } else if (unit < 0x800) {
      bytes += 2;
    } else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      bytes += 4; // a surrogate pair is one 4-byte code point
      i++;
    } else {
      bytes += 3;
    }
  }
  return bytes;
}

/**
 * The UTF-8 bytes of `text`, as TextEncoder would give them (a lone surrogate becomes U+FFFD),
 * without TextEncoder: mini-program runtimes lack it.
 */
export function utf8Bytes(text) {
  const bytes = [];
  for (let i = 0; i < text.length; i++) {
    let point = text.charCodeAt(i);
    if (point >= 0xd800 && point <= 0xdfff) {
      const low = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (point <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
        point = 0x10000 + ((point - 0xd800) << 10) + (low - 0xdc00);
        i++;
      } else {
        point = 0xfffd;
      }
    }
    if (point < 0x80) {
      bytes.push(point);
    } else if (point < 0x800) {
      bytes.push(0xc0 | (point >> 6), 0x80 | (point & 0x3f));
    } else if (point < 0x10000) {
      bytes.push(0xe0 | (point >> 12), 0x80 | ((point >> 6) & 0x3f), 0x80 | (point & 0x3f));
    } else {
      bytes.push(0xf0 | (point >> 18), 0x80 | ((point >> 12) & 0x3f), 0x80 | ((point >> 6) & 0x3f), 0x80 | (point & 0x3f));
    }
  }
  return new Uint8Array(bytes);
}
