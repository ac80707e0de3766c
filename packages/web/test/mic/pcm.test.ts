import { describe, expect, it } from 'vitest';
import { downmix, PcmFramer } from '../../src/mic/pcm.ts';

function int16s(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.byteLength / 2 }, (_, i) => view.getInt16(i * 2, true));
}

describe('downmix', () => {
  it('averages channels', () => {
    expect([...downmix([Float32Array.of(1, 0), Float32Array.of(0, 1)])]).toEqual([0.5, 0.5]);
  });
});

describe('PcmFramer', () => {
  it('cuts same-rate audio into frames of frameMs and flushes the rest', () => {
    const framer = new PcmFramer(24000, 24000, 10);
    const frames = framer.push(new Float32Array(500).fill(0.25));
    expect(frames.map((f) => f.byteLength)).toEqual([480, 480]);
    expect(framer.flush().map((f) => f.byteLength)).toEqual([(500 - 480) * 2]);
  });

  it('resamples 44.1 kHz to 24 kHz across chunk edges: the sample count follows the rate ratio', () => {
    const framer = new PcmFramer(44100, 24000, 20);
    let samples = 0;
    const tone = (start: number, n: number) =>
      Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * (start + i)) / 44100));
    for (let i = 0; i < 20; i++)
      for (const f of framer.push(tone(i * 2205, 2205))) samples += f.byteLength / 2;
    for (const f of framer.flush()) samples += f.byteLength / 2;
    expect(Math.abs(samples - 24000)).toBeLessThanOrEqual(2);
  });

  it('keeps a tone continuous across chunk edges (no clicks)', () => {
    const chunked = new PcmFramer(48000, 24000, 20);
    const whole = new PcmFramer(48000, 24000, 20);
    const tone = Float32Array.from(
      { length: 48000 },
      (_, i) => 0.5 * Math.sin((2 * Math.PI * 300 * i) / 48000),
    );
    const a: number[] = [];
    for (let i = 0; i < tone.length; i += 333)
      for (const f of chunked.push(tone.subarray(i, i + 333))) a.push(...int16s(f));
    const b: number[] = [];
    for (const f of whole.push(tone)) b.push(...int16s(f));
    const n = Math.min(a.length, b.length);
    expect(n).toBeGreaterThan(23000);
    expect(Math.max(...a.slice(0, n).map((v, i) => Math.abs(v - (b[i] ?? 0))))).toBeLessThanOrEqual(1);
  });
});
