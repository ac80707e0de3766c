/**
 * The ONNX Runtime surface the engines (Qwen3-ASR, Silero) use, typed once from
 * `onnxruntime-common` (type-only). Hosts inject the real module: onnxruntime-web (WebGPU/WASM)
 * or onnxruntime-node (CUDA/CPU).
 */
import type * as OrtCommon from 'onnxruntime-common';
import { ModelLoadError } from '../../model/errors.ts';

/** The injected `onnxruntime-*` module (only `InferenceSession` and `Tensor` are used). */
export type OrtModule = Pick<typeof OrtCommon, 'InferenceSession' | 'Tensor'>;
/** An ONNX Runtime session. */
export type OrtSession = OrtCommon.InferenceSession;
/** An ONNX Runtime tensor. */
export type OrtTensor = OrtCommon.Tensor;
/** Session options passed through to `InferenceSession.create`. */
export type OrtSessionOptions = OrtCommon.InferenceSession.SessionOptions;

/** Creates a session from a file path or bytes; an ONNX Runtime failure becomes `EARSHOT_ERR_MODEL_GRAPH` naming `file`. */
export async function createSession(
  ort: OrtModule,
  model: string | Uint8Array,
  options: OrtSessionOptions,
  file: string,
): Promise<OrtSession> {
  try {
    return typeof model === 'string'
      ? await ort.InferenceSession.create(model, options)
      : await ort.InferenceSession.create(model, options);
  } catch (error) {
    throw new ModelLoadError(
      'EARSHOT_ERR_MODEL_GRAPH',
      file,
      `ONNX Runtime could not load it: ${String(error)}`,
      error,
    );
  }
}
