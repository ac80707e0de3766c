// The harness against the Earshot server over WebSocket, with the deterministic tone recognizer.
import { describe, expect, it } from 'vitest';
import { runEval } from '../src/cli/run-eval.ts';
import type { Dataset } from '../src/datasets/index.ts';
import { WsTarget } from '../src/targets/index.ts';
import { FAST_MANUAL, startToneServer, useToneServer } from './support.ts';

const SENTENCES = ['alpha bravo charlie', 'delta echo', 'foxtrot golf hotel alpha'];
const tones = useToneServer(SENTENCES);

describe('runEval against the server', () => {
  it('transcribes every clip with manual commits and measures from the last audio', async () => {
    const report = await runEval(new WsTarget({ url: tones.server.url }), tones.dataset, {
      stream: FAST_MANUAL,
      sessions: 1,
    });
    expect(report.clips.map((c) => c.transcript)).toEqual(SENTENCES);
    expect(report.summary.wer.rate).toBe(0);
    expect(report.summary.clipsWithErrors).toBe(0);
    for (const clip of report.clips) {
      expect(clip.finalLatencyFrom).toBe('last_audio');
      expect(clip.finalLatencyMs).not.toBeNull();
      expect(clip.items).toHaveLength(1);
      expect(clip.items[0]?.committedBy).toBe('client');
    }
    expect(report.summary.finalLatencyMs.count).toBe(SENTENCES.length);
  });

  it.each([['audio/pcmu'], ['audio/pcma']] as const)(
    'sends G.711 %s at 8 kHz with --format',
    async (format) => {
      const report = await runEval(new WsTarget({ url: tones.server.url }), tones.dataset, {
        stream: { ...FAST_MANUAL, rate: 8000, format },
        sessions: 1,
      });
      expect(report.clips.map((c) => c.transcript)).toEqual(SENTENCES);
      expect(report.summary.clipsWithErrors).toBe(0);
    },
  );

  it('lets server VAD commit and measures from speech_stopped', async () => {
    const report = await runEval(new WsTarget({ url: tones.server.url }), tones.dataset, {
      stream: { ...FAST_MANUAL, vad: 'server' },
      sessions: 1,
    });
    expect(report.clips.map((c) => c.transcript)).toEqual(SENTENCES);
    expect(report.summary.clipsWithErrors).toBe(0);
    for (const clip of report.clips) {
      expect(clip.items.every((item) => item.committedBy === 'vad')).toBe(true);
      expect(clip.finalLatencyFrom).toBe('speech_stopped');
    }
  });

  it('runs sessions concurrently and keeps results in tones.dataset order', async () => {
    const report = await runEval(new WsTarget({ url: tones.server.url }), tones.dataset, {
      stream: FAST_MANUAL,
      sessions: 3,
    });
    expect(report.options.sessions).toBe(3);
    expect(report.clips.map((c) => c.id)).toEqual(tones.dataset.clips.map((c) => c.id));
    expect(report.clips.map((c) => c.transcript)).toEqual(SENTENCES);
  });

  it('paces appends at real time with --realtime', async () => {
    const one: Dataset = { ...tones.dataset, clips: tones.dataset.clips.slice(1, 2) };
    const report = await runEval(new WsTarget({ url: tones.server.url }), one, {
      stream: { ...FAST_MANUAL, pacing: 'realtime' },
      sessions: 1,
    });
    const clip = report.clips[0];
    expect(clip?.transcript).toBe(SENTENCES[1]);
    // The last append goes out at its real-time offset: one chunk before the end of the audio.
    expect(clip?.sendMs ?? 0).toBeGreaterThanOrEqual((clip?.audioMs ?? 0) - FAST_MANUAL.chunkMs - 1);
  });

  it('sends 16 kHz and 48 kHz audio when asked', async () => {
    for (const rate of [16_000, 48_000]) {
      const report = await runEval(new WsTarget({ url: tones.server.url }), tones.dataset, {
        stream: { ...FAST_MANUAL, rate },
        sessions: 2,
      });
      expect(report.clips.map((c) => c.transcript)).toEqual(SENTENCES);
    }
  });

  it("collects Earshot's partial events with partials on, and nothing is rewritten", async () => {
    const report = await runEval(new WsTarget({ url: tones.server.url }), tones.dataset, {
      stream: { ...FAST_MANUAL, vad: 'server', partials: true },
      sessions: 1,
    });
    expect(report.clips.every((c) => c.items.every((item) => item.partials > 0))).toBe(true);
    expect(report.summary.droppedPartialChars).toBe(0);
    expect(report.summary.rewrittenChars).toBe(0);
  });

  it('records a refused connection as a clip error instead of throwing', async () => {
    const locked = await startToneServer(['secret']);
    try {
      const one: Dataset = { ...tones.dataset, clips: tones.dataset.clips.slice(0, 1) };
      const refused = await runEval(new WsTarget({ url: locked.url }), one, {
        stream: FAST_MANUAL,
        sessions: 1,
      });
      expect(refused.summary.clipsWithErrors).toBe(1);
      expect(refused.clips[0]?.transcript).toBe('');
      expect(refused.summary.wer.rate).toBe(1);
      const allowed = await runEval(new WsTarget({ url: locked.url, apiKey: 'secret' }), one, {
        stream: FAST_MANUAL,
        sessions: 1,
      });
      expect(allowed.clips[0]?.transcript).toBe(SENTENCES[0]);
    } finally {
      await locked.close();
    }
  });
});
