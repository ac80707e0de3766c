import { describe, expect, it } from 'vitest';
import {
  decodeAlaw,
  decodeMulaw,
  decodePcm16,
  encodeAlaw,
  encodeAudio,
  encodeMulaw,
  encodePcm16,
} from '../../src/audio/index.ts';

function int16s(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.byteLength / 2 }, (_, i) => view.getInt16(i * 2, true));
}

describe('encodePcm16', () => {
  it('maps [-1, 1] to little-endian int16, clipping beyond', () => {
    expect(int16s(encodePcm16(Float32Array.of(0, 1, -1, 0.5, 2, -2)))).toEqual([
      0, 32767, -32768, 16384, 32767, -32768,
    ]);
  });

  it('round-trips through decodePcm16 within one step', () => {
    const samples = Float32Array.from({ length: 200 }, (_, i) => Math.sin(i / 7) * 0.9);
    const back = decodePcm16(encodePcm16(samples));
    for (let i = 0; i < samples.length; i++)
      expect(Math.abs((back[i] ?? 0) - (samples[i] ?? 0))).toBeLessThan(1 / 16384);
  });
});

describe('G.711 encoders', () => {
  it('encode silence as the standard idle bytes (µ-law 0xFF, A-law 0xD5)', () => {
    expect([...encodeMulaw(new Float32Array(2))]).toEqual([0xff, 0xff]);
    expect([...encodeAlaw(new Float32Array(2))]).toEqual([0xd5, 0xd5]);
  });

  it.each([
    ['µ-law', encodeMulaw, decodeMulaw],
    ['A-law', encodeAlaw, decodeAlaw],
  ] as const)(
    '%s round-trips within its quantisation step (under 1/16 of the value, or 1e-3 near zero)',
    (_n, encode, decode) => {
      const samples = Float32Array.from({ length: 400 }, (_, i) => Math.sin(i / 11) * (i / 400));
      const back = decode(encode(samples));
      for (let i = 0; i < samples.length; i++) {
        const s = samples[i] ?? 0;
        expect(Math.abs((back[i] ?? 0) - s)).toBeLessThanOrEqual(Math.max(Math.abs(s) / 16, 1e-3));
      }
    },
  );

  it('encodeAudio picks the encoder of the session format', () => {
    const s = Float32Array.of(0.25, -0.5);
    expect(encodeAudio(s, { type: 'audio/pcm', rate: 24000 })).toEqual(encodePcm16(s));
    expect(encodeAudio(s, { type: 'audio/pcmu' })).toEqual(encodeMulaw(s));
    expect(encodeAudio(s, { type: 'audio/pcma' })).toEqual(encodeAlaw(s));
  });
});
