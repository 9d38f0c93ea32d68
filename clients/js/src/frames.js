/**
 * Encoding of client frames and decoding of server frames (docs/PROTOCOL.md §3, §4), with no
 * platform API beyond what every mini-program runtime has (no TextEncoder/TextDecoder).
 */

/** Kind bytes of a binary push (§4.5): 2 carries the position, 1 (older gateways) does not. */
const BINARY_PUSH = 1;
const BINARY_PUSH_WITH_POSITION = 2;

export const encode = {
  subscribe: (id, opTypes, positions) => JSON.stringify(positions && Object.keys(positions).length > 0
    ? { type: 'subscribe', id, opTypes, positions } : { type: 'subscribe', id, opTypes }),
  unsubscribe: (id, opTypes) => JSON.stringify({ type: 'unsubscribe', id, opTypes }),
  ping: () => '{"type":"ping"}',
  message: (opType, data) => JSON.stringify({ type: 'message', opType, data: data === undefined ? null : data }),
  call: (id, opType, data) => JSON.stringify({ type: 'call', id, opType, data: data === undefined ? null : data }),
};

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
