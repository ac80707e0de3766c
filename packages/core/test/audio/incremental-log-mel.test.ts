import { IncrementalLogMel, logMelSpectrogram } from '@earshot/core/audio';
import { describe, expect, it } from 'vitest';
import { concat, fixtureWav, lcgStates, SPEECH_16K } from './support.ts';

/** The three speech fixtures one after another (≈ 10 s). */
const SPEECH = concat(SPEECH_16K.map((name) => fixtureWav(name).samples));

describe('IncrementalLogMel', () => {
  it('gives bit for bit the whole-signal spectrogram as a window grows, shrinks back to a prefix, and moves on', () => {
    const speech = SPEECH;
    const rolls = lcgStates(200, 11).map((state) => state / 2 ** 32);
    const random = () => rolls.shift() ?? 0.5;
    const incremental = new IncrementalLogMel();
    let start = 0;
    let length = 0;
    let calls = 0;
    while (start + length < speech.length && calls < 60) {
      calls++;
      const roll = random();
      if (roll < 0.6) {
        length += Math.floor(random() * 12_000); // a chunk arrives (any size, not whole hops)
      } else if (roll < 0.8) {
        length = Math.floor(random() * length); // the head before a cut: a prefix
      } else {
        const cut = Math.floor(random() * length); // the window slides: a new start
        start += cut;
        length -= cut;
      }
      const end = Math.min(speech.length, start + length);
      const samples = speech.subarray(start, end);
      const got = incremental.compute(samples, start);
      const want = logMelSpectrogram(samples);
      expect(got.frames).toBe(want.frames);
      expect(Buffer.from(got.data.buffer).equals(Buffer.from(want.data.buffer))).toBe(true);
    }
    expect(calls).toBeGreaterThan(20);
  });

  it('gives the same spectrogram for signals shorter than the 0.5 s minimum as they grow past it', () => {
    const incremental = new IncrementalLogMel();
    for (const length of [100, 199, 200, 201, 1_600, 7_999, 8_000, 8_001, 9_000]) {
      const samples = SPEECH.subarray(4_000, 4_000 + length);
      const want = logMelSpectrogram(samples);
      expect(Array.from(incremental.compute(samples, 4_000).data)).toEqual(Array.from(want.data));
    }
  });

  it('starts over when the start moves, even for the same samples', () => {
    const incremental = new IncrementalLogMel();
    const a = SPEECH.subarray(0, 16_000);
    incremental.compute(a, 0);
    // Same position, other samples: the caller broke its promise, so this shows the cache is used...
    const other = SPEECH.subarray(16_000, 32_000);
    const cached = incremental.compute(other, 0);
    expect(Array.from(cached.data)).not.toEqual(Array.from(logMelSpectrogram(other).data));
    // ...and a new start is computed afresh.
    expect(Array.from(incremental.compute(other, 16_000).data)).toEqual(
      Array.from(logMelSpectrogram(other).data),
    );
  });
});
