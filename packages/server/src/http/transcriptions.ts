/**
 * `POST /v1/audio/transcriptions`: OpenAI's file transcription endpoint (multipart form with
 * `file` and `model`; `response_format` json, text or verbose_json; `stream=true` for SSE
 * `transcript.text.delta` / `transcript.text.done` from the same streaming transcript state).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  MIN_COMMIT_MS,
  MODEL_SAMPLE_RATE,
  parseWav,
  resampleClip,
  WAV_MAX_SAMPLE_RATE,
  WAV_MIN_SAMPLE_RATE,
  WavFormatError,
} from '@earshot/core';
import { transcribeClip } from '@earshot/core/engine';
import { EarshotError } from '@earshot/core/errors';
import { MAX_PROMPT_LENGTH } from '@earshot/core/protocol';
import type { ServerContext } from '../context.ts';
import { maxBodyBytes } from '../limits/limits.ts';
import { discardBody } from './discard-body.ts';
import { RequestAborted, readMultipart, type UploadedForm } from './multipart.ts';
import { errorBody, sendError, sendJson, sendText } from './respond.ts';
import { SseWriter } from './sse.ts';

/** Response formats Earshot produces. */
export const RESPONSE_FORMATS = ['json', 'text', 'verbose_json'] as const;

/** OpenAI formats Earshot does not produce (no timestamps or speakers yet). */
const UNSUPPORTED_FORMATS = ['srt', 'vtt', 'diarized_json'];

type ResponseFormat = (typeof RESPONSE_FORMATS)[number];

interface TranscriptionRequest {
  readonly samples: Float32Array;
  readonly duration: number;
  readonly language: string | null;
  readonly prompt: string | null;
  readonly format: ResponseFormat;
  readonly stream: boolean;
}

/** Handles one transcription request (auth already checked). */
export async function handleTranscription(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServerContext,
): Promise<void> {
  const lease = ctx.registry.tryAcquire('transcription');
  if (lease === null) {
    void discardBody(req);
    ctx.metrics.error('too_many_sessions');
    return sendError(
      res,
      'too_many_sessions',
      `The server already holds its maximum of ${ctx.limits.maxSessions} sessions.`,
    );
  }
  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort(new Error('client went away'));
  });
  try {
    ctx.metrics.sessionOpened('transcription');
    const request = parseRequest(await readForm(req, ctx), ctx);
    const options = { language: request.language, prompt: request.prompt, signal: abort.signal };
    if (request.stream) {
      const sse = new SseWriter(res);
      try {
        const { text } = await transcribeClip(ctx.recognizer, request.samples, {
          ...options,
          onDelta: (delta) => sse.send({ type: 'transcript.text.delta', delta }),
        });
        sse.send({ type: 'transcript.text.done', text, usage: usage(request.duration) });
        ctx.metrics.audio('transcription', request.duration);
      } catch (error) {
        if (!abort.signal.aborted) {
          ctx.logger.error({ err: error }, 'file transcription failed');
          ctx.metrics.error('inference_failed');
          sse.send(errorBody('inference_failed', 'Transcription failed for this file.'), 'error');
        }
      }
      return sse.end();
    }
    const { text } = await transcribeClip(ctx.recognizer, request.samples, options);
    ctx.metrics.audio('transcription', request.duration);
    respond(res, request, text, ctx);
  } catch (error) {
    // A client gone mid-body or mid-decode has no one to answer; the lease goes back below.
    if (error instanceof RequestAborted || abort.signal.aborted) return;
    if (error instanceof EarshotError && error.info.httpStatus < 500) {
      void discardBody(req);
      ctx.metrics.error(error.code);
      return sendError(res, error.code, error.message, error.param);
    }
    ctx.logger.error({ err: error }, 'file transcription failed');
    ctx.metrics.error('inference_failed');
    sendError(res, 'inference_failed', 'Transcription failed for this file.');
  } finally {
    lease.release();
  }
}

async function readForm(req: IncomingMessage, ctx: ServerContext): Promise<UploadedForm> {
  try {
    return await readMultipart(req, {
      maxFileBytes: ctx.limits.maxFileBytes,
      maxBodyBytes: maxBodyBytes(ctx.limits),
    });
  } catch (error) {
    if (error instanceof EarshotError || error instanceof RequestAborted) throw error;
    throw new EarshotError('invalid_value', 'The multipart body could not be read.', { cause: error });
  }
}

function parseRequest(form: UploadedForm, ctx: ServerContext): TranscriptionRequest {
  const field = (name: string) => form.fields.get(name)?.at(-1) ?? null;
  const model = field('model');
  if (model === null)
    throw new EarshotError('missing_required_parameter', "Missing required parameter: 'model'.", {
      param: 'model',
    });
  const accepted = ctx.session.acceptModels;
  if (model !== ctx.recognizer.model && accepted !== '*' && !accepted.includes(model)) {
    throw new EarshotError('not_supported', `This server serves the model '${ctx.recognizer.model}' only.`, {
      param: 'model',
    });
  }
  const format = (field('response_format') ?? 'json') as ResponseFormat;
  if (!RESPONSE_FORMATS.includes(format)) {
    const code = UNSUPPORTED_FORMATS.includes(format) ? 'not_supported' : 'invalid_value';
    throw new EarshotError(code, `Invalid 'response_format': use one of ${RESPONSE_FORMATS.join(', ')}.`, {
      param: 'response_format',
    });
  }
  const language = field('language')?.toLowerCase() || null;
  const languages = ctx.recognizer.languages;
  if (language !== null && languages !== null && !languages.includes(language)) {
    throw new EarshotError('invalid_value', `Invalid 'language': this model knows ${languages.join(', ')}.`, {
      param: 'language',
    });
  }
  const prompt = field('prompt') || null;
  if (prompt !== null && prompt.length > MAX_PROMPT_LENGTH) {
    throw new EarshotError(
      'string_above_max_length',
      `'prompt' is longer than ${MAX_PROMPT_LENGTH} characters.`,
      { param: 'prompt' },
    );
  }
  const stream = field('stream');
  if (stream !== null && stream !== 'true' && stream !== 'false') {
    throw new EarshotError('invalid_value', "Invalid 'stream': use true or false.", { param: 'stream' });
  }
  if (form.file === null)
    throw new EarshotError('missing_required_parameter', "Missing required parameter: 'file'.", {
      param: 'file',
    });
  const samples = decodeAudio(form.file.bytes);
  const duration = samples.length / MODEL_SAMPLE_RATE;
  if (duration * 1000 < MIN_COMMIT_MS) {
    throw new EarshotError(
      'invalid_value',
      `The audio is too short: at least ${MIN_COMMIT_MS} ms are needed.`,
      { param: 'file' },
    );
  }
  return { samples, duration, language, prompt, format, stream: stream === 'true' };
}

/** WAV bytes → 16 kHz mono samples. */
function decodeAudio(bytes: Uint8Array): Float32Array {
  let wav: ReturnType<typeof parseWav>;
  try {
    wav = parseWav(bytes);
  } catch (error) {
    // WavFormatError messages name the field at fault and never echo the data.
    const reason = error instanceof WavFormatError ? ` (${error.message})` : '';
    throw new EarshotError(
      'invalid_value',
      `Invalid 'file': Earshot reads WAV files (PCM 8/16/24/32-bit or float, ${WAV_MIN_SAMPLE_RATE / 1000} to ${WAV_MAX_SAMPLE_RATE / 1000} kHz, any channel count)${reason}.`,
      { param: 'file', cause: error },
    );
  }
  return resampleClip(wav.samples, wav.sampleRate, MODEL_SAMPLE_RATE);
}

function usage(seconds: number) {
  return { type: 'duration', seconds: Math.round(seconds * 1000) / 1000 } as const;
}

function respond(res: ServerResponse, request: TranscriptionRequest, text: string, ctx: ServerContext): void {
  if (request.format === 'text') {
    sendText(res, 200, text);
    return;
  }
  if (request.format === 'json') {
    sendJson(res, 200, { text, usage: usage(request.duration) });
    return;
  }
  const duration = Math.round(request.duration * 1000) / 1000;
  const languages = ctx.recognizer.languages;
  sendJson(res, 200, {
    task: 'transcribe',
    language: request.language ?? (languages?.length === 1 ? languages[0] : null),
    duration,
    text,
    segments: [
      {
        id: 0,
        seek: 0,
        start: 0,
        end: duration,
        text,
        tokens: [],
        temperature: 0,
        avg_logprob: 0,
        compression_ratio: 0,
        no_speech_prob: 0,
      },
    ],
    usage: usage(request.duration),
  });
}
