import { describe, expect, it } from 'vitest';
import type { EvalReport } from '../src/report/index.ts';
import { cdfPoints, markdownSummary, scoreRecord, summarize, werPerClipSvg } from '../src/report/index.ts';
import { failedRecord } from '../src/targets/index.ts';

const record = (transcript: string, firstDeltaMs: number, finalLatencyMs: number) => ({
  ...failedRecord(1000, []),
  transcript,
  firstDeltaMs,
  finalLatencyMs,
  finalLatencyFrom: 'last_audio' as const,
});

const clips = [
  scoreRecord(
    { id: 'a', text: 'turn on the lights', audioPath: 'a.wav' },
    record('turn on the light', 100, 50),
  ),
  scoreRecord(
    { id: 'b', text: 'set a timer for 5 minutes', audioPath: 'b.wav' },
    record('set a timer for five minutes', 200, 70),
  ),
  scoreRecord(
    { id: 'c', text: 'hello', audioPath: 'c.wav' },
    { ...failedRecord(500, [{ code: 'timeout', message: '' }]) },
  ),
];

describe('summarize', () => {
  it('sums word errors over clips and counts clips with errors', () => {
    const s = summarize(clips, 3);
    expect(s.wer).toMatchObject({ substitutions: 1, deletions: 1, refLength: 11, errors: 2 });
    expect(s.clipsWithErrors).toBe(1);
    expect(s.errorCodes).toEqual({ timeout: 1 });
    expect(s.firstDeltaMs).toMatchObject({ count: 2, min: 100, max: 200 });
    expect(s.audioSeconds).toBeCloseTo(2.5);
    expect(s.withoutSpeech).toEqual({ clips: 0, withWords: 0, words: 0 });
  });

  it('counts the clips without speech that got words, whose WER is undefined', () => {
    const noise = (id: string, transcript: string) =>
      scoreRecord({ id, text: '', audioPath: `${id}.wav` }, record(transcript, 100, 50));
    const s = summarize([...clips, noise('n1', ''), noise('n2', 'hello there'), noise('n3', 'play')], 3);
    expect(s.withoutSpeech).toEqual({ clips: 3, withWords: 2, words: 3 });
    expect(s.wer).toMatchObject({ insertions: 3, refLength: 11 });
  });
});

describe('markdownSummary', () => {
  it('shows WER with its S/D/I counts and the clips with errors', () => {
    const report: EvalReport = {
      version: 1,
      createdAt: '2026-11-26T00:00:00.000Z',
      target: { target: 'ws://127.0.0.1:1/v1/realtime', details: {} },
      dataset: { name: 'test', kind: 'jsonl', clips: clips.length },
      options: {
        rate: 24_000,
        pacing: 'fast',
        vad: 'manual',
        chunkMs: 100,
        tailMs: 0,
        timeoutMs: 1000,
        sessions: 1,
      },
      machine: { cpu: 'cpu', cores: 2, memoryGiB: 4, os: 'Linux', node: 'v20', gpu: null },
      summary: summarize(clips, 3),
      clips,
    };
    const text = markdownSummary(report);
    expect(text).toContain('| WER | 18.2% (S 1, D 1, I 0 / 11 words) |');
    expect(text).toContain('| c | hello |  | 0/1/0 | timeout |');
    expect(text).toContain('| a | turn on the lights | turn on the light | 1/0/0 |  |');
    // "5" and "five" score the same: clip b has no errors and is not listed.
    expect(text).not.toContain('| b |');
    expect(text).not.toContain('without speech');
    const silent = { ...report.summary, withoutSpeech: { clips: 4, withWords: 1, words: 2 } };
    expect(markdownSummary({ ...report, summary: silent })).toContain(
      '| clips without speech that got words | 1 / 4 (2 words) |',
    );
  });
});

describe('plots', () => {
  it('builds CDF points that end at 1 for each series', () => {
    const points = cdfPoints([{ label: 'x', values: [30, 10, 20] }]);
    expect(points.map((p) => [p.ms, p.fraction])).toEqual([
      [10, 1 / 3],
      [20, 2 / 3],
      [30, 1],
    ]);
  });

  it('renders WER per clip as SVG', async () => {
    expect(await werPerClipSvg(clips)).toMatch(/^<svg[\s\S]*<\/svg>$/);
  });
});
