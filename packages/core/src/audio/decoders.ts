/**
 * Byte decoders for the protocol's input formats: PCM16 little-endian and ITU-T G.711 µ-law/A-law,
 * producing float samples in [-1, 1) scaled by 1/32768.
 */

import type { AudioFormat } from './formats.ts';

/** Full scale of 16-bit PCM: a sample of value v decodes to v / PCM16_SCALE. */
const PCM16_SCALE = 32768;

/** Bias added to the µ-law magnitude before expansion (G.711: 33 in 14-bit units, 132 in 16-bit). */
const MULAW_BIAS = 0x84;

/** Bits XOR-ed into every A-law code (G.711 inverts the even bits on the line). */
const ALAW_XOR = 0x55;

/** G.711 µ-law expansion of one code to a 16-bit linear value (ITU-T G.711 Table 2, ×4). */
function mulawToLinear(code: number): number {
  const u = ~code & 0xff;
  const magnitude = (((u & 0x0f) << 3) + MULAW_BIAS) << ((u & 0x70) >> 4);
  return u & 0x80 ? MULAW_BIAS - magnitude : magnitude - MULAW_BIAS;
}

/** G.711 A-law expansion of one code to a 16-bit linear value (ITU-T G.711 Table 1, ×8). */
function alawToLinear(code: number): number {
  const a = code ^ ALAW_XOR;
  const segment = (a & 0x70) >> 4;
  let magnitude = (a & 0x0f) << 4;
  if (segment === 0) magnitude += 8;
  else magnitude = (magnitude + 0x108) << (segment - 1);
  return a & 0x80 ? magnitude : -magnitude;
}

/** Builds a 256-entry float table from a code → 16-bit linear map. */
function buildTable(expand: (code: number) => number): Float32Array {
  const table = new Float32Array(256);
  for (let code = 0; code < 256; code++) table[code] = expand(code) / PCM16_SCALE;
  return table;
}

/** µ-law code → float sample. */
const MULAW_TABLE = buildTable(mulawToLinear);

/** A-law code → float sample. */
const ALAW_TABLE = buildTable(alawToLinear);

/** Maps every byte through a 256-entry table. */
function decodeWithTable(bytes: Uint8Array, table: Float32Array): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = table[bytes[i] as number] as number;
  return out;
}

/** One PCM16 sample from its low and high byte, as a float. */
function pcm16Sample(low: number, high: number): number {
  return (((low | (high << 8)) << 16) >> 16) / PCM16_SCALE;
}

/** Decodes `count` PCM16 samples from `bytes[from…]` into `out[at…]`. */
function decodePcm16Into(
  bytes: Uint8Array,
  from: number,
  count: number,
  out: Float32Array,
  at: number,
): void {
  for (let i = 0, j = from; i < count; i++, j += 2) {
    out[at + i] = pcm16Sample(bytes[j] as number, bytes[j + 1] as number);
  }
}

/** Decodes 16-bit little-endian PCM to float samples (value / 32768); an odd trailing byte is ignored. */
export function decodePcm16(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length >> 1);
  decodePcm16Into(bytes, 0, out.length, out, 0);
  return out;
}

/** Decodes G.711 µ-law bytes to float samples (16-bit linear value / 32768, e.g. 0xFF → 0, 0x00 → -32124/32768). */
export function decodeMulaw(bytes: Uint8Array): Float32Array {
  return decodeWithTable(bytes, MULAW_TABLE);
}

/** Decodes G.711 A-law bytes to float samples (16-bit linear value / 32768, e.g. 0xD5 → 8/32768, 0xAA → 32256/32768). */
export function decodeAlaw(bytes: Uint8Array): Float32Array {
  return decodeWithTable(bytes, ALAW_TABLE);
}

/**
 * Turns a stream of byte chunks in one {@link AudioFormat} into float samples at the format's rate,
 * carrying a PCM16 sample split across chunks over to the next chunk, so no byte is lost.
 */
export class ByteStreamDecoder {
  /** The format this decoder reads. */
  readonly format: AudioFormat;
  /** The held-back low byte of a split PCM16 sample, or -1. */
  private pending = -1;

  /** Creates a decoder for `format`, with nothing pending. */
  constructor(format: AudioFormat) {
    this.format = format;
  }

  /** Bytes held back from the chunks so far (0, or 1 for the first half of a PCM16 sample). */
  get pendingBytes(): number {
    return this.pending < 0 ? 0 : 1;
  }

  /** Decodes one chunk of any length (0 included) and returns the samples it completes. */
  decode(bytes: Uint8Array): Float32Array {
    if (this.format.type === 'audio/pcmu') return decodeMulaw(bytes);
    if (this.format.type === 'audio/pcma') return decodeAlaw(bytes);
    const carried = this.pending < 0 ? 0 : 1;
    const total = carried + bytes.length;
    const out = new Float32Array(total >> 1);
    let from = 0;
    let at = 0;
    if (carried === 1 && bytes.length > 0) {
      out[0] = pcm16Sample(this.pending, bytes[0] as number);
      from = 1;
      at = 1;
    }
    decodePcm16Into(bytes, from, out.length - at, out, at);
    if (total % 2 === 1) this.pending = bytes.length > 0 ? (bytes[bytes.length - 1] as number) : this.pending;
    else this.pending = -1;
    return out;
  }

  /** Drops any pending byte, as at the start of a new stream. */
  reset(): void {
    this.pending = -1;
  }
}
