import { bytesPerSampleOf, sampleRateOf } from '@earshot/core/audio';
import { describe, expect, it } from 'vitest';

describe('sampleRateOf', () => {
  it('returns the PCM rate, and 8000 Hz for G.711', () => {
    expect(sampleRateOf({ type: 'audio/pcm', rate: 24000 })).toBe(24000);
    expect(sampleRateOf({ type: 'audio/pcm', rate: 48000 })).toBe(48000);
    expect(sampleRateOf({ type: 'audio/pcmu' })).toBe(8000);
    expect(sampleRateOf({ type: 'audio/pcma' })).toBe(8000);
  });
});

describe('bytesPerSampleOf', () => {
  it('is 2 for PCM16 and 1 for G.711', () => {
    expect(bytesPerSampleOf({ type: 'audio/pcm', rate: 16000 })).toBe(2);
    expect(bytesPerSampleOf({ type: 'audio/pcmu' })).toBe(1);
    expect(bytesPerSampleOf({ type: 'audio/pcma' })).toBe(1);
  });
});
