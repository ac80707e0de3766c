/**
 * Float samples in [-1, 1] → the bytes of each session format: PCM16 little-endian (clipped,
 * −1 → −32768, +1 → 32767) and ITU-T G.711 µ-law / A-law — what a client sends in
 * `input_audio_buffer.append`. The inverses of `decoders.ts`.
 */
import type { AudioFormat } from './formats.ts';

const clip = (s: number | undefined) => Math.max(-1, Math.min(1, s ?? 0));

/** 16-bit little-endian PCM bytes of `samples`. */
export function encodePcm16(samples: Float32Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) {
    const s = clip(samples[i]);
    view.setInt16(i * 2, Math.round(s < 0 ? s * 32768 : s * 32767), true);
  }
  return out;
}

/** G.711 µ-law bytes of `samples` (14-bit magnitude, bias 33, eight segments). */
export function encodeMulaw(samples: Float32Array): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    let pcm = Math.round(clip(samples[i]) * 32767) >> 2;
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

/** G.711 A-law bytes of `samples` (13-bit magnitude, even bits inverted). */
export function encodeAlaw(samples: Float32Array): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    let pcm = Math.round(clip(samples[i]) * 32767) >> 3;
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

/** The bytes of `samples` (already at the format's rate) in `format`. */
export function encodeAudio(samples: Float32Array, format: AudioFormat): Uint8Array {
  switch (format.type) {
    case 'audio/pcm':
      return encodePcm16(samples);
    case 'audio/pcmu':
      return encodeMulaw(samples);
    case 'audio/pcma':
      return encodeAlaw(samples);
  }
}
