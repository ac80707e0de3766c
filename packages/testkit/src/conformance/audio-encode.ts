/** Encoders for client audio: float → PCM16 LE, G.711 µ-law / A-law, base64 (browser-safe). */
import { encodeBase64 } from '@earshot/core/audio';

/** Float samples in [-1, 1] to PCM16 little-endian bytes. */
export function toPcm16(samples: Float32Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i] ?? 0));
    view.setInt16(i * 2, Math.round(s * 32767), true);
  }
  return out;
}

/** ITU-T G.711 µ-law encoding of float samples. */
export function toMulaw(samples: Float32Array): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    let pcm = Math.round(Math.max(-1, Math.min(1, samples[i] ?? 0)) * 32767) >> 2; // 14-bit
    const sign = pcm < 0 ? 0x80 : 0;
    if (pcm < 0) pcm = -pcm;
    pcm = Math.min(pcm + 33, 8191);
    let segment = 0;
    for (let v = pcm >> 6; v > 0; v >>= 1) segment++;
    const mantissa = (pcm >> (segment + 1)) & 0x0f;
    out[i] = ~(sign | (segment << 4) | mantissa) & 0xff;
  }
  return out;
}

/** ITU-T G.711 A-law encoding of float samples. */
export function toAlaw(samples: Float32Array): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    let pcm = Math.round(Math.max(-1, Math.min(1, samples[i] ?? 0)) * 32767) >> 3; // 13-bit
    const sign = pcm >= 0 ? 0x80 : 0;
    if (pcm < 0) pcm = -pcm - 1;
    let code: number;
    if (pcm < 32) code = pcm >> 1;
    else {
      let segment = 1;
      for (let v = pcm >> 5; v > 1; v >>= 1) segment++;
      code = (segment << 4) | ((pcm >> segment) & 0x0f);
    }
    out[i] = (sign | code) ^ 0x55;
  }
  return out;
}

/** Base64 of bytes. */
export function b64(bytes: Uint8Array): string {
  return encodeBase64(bytes);
}
