/**
 * The graph interface of the Qwen3-ASR ONNX "layout v2" (model-contract §3), and the check that a
 * loaded session has it. Mismatches become `EARSHOT_ERR_MODEL_GRAPH` errors naming the file.
 */
import { ModelLoadError } from '../../model/errors.ts';
import { checkGraph, type GraphSpec, type ValueSpec } from '../onnx/graph-check.ts';
import type { OrtSession } from '../onnx/ort.ts';

const FLOAT = ['float32', 'float16'] as const;
const f = (rank: number, types: readonly string[] = FLOAT): ValueSpec => ({ rank, types });
const KV = { present_keys: f(5), present_values: f(5) };

/** Layout v2 graphs. */
export const LAYOUT_V2 = {
  encoder: { inputs: { mel: f(3) }, outputs: { audio_features: f(3) } },
  decoder_init: {
    inputs: { input_embeds: f(3), position_ids: f(2, ['int64']) },
    outputs: { logits: f(3), ...KV },
  },
  decoder_step: {
    inputs: { input_embeds: f(3), position_ids: f(2, ['int64']), past_keys: f(5), past_values: f(5) },
    outputs: { logits: f(3), ...KV },
  },
} as const satisfies Record<string, GraphSpec>;

const INT64 = ['int64'] as const;

/**
 * Earshot's optional batched graphs (prompt_config `variants.<v>.batched`; not part of the public
 * export): a batch dimension, the encoder told each row's real `frames`, and the decoders an
 * `attention_mask` (1 for real tokens, 0 for the left padding of shorter prompts).
 */
export const LAYOUT_V2_BATCHED = {
  encoder: { inputs: { mel: f(3), frames: f(1, INT64) }, outputs: { audio_features: f(3) } },
  decoder_init: {
    inputs: { ...LAYOUT_V2.decoder_init.inputs, attention_mask: f(2, INT64) },
    outputs: LAYOUT_V2.decoder_init.outputs,
  },
  decoder_step: {
    inputs: { ...LAYOUT_V2.decoder_step.inputs, attention_mask: f(2, INT64) },
    outputs: LAYOUT_V2.decoder_step.outputs,
  },
} as const satisfies Record<string, GraphSpec>;

/** Input names that identify the other public layout ("v3": ids in, embeddings inside the graph). */
const LAYOUT_V3_INPUTS = ['input_ids', 'audio_offset'];

/** Throws `EARSHOT_ERR_MODEL_GRAPH` when `session` is not the layout v2 graph `spec` (naming layout v3 when it is that one). */
export function checkQwen3Graph(session: OrtSession, spec: GraphSpec, file: string): void {
  if (LAYOUT_V3_INPUTS.every((name) => session.inputNames.includes(name))) {
    throw new ModelLoadError(
      'EARSHOT_ERR_MODEL_GRAPH',
      file,
      'is a layout v3 graph (inputs input_ids/audio_offset); Earshot loads layout v2 (inputs input_embeds, position_ids). Use the layout v2 export.',
    );
  }
  checkGraph(session, spec, file);
}
