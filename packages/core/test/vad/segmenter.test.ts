import { speakTones } from '@earshot/testkit/tones';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EnergySpeechScorer, type VadEvent, VadSegmenter } from '../../src/vad/index.ts';

const settings = { threshold: 0.5, silenceDurationMs: 500 };

async function run(samples: Float32Array, chunks: number[]): Promise<VadEvent[]> {
  const segmenter = new VadSegmenter(new EnergySpeechScorer(), settings);
  const events: VadEvent[] = [];
  let offset = 0;
  for (const size of chunks) {
    events.push(...(await segmenter.process(samples.subarray(offset, offset + size))));
    offset += size;
  }
  events.push(...(await segmenter.process(samples.subarray(offset))));
  return events;
}

/** Two tone phrases at 16 kHz with a 1.2 s silence between them and 1 s after. */
function twoTurns(): { audio: Float32Array; firstEnd: number; secondStart: number } {
  const a = speakTones(['alpha', 'bravo'], 16000, 0);
  const b = speakTones(['charlie'], 16000, 0);
  const audio = new Float32Array(8000 + a.length + 19200 + b.length + 16000);
  audio.set(a, 8000);
  audio.set(b, 8000 + a.length + 19200);
  return { audio, firstEnd: 8000 + a.length, secondStart: 8000 + a.length + 19200 };
}

describe('VadSegmenter', () => {
  it('finds each turn of speech with the energy scorer', async () => {
    const { audio, secondStart } = twoTurns();
    const events = await run(audio, []);
    expect(events.map((e) => e.type)).toEqual(['speech_start', 'speech_end', 'speech_start', 'speech_end']);
    expect(Math.abs((events[0]?.sample ?? 0) - 8000)).toBeLessThanOrEqual(480);
    expect(Math.abs((events[2]?.sample ?? 0) - secondStart)).toBeLessThanOrEqual(480);
    for (const e of events) expect(e.detectedAt).toBeGreaterThanOrEqual(e.sample);
    // The end is decided silence_duration_ms after the last speech frame.
    const end = events[1];
    expect((end?.detectedAt ?? 0) - (end?.sample ?? 0)).toBeGreaterThanOrEqual(500 * 16);
  });

  it('gives the same events however the audio is chunked', async () => {
    const { audio } = twoTurns();
    const reference = await run(audio, []);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 60 }), async (chunks) => {
        expect(await run(audio, chunks)).toEqual(reference);
      }),
      { numRuns: 50 },
    );
  });

  it('ignores a click shorter than the minimum speech time', async () => {
    const audio = new Float32Array(32000);
    for (let i = 16000; i < 16000 + 320; i++) audio[i] = 0.5;
    expect(await run(audio, [])).toEqual([]);
  });

  it('does not start on steady noise the floor has adapted to', async () => {
    let seed = 1;
    const noise = new Float32Array(16000 * 5).map(() => {
      seed = (seed * 16807) % 2147483647;
      return (seed / 2147483647 - 0.5) * 0.02;
    });
    const events = await run(noise, []);
    expect(events.filter((e) => e.type === 'speech_start').length).toBeLessThanOrEqual(1);
  });
});
