/**
 * Standard base64 (RFC 4648 §4) for `input_audio_buffer.append` payloads, without platform APIs.
 *
 * Decoding is strict: only `A–Z a–z 0–9 + /` and trailing `=` padding, no whitespace, no URL-safe
 * alphabet. Padding is optional, but when present it must complete the last quantum. The unused
 * low bits of a final partial quantum are ignored (as `atob` does).
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Marks a character code outside the alphabet in {@link DECODE_TABLE}. */
const INVALID = 0xff;

/** Maps a UTF-16 code unit (< 256) to its 6-bit value, or INVALID. */
const DECODE_TABLE: Uint8Array = (() => {
  const table = new Uint8Array(256).fill(INVALID);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

/** ASCII codes of the alphabet, indexed by 6-bit value. */
const ENCODE_TABLE: Uint8Array = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));

/** Padding character code (`=`). */
const PAD = 0x3d;

/** Characters passed to one `String.fromCharCode` call while encoding (keeps the argument list short). */
const ENCODE_BLOCK = 0x1000;

/** Value of one character, or INVALID (also for code units ≥ 256). */
function sextet(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code < 256 ? (DECODE_TABLE[code] as number) : INVALID;
}

/**
 * Decodes standard base64 text (padding optional, no whitespace) to bytes; returns `null` for any
 * invalid input and never throws.
 */
export function decodeBase64(text: string): Uint8Array | null {
  let length = text.length;
  if (length > 0 && text.charCodeAt(length - 1) === PAD) {
    // Padding is only legal when it completes a 4-character quantum, at most two characters.
    if (length % 4 !== 0) return null;
    length--;
    if (text.charCodeAt(length - 1) === PAD) length--;
  }
  const tail = length % 4;
  if (tail === 1) return null;
  const fullQuanta = (length - tail) / 4;
  const out = new Uint8Array(fullQuanta * 3 + (tail === 0 ? 0 : tail - 1));

  let o = 0;
  let i = 0;
  const end = fullQuanta * 4;
  while (i < end) {
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    const c = sextet(text, i + 2);
    const d = sextet(text, i + 3);
    // INVALID (0xff) is the only value with bit 6 or 7 set.
    if ((a | b | c | d) & 0xc0) return null;
    const word = (a << 18) | (b << 12) | (c << 6) | d;
    out[o] = word >>> 16;
    out[o + 1] = (word >>> 8) & 0xff;
    out[o + 2] = word & 0xff;
    o += 3;
    i += 4;
  }
  if (tail >= 2) {
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    const c = tail === 3 ? sextet(text, i + 2) : 0;
    if ((a | b | c) & 0xc0) return null;
    out[o] = (a << 2) | (b >>> 4);
    if (tail === 3) out[o + 1] = ((b & 0x0f) << 4) | (c >>> 2);
  }
  return out;
}

/** Encodes bytes as standard base64 text with `=` padding. */
export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const codes = new Uint8Array(ENCODE_BLOCK);
  let n = 0;
  const flush = (): void => {
    const text: string = Reflect.apply(
      String.fromCharCode,
      null,
      n === ENCODE_BLOCK ? codes : codes.subarray(0, n),
    );
    parts.push(text);
    n = 0;
  };
  const full = bytes.length - (bytes.length % 3);
  for (let i = 0; i < full; i += 3) {
    const word = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    codes[n] = ENCODE_TABLE[word >>> 18] as number;
    codes[n + 1] = ENCODE_TABLE[(word >>> 12) & 0x3f] as number;
    codes[n + 2] = ENCODE_TABLE[(word >>> 6) & 0x3f] as number;
    codes[n + 3] = ENCODE_TABLE[word & 0x3f] as number;
    n += 4;
    if (n === ENCODE_BLOCK) flush();
  }
  const rest = bytes.length - full;
  if (rest > 0) {
    const b0 = bytes[full] as number;
    const b1 = rest === 2 ? (bytes[full + 1] as number) : 0;
    codes[n] = ENCODE_TABLE[b0 >>> 2] as number;
    codes[n + 1] = ENCODE_TABLE[((b0 & 0x03) << 4) | (b1 >>> 4)] as number;
    codes[n + 2] = rest === 2 ? (ENCODE_TABLE[(b1 & 0x0f) << 2] as number) : PAD;
    codes[n + 3] = PAD;
    n += 4;
  }
  if (n > 0) flush();
  return parts.join('');
}
