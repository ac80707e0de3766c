/**
 * The embedded model streaming through `RealtimeSession`: partial deltas while the user speaks,
 * a final transcript that never duplicates text after rollbacks, and a window that stays bounded.
 */
import { encodeBase64, encodePcm16 } from '@earshot/core/audio';
import { DEFAULT_STREAMING_POLICY, Qwen3Recognizer, Qwen3Stream } from '@earshot/core/engine';
import { type ServerEvent, sequentialIds } from '@earshot/core/protocol';
import { RealtimeSession } from '@earshot/core/session';
import { normalizeTranscript } from '@earshot/core/streaming';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodeRecognizer } from '../../src/model/index.ts';
import { fixture16k, CLIPS as SPOKEN } from '../support/model.ts';

// The espeak clips of the server's tests (phrases the embedded model reads exactly: this file tests
// the streaming mechanics, not accuracy, which the eval sets measure).
const wav = (name: keyof typeof SPOKEN) => fixture16k(name);

/** Clips joined with `gapSeconds` of silence, as 16 kHz samples, and their joined text. */
function utterance(names: Array<[keyof typeof SPOKEN, string]>, gapSeconds = 0.5) {
  const parts = names.map(([name]) => wav(name));
  const gap = Math.round(gapSeconds * 16000);
  const audio = new Float32Array(parts.reduce((n, p) => n + p.length + gap, gap));
  let offset = gap;
  for (const part of parts) {
    audio.set(part, offset);
    offset += part.length + gap;
  }
  return { audio, text: names.map(([, text]) => text).join(' ') };
}

/**
 * Where speech starts in `audio` (the first 20 ms block within 30 dB of the loudest, in seconds),
 * and `speaking(from, to)`: the seconds between two times that are not in a pause of 0.5 s or more.
 */
function speechTimeline(audio: Float32Array) {
  const block = 320;
  const levels: number[] = [];
  for (let i = 0; i + block <= audio.length; i += block) {
    let sum = 0;
    for (let j = i; j < i + block; j++) sum += (audio[j] ?? 0) ** 2;
    levels.push(Math.sqrt(sum / block));
  }
  const floor = Math.max(...levels) * 10 ** (-30 / 20);
  const loud = levels.map((l) => l >= floor);
  const quiet = loud.map(() => false);
  for (let b = 0; b < loud.length; ) {
    let e = b;
    while (e < loud.length && !loud[e]) e++;
    if ((e - b) * 0.02 >= 0.5) quiet.fill(true, b, e);
    b = Math.max(e, b + 1);
  }
  const speaking = (from: number, to: number) =>
    quiet.slice(Math.floor(from / 0.02), Math.ceil(to / 0.02)).filter((q) => !q).length * 0.02;
  return { onset: loud.indexOf(true) * 0.02, speaking };
}

const pcm16 = (samples: Float32Array) => encodeBase64(encodePcm16(samples));

/** Feeds `audio` to a fresh stream of `recognizer` in 0.5 s pieces with a decode after each; the final text and the widest decode window. */
async function streamAll(recognizer: Qwen3Recognizer, audio: Float32Array) {
  const stream = recognizer.start({ language: null });
  let widest = 0;
  for (let i = 0; i < audio.length; i += 8000) {
    stream.append(audio.subarray(i, i + 8000));
    await stream.update();
    widest = Math.max(widest, stream.stats.lastWindowSeconds);
  }
  const final = await stream.finalize();
  stream.close();
  return { text: normalizeTranscript(final.text), widest };
}

const CLIPS: Array<[keyof typeof SPOKEN, string]> = [
  ['kitchen-lights', SPOKEN['kitchen-lights']],
  ['timer', SPOKEN.timer],
  ['door', SPOKEN.door],
];

describe('Qwen3 engine streaming through RealtimeSession (embedded model)', () => {
  let recognizer: Qwen3Recognizer;
  beforeAll(async () => {
    recognizer = await loadNodeRecognizer({ threads: 1 });
  });

  /** Streams `audio` through a session in 250 ms appends (decoding as it arrives), then commits; the events before and after the commit, and the audio seconds sent when each delta came. */
  async function streamSession(audio: Float32Array) {
    const events: ServerEvent[] = [];
    const session = new RealtimeSession({
      recognizer,
      send: (e) => events.push(e),
      ids: sequentialIds(),
      turnDetection: null,
    });
    session.handleText(
      JSON.stringify({
        type: 'session.update',
        session: { type: 'transcription', audio: { input: { format: { type: 'audio/pcm', rate: 16000 } } } },
      }),
    );
    const deltaSeconds: number[] = [];
    for (let i = 0; i < audio.length; i += 4000) {
      session.handleText(
        JSON.stringify({ type: 'input_audio_buffer.append', audio: pcm16(audio.subarray(i, i + 4000)) }),
      );
      await session.settled();
      const sent = Math.min(audio.length, i + 4000) / 16000;
      const deltas = events.filter((e) => e.type === 'conversation.item.input_audio_transcription.delta');
      while (deltaSeconds.length < deltas.length) deltaSeconds.push(sent);
    }
    const preCommit = events.filter((e) => e.type === 'conversation.item.input_audio_transcription.delta');
    session.handleText(JSON.stringify({ type: 'input_audio_buffer.commit' }));
    await session.settled();
    const committed = events.find((e) => e.type === 'input_audio_buffer.committed');
    const completed = events.find((e) => e.type === 'conversation.item.input_audio_transcription.completed');
    if (
      committed?.type !== 'input_audio_buffer.committed' ||
      completed?.type !== 'conversation.item.input_audio_transcription.completed'
    ) {
      throw new Error(`no transcript: ${events.map((e) => e.type).join(', ')}`);
    }
    const deltas = events.flatMap((e) =>
      e.type === 'conversation.item.input_audio_transcription.delta' ? [e] : [],
    );
    return { preCommit, deltas, committed, completed, deltaSeconds };
  }

  it('sends partial deltas before the commit of a 6 s utterance, and deltas add up to the transcript', async () => {
    const { audio, text } = utterance(CLIPS);
    expect(audio.length / 16000).toBeGreaterThanOrEqual(6);
    const { preCommit, deltas, committed, completed } = await streamSession(audio);
    expect(preCommit.length).toBeGreaterThan(0);
    for (const delta of preCommit) expect(delta.item_id).toBe(committed.item_id);
    expect(deltas.map((d) => d.delta).join('')).toBe(completed.transcript);
    // No duplicated text after rollbacks: never more words than were spoken.
    expect(completed.transcript.split(' ').length).toBeLessThanOrEqual(text.split(' ').length);
    expect(completed.transcript).toBe(text);
  });

  it('sends the first delta within 0.75 s of speech, then a delta at least every 1 s of speech', async () => {
    // Audio time, not wall time: every append is decoded before the next (250 ms appends).
    const { audio } = utterance(CLIPS);
    const { deltaSeconds } = await streamSession(audio);
    const { onset, speaking } = speechTimeline(audio);
    // The first word goes out once two decodes agree on it and the second goes on with a new
    // word (0.5 s after the onset here; 1 s when a fixed word waited for the next one to be fixed).
    expect(deltaSeconds[0] ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(onset + 0.75);
    // Speech between deltas (pauses of 0.5 s or more left out), from the onset to the last delta.
    const points = [onset, ...deltaSeconds];
    const gaps = points.slice(1).map((t, i) => speaking(points[i] ?? 0, t));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1);
  });

  it('decodes every 0.25 s until the first text only while the model has decodes to spare', async () => {
    // The 6 s utterance in 100 ms appends, decoding after each: the decode count with a model
    // that has decodes to spare and with one that has none (a loaded server's queue).
    const { audio } = utterance(CLIPS);
    const decodes = async (spare: boolean) => {
      const stream = new Qwen3Stream(
        recognizer.asr,
        (job) => recognizer.asr.decodeAlone(job),
        { language: null },
        DEFAULT_STREAMING_POLICY,
        () => spare,
      );
      for (let i = 0; i < audio.length; i += 1600) {
        stream.append(audio.subarray(i, i + 1600));
        await stream.update();
      }
      const final = await stream.finalize();
      stream.close();
      return { decodes: stream.stats.decodes, text: normalizeTranscript(final.text) };
    };
    const idle = await decodes(true);
    const loaded = await decodes(false);
    expect(idle.decodes).toBeGreaterThan(loaded.decodes);
    expect(loaded.text).toBe(idle.text);
  });

  it('streams a 36 s utterance: deltas all along, joined exactly equal to completed.transcript', async () => {
    const long = utterance([...CLIPS, ...CLIPS, ...CLIPS, ...CLIPS, ...CLIPS], 0.6);
    expect(long.audio.length / 16000).toBeGreaterThan(30);
    const { preCommit, deltas, completed } = await streamSession(long.audio);
    // Text arrives while the speaker talks, not only at the end: most of it before the commit.
    const before = preCommit.map((d) => d.delta).join('');
    expect(before.split(' ').length).toBeGreaterThan(long.text.split(' ').length / 2);
    expect(deltas.map((d) => d.delta).join('')).toBe(completed.transcript);
    expect(completed.transcript.split(' ').length).toBeLessThanOrEqual(long.text.split(' ').length);
  });

  it('keeps every decode window within the bound on a 36 s stream, and keeps early text', async () => {
    const long = utterance([...CLIPS, ...CLIPS, ...CLIPS, ...CLIPS, ...CLIPS], 0.6);
    expect(long.audio.length / 16000).toBeGreaterThan(30);
    const { text, widest } = await streamAll(recognizer, long.audio);
    expect(widest).toBeLessThanOrEqual(16);
    const words = text.split(' ');
    expect(words.slice(0, 5).join(' ')).toBe('turn on the kitchen lights');
    expect(words.slice(-4).join(' ')).toBe('open the kitchen door');
  });

  it('bounds the window by maxWindowSeconds when speech has no pauses to cut at', async () => {
    const bounded = new Qwen3Recognizer(recognizer.asr, {
      policy: { maxWindowSeconds: 5, minPauseSeconds: 0 },
    });
    const long = utterance([...CLIPS, ...CLIPS], 0);
    const { text, widest } = await streamAll(bounded, long.audio);
    expect(widest).toBeLessThanOrEqual(5);
    expect(text.split(' ').length).toBeGreaterThan(10);
  });

  it('reads no words into the background noise that follows a phrase', async () => {
    // A command, then 6 s more of the same room noise (white, about 30 dB under the speech's
    // peak), as a client streaming an open mic sends it: the noise after the pause cut is not
    // decoded (decoded, it read as "… lights language English").
    const speech = wav('kitchen-lights');
    const audio = new Float32Array(speech.length + 6 * 16000);
    audio.set(speech);
    let peak = 0;
    for (const v of speech) peak = Math.max(peak, Math.abs(v));
    let seed = 7;
    for (let i = 0; i < audio.length; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      audio[i] = (audio[i] ?? 0) + (peak / 30) * (seed / 1073741824 - 1);
    }
    expect((await streamAll(recognizer, audio)).text).toBe('turn on the kitchen lights');
  });

  it('transcribes a whole 36 s file in bounded windows', async () => {
    const long = utterance([...CLIPS, ...CLIPS, ...CLIPS, ...CLIPS, ...CLIPS], 0.6);
    const { text } = await recognizer.transcribe(long.audio);
    expect(text).toBe(long.text);
  });
});
