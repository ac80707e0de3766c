/**
 * The messages between `DecodeThread` (the thread serving sessions) and its worker thread
 * (`decode-worker.ts`, which holds the ONNX sessions). Jobs cross without their abort signals: an
 * abort crosses as its own message.
 */
import type { AudioDecodeJob, DecodeResult } from '@earshot/core/engine';
import { ModelLoadError } from '@earshot/core/model';
import type { NodeRecognizerOptions } from './load-node-recognizer.ts';

/** What the worker loads: the structured-clonable part of `NodeRecognizerOptions`. */
export type DecodeThreadLoad = Pick<
  NodeRecognizerOptions,
  'folder' | 'device' | 'threads' | 'threadSpinning' | 'variant' | 'maxNewTokens' | 'batch'
>;

/** A decode job as it crosses: everything but its signals. */
export type WireJob = Omit<AudioDecodeJob, 'signal' | 'withdraw'>;

/** An error as it crosses (structured clone keeps neither class nor code). */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly file?: string | null;
}

export type WireOutcome =
  | { readonly ok: true; readonly result: DecodeResult }
  | { readonly ok: false; readonly error: WireError };

/** To the worker: decode jobs (`batch`: in one batch, else the one job alone), or abort one row of a request. */
export type ToDecodeWorker =
  | {
      readonly type: 'decode';
      readonly id: number;
      readonly batch: boolean;
      readonly jobs: readonly WireJob[];
    }
  | { readonly type: 'abort'; readonly id: number; readonly row: number };

/** From the worker: loaded (with or without batched graphs), load failed, load progress, a request's outcomes. */
export type FromDecodeWorker =
  | { readonly type: 'ready'; readonly batched: boolean }
  | { readonly type: 'failed'; readonly error: WireError }
  | {
      readonly type: 'progress';
      readonly loaded: number;
      readonly total: number | null;
      readonly file: string;
    }
  | { readonly type: 'done'; readonly id: number; readonly outcomes: readonly WireOutcome[] };

/** `error` as it crosses. */
export function toWireError(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { code } = error as { code?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(error instanceof ModelLoadError ? { file: error.file } : {}),
  };
}

/** The error again on this side: a `ModelLoadError` as one (same code, file and message), else an `Error` with its name and code. */
export function fromWireError(wire: WireError): Error {
  if (wire.name === 'ModelLoadError' && wire.code !== undefined) {
    const file = wire.file ?? null;
    const prefix = file === null ? '' : `${file}: `;
    const message = wire.message.startsWith(prefix) ? wire.message.slice(prefix.length) : wire.message;
    return new ModelLoadError(wire.code as ModelLoadError['code'], file, message);
  }
  const error = new Error(wire.message);
  error.name = wire.name;
  if (wire.code !== undefined) Object.assign(error, { code: wire.code });
  return error;
}
