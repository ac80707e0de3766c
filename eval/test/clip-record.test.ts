import { describe, expect, it } from 'vitest';
import {
  commonPrefixLength,
  droppedPartialChars,
  maxGap,
  maxSpeechGap,
  rewrittenChars,
  speechPauses,
  speechSpan,
} from '../src/targets/index.ts';

describe('rewrittenChars', () => {
  it('is 0 when the deltas are the final transcript', () => {
    expect(rewrittenChars(' turn on the lights', 'turn on the lights')).toBe(0);
  });

  it('counts streamed characters past the divergence from the final', () => {
    // "turn on the light" then the final says "turn off the lights": "on the light" (12) was replaced.
    expect(rewrittenChars(' turn on the light', 'turn off the lights')).toBe(12);
  });

  it('is 0 when the final only extends the deltas, even inside the last word', () => {
    expect(rewrittenChars(' set a', 'set a timer')).toBe(0);
    expect(rewrittenChars(' set a tim', 'set a timer')).toBe(0);
  });

  it('counts everything for deltas the final dropped entirely', () => {
    expect(rewrittenChars(' hello', '')).toBe(5);
  });
});

describe('droppedPartialChars', () => {
  it('counts partial text that the next partial or the final replaced', () => {
    // "turn of" → "turn on the": "of" is not a prefix of "on", so "of" (2) is dropped;
    // "turn on the" → the final "turn on the lights" keeps everything.
    expect(droppedPartialChars(['turn of', 'turn on the'], 'turn on the lights')).toBe(2);
    // "turn o" → "turn on": the last word is only completed.
    expect(droppedPartialChars(['turn o', 'turn on'], 'turn on')).toBe(0);
  });

  it('is 0 without partials', () => {
    expect(droppedPartialChars([], 'anything')).toBe(0);
  });
});

describe('commonPrefixLength', () => {
  it('measures the shared prefix', () => {
    expect(commonPrefixLength('abcd', 'abxd')).toBe(2);
    expect(commonPrefixLength('', 'a')).toBe(0);
  });
});

describe('speechSpan', () => {
  it('finds where the speech begins and ends, to a 20 ms block', () => {
    const rate = 16000;
    const pcm = new Uint8Array(rate * 2 * 2); // 2 s, silence
    const view = new DataView(pcm.buffer);
    for (let i = Math.round(0.5 * rate); i < Math.round(1.3 * rate); i++)
      view.setInt16(i * 2, Math.round(8000 * Math.sin(i / 5)), true);
    expect(speechSpan(pcm, rate)).toEqual({ onsetMs: 500, endMs: 1300 });
    expect(speechSpan(new Uint8Array(3200), rate)).toBeNull();
  });
});

describe('maxGap', () => {
  it('takes the longest wait from onset through the deltas to the end of speech', () => {
    expect(maxGap(500, 4000, [1200, 1900, 3100])).toBe(1200);
    // No delta while speaking: the whole speech is one gap; deltas after the end do not count.
    expect(maxGap(500, 4000, [4500])).toBe(3500);
  });
});

describe('speechPauses', () => {
  it('finds the quiet runs of at least 500 ms inside the speech, to a 20 ms block', () => {
    const rate = 16000;
    const pcm = new Uint8Array(rate * 4 * 2); // 4 s
    const view = new DataView(pcm.buffer);
    const tone = (from: number, to: number) => {
      for (let i = Math.round(from * rate); i < Math.round(to * rate); i++)
        view.setInt16(i * 2, Math.round(8000 * Math.sin(i / 5)), true);
    };
    tone(0.5, 1.3); // speech, a 0.2 s pause (too short), speech, a 0.7 s pause, speech
    tone(1.5, 2.0);
    tone(2.7, 3.2);
    expect(speechPauses(pcm, rate)).toEqual([{ startMs: 2000, endMs: 2700 }]);
    expect(speechPauses(pcm, rate, 200)).toEqual([
      { startMs: 1300, endMs: 1500 },
      { startMs: 2000, endMs: 2700 },
    ]);
    expect(speechPauses(new Uint8Array(3200), rate)).toEqual([]);
  });
});

describe('maxSpeechGap', () => {
  it('leaves the pauses out of each wait between deltas', () => {
    // Deltas at 1.2 and 4.4 s; a pause 2.0-2.7 s lies inside the second wait: 3.2 s - 0.7 s.
    const pauses = [{ startMs: 2000, endMs: 2700 }];
    expect(maxSpeechGap(500, 5000, [1200, 4400], pauses)).toBe(2500);
    expect(maxGap(500, 5000, [1200, 4400])).toBe(3200);
    // A pause reaching past a wait counts only inside it.
    expect(maxSpeechGap(500, 3000, [2300], pauses)).toBe(1500);
  });
});
