import {
  type HypothesisText,
  isWordBoundary,
  lastWordBoundary,
  normalizeTranscript,
  type TranscriptFinish,
  TranscriptState,
  type TranscriptUpdate,
} from '@earshot/core/streaming';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countWords, hypothesisSequence, monotoneSequence, words } from './arbitraries.ts';

const RUNS = 1000;

/** Feeds hypotheses (plain strings use local agreement) and returns every update. */
function feed(state: TranscriptState, hypotheses: readonly (string | HypothesisText)[]): TranscriptUpdate[] {
  return hypotheses.map((h) => state.update(typeof h === 'string' ? { text: h } : h));
}

const deltas = (updates: readonly TranscriptUpdate[]): string[] => updates.map((u) => u.delta);

/** The deltas of a new state fed `hypotheses`. */
const deltasOf = (hypotheses: readonly string[]): string[] => deltas(feed(new TranscriptState(), hypotheses));

/** The update with these fields (not revised unless said). */
const updated = (delta: string, stable: string, tentative: string, revised = false): TranscriptUpdate => ({
  delta,
  stable,
  tentative,
  revised,
});

/** The result of `finish` with these fields (not revised unless said). */
const finished = (delta: string, transcript: string, revised = false): TranscriptFinish => ({
  delta,
  transcript,
  revised,
});

describe('TranscriptState.update (local agreement)', () => {
  it('emits nothing for the first hypothesis', () => {
    const state = new TranscriptState();
    expect(state.update({ text: 'turn on the lights' })).toEqual(updated('', '', 'turn on the lights'));
  });

  it('emits words once two hypotheses agree, with OpenAI-style leading spaces', () => {
    const state = new TranscriptState();
    const updates = feed(state, ['turn', 'turn on', 'turn on the', 'turn on the lights']);
    expect(deltas(updates)).toEqual(['', 'turn', ' on', ' the']);
    expect(updates[3]).toMatchObject({ stable: 'turn on the', tentative: ' lights', revised: false });
    expect(state.finish('turn on the lights')).toEqual(finished(' lights', 'turn on the lights'));
    expect(state.emitted).toBe('turn on the lights');
  });

  it('never emits half a word when the hypothesis ends mid-word', () => {
    const state = new TranscriptState();
    const updates = feed(state, ['turn on the kit', 'turn on the kitchen', 'turn on the kitchen lights']);
    expect(deltas(updates)).toEqual(['', 'turn on the', ' kitchen']);
    expect(updates[1]?.tentative).toBe(' kitchen');
  });

  it('emits nothing where the two hypotheses end a word in different places', () => {
    expect(deltasOf(['turnip on', 'turn on the', 'turn on the lights'])).toEqual(['', '', 'turn on the']);
  });

  it('emits all but the last word when the previous text comes back again', () => {
    const state = new TranscriptState();
    const updates = feed(state, ['turn on the kit', 'turn on the kit', 'turn on the kit']);
    expect(deltas(updates)).toEqual(['', 'turn on the', '']);
    expect(state.emitted).toBe('turn on the');
  });

  it('handles empty and whitespace-only hypotheses', () => {
    const state = new TranscriptState();
    const empty = { delta: '', stable: '', tentative: '', revised: false };
    expect(feed(state, ['', ' \n\t\u00a0 ', ''])).toEqual([empty, empty, empty]);
    expect(state.finish('  ')).toEqual({ delta: '', transcript: '', revised: false });
  });

  it('treats an empty hypothesis after emission as a rollback, not a revision', () => {
    const state = new TranscriptState();
    feed(state, ['turn on the', 'turn on the lights']);
    expect(state.update({ text: '' })).toEqual(updated('', 'turn on the', ''));
  });

  it('drops a filler word from a silent first chunk that later disappears', () => {
    const state = new TranscriptState();
    const updates = feed(state, ['Yeah.', 'Turn on', 'Turn on the', 'Turn on the lights']);
    expect(deltas(updates)).toEqual(['', '', 'Turn on', ' the']);
    expect(updates.some((u) => u.revised)).toBe(false);
    expect(state.finish('Turn on the lights.').delta).toBe(' lights.');
  });

  it('does not duplicate text when a hypothesis shrinks and regrows', () => {
    const state = new TranscriptState();
    const updates = feed(state, [
      'turn on the lights',
      'turn on the lights in',
      'turn on',
      'turn on the',
      'turn on the lights in the kitchen',
      'turn on the lights in the kitchen please',
    ]);
    expect(deltas(updates)).toEqual(['', 'turn on the lights', '', '', '', ' in the kitchen']);
    expect(updates[2]).toEqual({ delta: '', stable: 'turn on the lights', tentative: '', revised: false });
    expect(state.emitted).toBe('turn on the lights in the kitchen');
  });

  it('reports a contradiction, holds emission back, and resumes once the hypothesis extends the emitted text', () => {
    const state = new TranscriptState();
    feed(state, ['turn on the', 'turn on the light']);
    expect(state.emitted).toBe('turn on the');
    const contradicting = feed(state, ['turn off the light', 'turn off the light now']);
    expect(contradicting).toEqual([
      { delta: '', stable: 'turn on the', tentative: '', revised: true },
      { delta: '', stable: 'turn on the', tentative: '', revised: true },
    ]);
    expect(state.hypothesis).toBe('turn off the light now');
    const resumed = feed(state, ['turn on the light now', 'turn on the light now please']);
    expect(deltas(resumed)).toEqual(['', ' light now']);
    expect(resumed.every((u) => !u.revised)).toBe(true);
  });

  it('keeps a filler that two hypotheses agreed on, and merges a final that drops it onto it', () => {
    const state = new TranscriptState();
    feed(state, ['Um, turn', 'Um, turn on']);
    expect(state.emitted).toBe('Um, turn');
    expect(state.update({ text: 'Turn on the lights' }).revised).toBe(true);
    // The final is merged onto what was emitted, after the emitted text's last word.
    expect(state.finish('Turn on the lights.')).toEqual(
      finished(' on the lights.', 'Um, turn on the lights.', true),
    );
    expect(state.emitted).toBe('Um, turn on the lights.');
  });

  it('keeps punctuation attached to its word', () => {
    const state = new TranscriptState();
    const updates = feed(state, ['Hello,', 'Hello, world.', 'Hello, world. How']);
    expect(deltas(updates)).toEqual(['', 'Hello,', ' world.']);
    expect(state.finish('Hello, world. How are you?').delta).toBe(' How are you?');
  });

  it('joins spaced punctuation to the word before it', () => {
    const state = new TranscriptState();
    const updates = feed(state, ['Hello , world', 'Hello , world !']);
    expect(deltas(updates)).toEqual(['', 'Hello,']);
    expect(updates[1]?.tentative).toBe(' world!');
  });

  it('emits CJK character by character, with no spaces', () => {
    const state = new TranscriptState();
    const updates = feed(state, ['今天', '今天 天气', '今天天气很好']);
    expect(deltas(updates)).toEqual(['', '今天', '天气']);
    expect(state.finish('今天天气很好。')).toEqual(finished('很好。', '今天天气很好。'));
  });

  it('joins Latin words inside CJK text without spaces', () => {
    expect(deltasOf(['我用 ChatGPT', '我用 ChatGPT 写代码', '我用ChatGPT写代码吧'])).toEqual([
      '',
      '我用ChatGPT',
      '写代码',
    ]);
  });

  it('cuts Korean at spaces only', () => {
    expect(deltasOf(['안녕하세요 여러', '안녕하세요 여러분', '안녕하세요 여러분 반갑습니다'])).toEqual([
      '',
      '안녕하세요',
      ' 여러분',
    ]);
  });
});

describe('TranscriptState.update (stableLength)', () => {
  it('emits the stable prefix cut back to a word boundary, even on the first hypothesis', () => {
    const state = new TranscriptState();
    expect(state.update({ text: 'turn on the kit', stableLength: 15 })).toEqual(
      updated('turn on the', 'turn on the', ' kit'),
    );
    expect(state.update({ text: 'turn on the kitchen lights', stableLength: 20 }).delta).toBe(' kitchen');
  });

  it('emits a Latin word only when the character ending it is stable too', () => {
    const state = new TranscriptState();
    expect(state.update({ text: 'turn on', stableLength: 4 }).delta).toBe('');
    expect(state.update({ text: 'turnip on', stableLength: 7 }).delta).toBe('turnip');
  });

  it('emits a stable CJK character as a word of its own', () => {
    const state = new TranscriptState();
    expect(state.update({ text: '今天天气', stableLength: 2 })).toEqual(updated('今天', '今天', '天气'));
  });

  it('uses stableLength instead of local agreement', () => {
    const state = new TranscriptState();
    const updates = feed(state, [
      { text: 'turn on the lights', stableLength: 0 },
      { text: 'turn on the lights', stableLength: 0 },
      { text: 'turn on the lights now', stableLength: 4 },
    ]);
    expect(deltas(updates)).toEqual(['', '', '']);
    expect(state.update({ text: 'turn on the lights now', stableLength: 5 }).delta).toBe('turn');
  });

  it('measures stableLength in the raw text and normalises the prefix', () => {
    const state = new TranscriptState();
    const update = state.update({ text: '  turn \n on   the  lights', stableLength: 17 });
    expect(update).toMatchObject({ delta: 'turn on', tentative: ' the lights' });
  });

  it('clamps out-of-range stableLength and ignores NaN', () => {
    const state = new TranscriptState();
    expect(state.update({ text: 'turn on', stableLength: -3 }).delta).toBe('');
    expect(state.update({ text: 'turn on the', stableLength: 1000 }).delta).toBe('turn on');
    expect(state.update({ text: 'turn on the lights', stableLength: Number.NaN }).delta).toBe(' the');
  });
});

describe('TranscriptState.finish', () => {
  it('sends the rest of the final text after what was emitted', () => {
    const state = new TranscriptState();
    feed(state, ['turn on', 'turn on the']);
    expect(state.finish(' turn  on the lights ')).toEqual(finished(' the lights', 'turn on the lights'));
  });

  it('sends the whole transcript when nothing was emitted', () => {
    const state = new TranscriptState();
    expect(state.finish('你好 世界')).toEqual({ delta: '你好世界', transcript: '你好世界', revised: false });
  });

  it('keeps the emitted text when the final text falls short of it or contradicts it', () => {
    const state = new TranscriptState();
    feed(state, ['turn on the lights', 'turn on the lights now']);
    expect(state.finish('turn on the')).toEqual(finished('', 'turn on the lights', true));
    expect(state.emitted).toBe('turn on the lights');
    const other = new TranscriptState();
    feed(other, ['call alfa bravo', 'call alfa bravo charlie']);
    expect(other.finish('call alpha bravo charlie delta').transcript).toBe('call alfa bravo charlie delta');
  });
});

describe('TranscriptState properties', () => {
  it('(a) keeps deltas, emitted and stable consistent, growing, and free of duplicates', () => {
    fc.assert(
      fc.property(hypothesisSequence(), (hypotheses) => {
        const state = new TranscriptState();
        const snapshots: string[] = [];
        const maxCounts = new Map<string, number>();
        let concatenated = '';
        let source = '';
        for (const hypothesis of hypotheses) {
          const normalised = normalizeTranscript(hypothesis.text);
          for (const [word, count] of countWords(words(normalised))) {
            maxCounts.set(word, Math.max(maxCounts.get(word) ?? 0, count));
          }
          const before = state.emitted;
          const update = state.update(hypothesis);
          concatenated += update.delta;
          if (update.delta !== '') source = normalised;
          expect(concatenated).toBe(state.emitted);
          expect(state.emitted.startsWith(before)).toBe(true);
          expect(normalizeTranscript(state.emitted)).toBe(state.emitted);
          expect(update.stable).toBe(state.emitted);
          for (const earlier of snapshots)
            expect(update.stable.startsWith(normalizeTranscript(earlier))).toBe(true);
          snapshots.push(state.emitted);
          if (!update.revised && normalised.startsWith(update.stable)) {
            expect(update.stable + update.tentative).toBe(normalised);
          } else {
            expect(update.tentative).toBe('');
          }
          expect(update.revised).toBe(
            !normalised.startsWith(update.stable) && !update.stable.startsWith(normalised),
          );
          // The emitted text is a word-aligned prefix of the hypothesis it was last taken from.
          expect(source.startsWith(state.emitted)).toBe(true);
          expect(isWordBoundary(source, state.emitted.length)).toBe(true);
          for (const [word, count] of countWords(words(state.emitted))) {
            expect(count).toBeLessThanOrEqual(maxCounts.get(word) ?? 0);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('(b) finish returns the normalised final text when it extends the emitted text', () => {
    fc.assert(
      fc.property(hypothesisSequence(), (hypotheses) => {
        const state = new TranscriptState();
        for (const hypothesis of hypotheses) state.update(hypothesis);
        const last = hypotheses.at(-1)?.text ?? '';
        const result = state.finish(last);
        if (!result.revised) expect(result.transcript).toBe(normalizeTranscript(last));
        else expect(normalizeTranscript(last).startsWith(result.transcript)).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('(c) the joined deltas always equal the transcript, whatever the final text says', () => {
    fc.assert(
      fc.property(
        hypothesisSequence(),
        fc.oneof(fc.constantFrom('', ' now', ' 了。', '!'), fc.string({ maxLength: 30 })),
        fc.boolean(),
        (hypotheses, tail, replace) => {
          const state = new TranscriptState();
          let concatenated = '';
          for (const hypothesis of hypotheses) concatenated += state.update(hypothesis).delta;
          const finalText = replace ? tail : (hypotheses.at(-1)?.text ?? '') + tail;
          const emitted = state.emitted;
          const result = state.finish(finalText);
          expect(result.transcript.startsWith(emitted)).toBe(true);
          expect(emitted + result.delta).toBe(result.transcript);
          expect(concatenated + result.delta).toBe(result.transcript);
          expect(state.emitted).toBe(result.transcript);
          expect(result.revised).toBe(!normalizeTranscript(finalText).startsWith(emitted));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('(d) never revises monotone hypotheses and emits all but the last word before finish', () => {
    fc.assert(
      fc.property(monotoneSequence(1), (hypotheses) => {
        const state = new TranscriptState();
        let previous = '';
        for (const text of hypotheses) {
          const normalised = normalizeTranscript(text);
          expect(normalised.startsWith(previous)).toBe(true);
          previous = normalised;
          expect(state.update({ text }).revised).toBe(false);
        }
        expect(previous.startsWith(state.emitted)).toBe(true);
        expect(state.emitted.length).toBeGreaterThanOrEqual(lastWordBoundary(previous, previous.length));
        expect(words(previous.slice(state.emitted.length)).length).toBeLessThanOrEqual(1);
        const result = state.finish(hypotheses.at(-1) ?? '');
        expect(result.revised).toBe(false);
        expect(state.emitted).toBe(previous);
      }),
      { numRuns: RUNS },
    );
  });

  it('(d) with stableLength covering the text, emits all but the last word after every update', () => {
    fc.assert(
      fc.property(monotoneSequence(4), (hypotheses) => {
        const state = new TranscriptState();
        for (const text of hypotheses) {
          const update = state.update({ text, stableLength: text.length });
          const normalised = normalizeTranscript(text);
          expect(update.revised).toBe(false);
          expect(state.emitted).toBe(normalised.slice(0, lastWordBoundary(normalised, normalised.length)));
        }
        expect(state.finish(hypotheses.at(-1) ?? '').revised).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });
});
