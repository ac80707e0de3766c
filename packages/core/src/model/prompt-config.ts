/**
 * `prompt_config.json` of the Qwen3-ASR ONNX "layout v2": everything the engine needs to know
 * about a model (prompt ids, mel settings, decoder dims, graph files per variant).
 */
import { z } from 'zod';
import { ModelLoadError } from './errors.ts';

/** Name of the config file in a model folder. */
export const PROMPT_CONFIG_FILE = 'prompt_config.json';

const ids = z.array(z.number().int().nonnegative());
const positive = z.number().int().positive();

const variant = z.looseObject({
  encoder: z.string().min(1),
  decoder_init: z.string().min(1),
  decoder_step: z.string().min(1),
  /** External-data file(s) of the decoder graphs: one shared file, or one per graph. */
  weights: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
  required_features: z.array(z.string()).default([]),
  /**
   * Earshot's batched graphs for this variant (not in the public export): the decoders read the
   * variant's `weights`; without a batched encoder, the windows of a batch are encoded one by one.
   * Hosts that batch the decodes of concurrent sessions load them.
   */
  batched: z
    .looseObject({
      encoder: z.string().min(1).optional(),
      decoder_init: z.string().min(1),
      decoder_step: z.string().min(1),
    })
    .optional(),
});

/** Element types of the token-embedding table (`int8` needs one fp32 scale per row). */
export const EMBEDDING_DTYPES = ['int8', 'float16', 'float32'] as const;

const embedding = z
  .looseObject({
    file: z.string().min(1),
    dtype: z.enum(EMBEDDING_DTYPES),
    shape: z.tuple([positive, positive]),
    scales_file: z.string().min(1).optional(),
  })
  .refine((e) => e.dtype !== 'int8' || e.scales_file !== undefined, {
    message: 'an int8 table needs scales_file',
    path: ['scales_file'],
  });

/** The schema; extra fields are allowed (the public release may carry more). */
export const promptConfigSchema = z.looseObject({
  layout_version: z.literal(2),
  mel: z.looseObject({
    sample_rate: positive,
    n_fft: positive,
    hop_length: positive,
    n_mels: positive,
    filters_file: z.string().min(1).optional(),
    drop_last_frame: z.boolean().default(true),
  }),
  prompt: z.looseObject({
    prefix_ids: ids,
    suffix_ids: ids,
    audio_pad_id: z.number().int().nonnegative(),
    asr_text_id: z.number().int().nonnegative(),
    eos_ids: ids.min(1),
    max_new_tokens: positive,
  }),
  language_prefix_ids: z.record(z.string(), ids).default({}),
  audio_tokens: z.looseObject({ conv_window: positive, tokens_per_window: positive }),
  embedding,
  decoder: z.looseObject({
    num_layers: positive,
    num_key_value_heads: positive,
    head_dim: positive,
    hidden_size: positive,
    vocab_size: positive,
  }),
  variants: z.record(z.string(), variant).refine((v) => Object.keys(v).length > 0, 'at least one variant'),
});

/** A parsed `prompt_config.json`. */
export type PromptConfig = z.infer<typeof promptConfigSchema>;
/** One graph variant (q4, q4f16, fp32, …). */
export type ModelVariant = z.infer<typeof variant>;
/** The token-embedding table's description. */
export type EmbeddingConfig = z.infer<typeof embedding>;

/** The external-data files of a variant's decoders, as a list. */
export function weightFiles(variant: ModelVariant): string[] {
  if (variant.weights === undefined) return [];
  return typeof variant.weights === 'string' ? [variant.weights] : [...variant.weights];
}

/** Parses JSON text of `file` with `schema`, throwing `EARSHOT_ERR_MODEL_CONFIG` naming the field. */
export function parseJsonFile<T>(file: string, text: string, schema: z.ZodType<T>): T {
  return validateJson(file, parseJsonText(file, text), schema);
}

/** Parses JSON text of `file`, throwing `EARSHOT_ERR_MODEL_CONFIG` when it is not JSON. */
export function parseJsonText(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ModelLoadError('EARSHOT_ERR_MODEL_CONFIG', file, 'is not valid JSON.', error);
  }
}

/** Checks parsed JSON of `file` against `schema`, throwing `EARSHOT_ERR_MODEL_CONFIG` naming the field. */
export function validateJson<T>(file: string, raw: unknown, schema: z.ZodType<T>): T {
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? '(root)' : issue.path.join('.');
    throw new ModelLoadError(
      'EARSHOT_ERR_MODEL_CONFIG',
      file,
      `field '${where}': ${issue?.message ?? 'invalid'}.`,
    );
  }
  return result.data;
}

/** Number of audio tokens the encoder makes from `frames` mel frames (model-contract §5). */
export function audioTokenCount(frames: number, convWindow: number, tokensPerWindow: number): number {
  const conv = (t: number) => Math.floor((t + 1) / 2);
  return conv(conv(conv(frames % convWindow))) + tokensPerWindow * Math.floor(frames / convWindow);
}
