const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Map([...ALPHABET].map((char, index) => [char, index]));

/** Decodes standard base64 (padding optional) without `atob`, which mini-programs lack. */
export function base64ToArrayBuffer(text) {
  const clean = text.replace(/[\s=]/g, '');
  const bytes = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const char of clean) {
    const digit = VALUES.get(char);
    if (digit === undefined) {
      throw new Error(`not base64: '${char}'`);
    }
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[at++] = (value >> bits) & 0xff;
    }
  }
  return bytes.buffer.slice(0, at);
}

/** Encodes bytes as standard base64 (with padding) without `btoa`, which mini-programs lack. */
export function arrayBufferToBase64(buffer) {
  const bytes = new Uint8Array(buffer);
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const rest = bytes.length - i;
    const value = (bytes[i] << 16) | ((rest > 1 ? bytes[i + 1] : 0) << 8) | (rest > 2 ? bytes[i + 2] : 0);
    text += ALPHABET[(value >> 18) & 63] + ALPHABET[(value >> 12) & 63]
      + (rest > 1 ? ALPHABET[(value >> 6) & 63] : '=') + (rest > 2 ? ALPHABET[value & 63] : '=');
  }
  return text;
}
