/**
 * Loads a model folder on onnxruntime-node: the CUDA execution provider when this onnxruntime-node
 * build has it (see docs/guides/cuda.md), else CPU.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  Qwen3AsrModel,
  Qwen3Recognizer,
  type Qwen3RecognizerOptions,
  type StreamingPolicy,
} from '@earshot/core/engine';
import { ModelLoadError } from '@earshot/core/model';
import { MODEL_DIR as EMBEDDED_MODEL_FOLDER } from '@earshot/model-tiny-en';
import * as ort from 'onnxruntime-node';
import { FsModelSource } from './fs-model-source.ts';

/**
 * The model folder used when none is given: the embedded model, from `@earshot/model-tiny-en` —
 * the folder inside that installed package, or (the repository's `earshot-source` condition, no
 * build) models/earshot-tiny-en at the repository's root.
 */
export const EMBEDDED_MODEL_DIR: string = EMBEDDED_MODEL_FOLDER;

/**
 * True when this onnxruntime-node install can run CUDA: the provider is bundled, or its library was
 * installed beside the binding (the install script's CUDA download, see docs/guides/cuda.md).
 */
export function cudaAvailable(): boolean {
  const cuda = ort.listSupportedBackends().find((b) => b.name === 'cuda');
  if (cuda === undefined) return false;
  if (cuda.bundled) return true;
  const root = dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json'));
  return existsSync(
    join(root, 'bin', 'napi-v6', process.platform, process.arch, 'libonnxruntime_providers_cuda.so'),
  );
}

/** Execution providers to try, in order: `cuda` where available (or asked for), then `cpu`. */
export function chooseExecutionProviders(preference: 'auto' | 'cuda' | 'cpu' = 'auto'): string[] {
  if (preference === 'cpu') return ['cpu'];
  if (preference === 'cuda' || (preference === 'auto' && cudaAvailable())) return ['cuda', 'cpu'];
  return ['cpu'];
}

/**
 * Throws `EARSHOT_ERR_MODEL_DEVICE` when `device` is `cuda` and this onnxruntime-node install has no
 * CUDA provider (`cudaAvailable()`), before any graph is loaded; `auto` and `cpu` always pass.
 */
export function assertDeviceAvailable(device: 'auto' | 'cuda' | 'cpu' = 'auto'): void {
  if (device !== 'cuda' || cudaAvailable()) return;
  throw new ModelLoadError(
    'EARSHOT_ERR_MODEL_DEVICE',
    null,
    "device 'cuda': this onnxruntime-node install has no CUDA execution provider " +
      '(libonnxruntime_providers_cuda.so); install it (docs/guides/cuda.md) or use --device auto|cpu',
  );
}

/**
 * The batching `earshot serve` uses by default: up to 32 sessions' decodes in one call, the first
 * waiting 2 ms for others (bench/batch-load.ts measured the choice; docs/guides/scaling.md).
 */
export const DEFAULT_BATCH = { maxBatch: 32, waitMs: 2 } as const;

/** Options of `loadNodeRecognizer`. */
export interface NodeRecognizerOptions extends Qwen3RecognizerOptions {
  /** Model folder; default the embedded model. */
  readonly folder?: string;
  readonly device?: 'auto' | 'cuda' | 'cpu';
  /** Intra-op threads per session; default ONNX Runtime's. */
  readonly threads?: number;
  /**
   * Let ONNX Runtime's idle intra-op threads spin-wait for the next parallel section instead of
   * sleeping (ONNX Runtime's own default); default false. Spinning saves a wake-up per section on
   * a machine with cores to spare; where the event loop and the sessions' I/O share the cores,
   * the spinning threads take CPU from them (measured: docs/guides/scaling.md).
   */
  readonly threadSpinning?: boolean;
  readonly variant?: string;
  /** Overrides the model's `max_new_tokens` per decode. */
  readonly maxNewTokens?: number;
  readonly policy?: Partial<StreamingPolicy>;
  /**
   * Cross-session batching: with `maxBatch` ≥ 2 the model's batched graphs are loaded (when the
   * folder has them: the public export has none, and then decodes run one at a time); default none.
   */
  readonly batch?: Qwen3RecognizerOptions['batch'];
  readonly onProgress?: (progress: { loaded: number; total: number | null; file: string }) => void;
}

/** ONNX Runtime's session config entries (`session.intra_op.allow_spinning`, `session.inter_op.…`) for spinning or not. */
function spinning(on: boolean): Record<string, Record<string, string>> {
  const allow = { allow_spinning: on ? '1' : '0' };
  return { intra_op: allow, inter_op: allow };
}

/** Loads a model folder on onnxruntime-node, in this thread (`batch` decides whether its batched graphs are loaded). */
export async function loadNodeModel(options: NodeRecognizerOptions = {}): Promise<Qwen3AsrModel> {
  assertDeviceAvailable(options.device);
  return Qwen3AsrModel.load({
    ort,
    source: new FsModelSource(options.folder ?? EMBEDDED_MODEL_DIR),
    variant: options.variant,
    openByPath: true,
    maxNewTokens: options.maxNewTokens,
    batching: (options.batch?.maxBatch ?? 1) > 1,
    sessionOptions: {
      executionProviders: chooseExecutionProviders(options.device),
      ...(options.threads === undefined ? {} : { intraOpNumThreads: options.threads }),
      extra: { session: spinning(options.threadSpinning === true) },
    },
    onProgress: options.onProgress,
  });
}

/** Loads a model folder and wraps it as a `Recognizer` decoding in this thread (`earshot serve` decodes on a worker thread: `startDecodeThread`). */
export async function loadNodeRecognizer(options: NodeRecognizerOptions = {}): Promise<Qwen3Recognizer> {
  return new Qwen3Recognizer(await loadNodeModel(options), options);
}
