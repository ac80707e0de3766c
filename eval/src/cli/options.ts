/** Parsing and checking of the run command's options. */
import { TRANSCRIPTION_DELAYS, type TranscriptionDelay } from '@earshot/core';
import type { StreamOptions } from '../targets/clip-record.ts';

const isDelay = (value: string): value is TranscriptionDelay =>
  (TRANSCRIPTION_DELAYS as readonly string[]).includes(value);

/** Rates the harness can send, in Hz. */
export const RATES = [16_000, 24_000, 48_000] as const;

/** Wire formats the harness can send (G.711 at 8 kHz, whatever `--rate` says). */
export const FORMATS = ['audio/pcm', 'audio/pcmu', 'audio/pcma'] as const;

/** Defaults of the run command. */
export const RUN_DEFAULTS = {
  rate: 24_000,
  vad: 'server',
  chunkMs: 100,
  tailMs: 1000,
  timeoutMs: 30_000,
  sessions: 1,
} as const;

/** Raw options as commander gives them. */
export interface RawRunOptions {
  readonly target: string;
  readonly data: string;
  readonly sessions: string;
  readonly realtime?: boolean;
  readonly fast?: boolean;
  readonly rate: string;
  readonly format?: string;
  readonly vad: string;
  readonly chunkMs: string;
  readonly tailMs: string;
  readonly timeoutMs: string;
  readonly model?: string;
  readonly language?: string;
  readonly delay?: string;
  readonly apiKey?: string;
  readonly partials?: boolean;
  readonly limit?: string;
  readonly out?: string;
  readonly quiet?: boolean;
  readonly modelUrl?: string;
  readonly backend?: string;
}

/** Checked run options. */
export interface RunOptions {
  readonly target: string;
  readonly data: string;
  readonly sessions: number;
  readonly stream: StreamOptions;
  readonly apiKey: string | undefined;
  readonly limit: number | undefined;
  readonly out: string | undefined;
  readonly quiet: boolean;
  readonly modelUrl: string | undefined;
  readonly backend: 'auto' | 'webgpu' | 'wasm';
}

function integer(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min} (got ${value})`);
  return n;
}

function hostOf(target: string): string {
  try {
    return new URL(target).hostname;
  } catch {
    return '';
  }
}

/** Checks raw options; throws an `Error` naming the option and its valid values. */
export function parseRunOptions(
  raw: RawRunOptions,
  env: Readonly<Record<string, string | undefined>>,
): RunOptions {
  const format = raw.format ?? 'audio/pcm';
  if (!(FORMATS as readonly string[]).includes(format))
    throw new Error(`--format must be one of ${FORMATS.join(', ')} (got ${format})`);
  const g711 = format !== 'audio/pcm';
  const rate = g711 ? 8000 : integer('--rate', raw.rate, 1);
  if (!g711 && !(RATES as readonly number[]).includes(rate))
    throw new Error(`--rate must be one of ${RATES.join(', ')} (got ${raw.rate})`);
  if (raw.vad !== 'server' && raw.vad !== 'manual')
    throw new Error(`--vad must be server or manual (got ${raw.vad})`);
  const backend = raw.backend ?? 'auto';
  if (backend !== 'auto' && backend !== 'webgpu' && backend !== 'wasm') {
    throw new Error(`--backend must be auto, webgpu or wasm (got ${backend})`);
  }
  const delay = raw.delay;
  if (delay !== undefined && !isDelay(delay)) {
    throw new Error(`--delay must be one of ${TRANSCRIPTION_DELAYS.join(', ')} (got ${delay})`);
  }
  if (raw.model === undefined && /(^|\.)openai\.com$/.test(hostOf(raw.target))) {
    throw new Error('OpenAI transcribes only with a model: add --model (e.g. gpt-4o-mini-transcribe)');
  }
  return {
    target: raw.target,
    data: raw.data,
    sessions: integer('--sessions', raw.sessions, 1),
    stream: {
      rate,
      ...(g711 ? { format: format as 'audio/pcmu' | 'audio/pcma' } : {}),
      pacing: raw.fast === true ? 'fast' : 'realtime',
      vad: raw.vad,
      chunkMs: integer('--chunk-ms', raw.chunkMs, 1),
      tailMs: integer('--tail-ms', raw.tailMs, 0),
      timeoutMs: integer('--timeout-ms', raw.timeoutMs, 1),
      ...(raw.model === undefined ? {} : { model: raw.model }),
      ...(raw.language === undefined ? {} : { language: raw.language }),
      ...(delay === undefined ? {} : { delay }),
      ...(raw.partials === true ? { partials: true } : {}),
    },
    apiKey: raw.apiKey ?? env.OPENAI_API_KEY ?? undefined,
    limit: raw.limit === undefined ? undefined : integer('--limit', raw.limit, 1),
    out: raw.out,
    quiet: raw.quiet === true,
    modelUrl: raw.modelUrl,
    backend,
  };
}
