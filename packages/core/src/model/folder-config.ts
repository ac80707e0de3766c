/**
 * The engine's `PromptConfig` for a model folder as the public Qwen3-ASR ONNX exports ship it.
 *
 * `prompt_config.json` drives the engine when the folder has one (the layout-v2 export, Earshot's
 * own models). Any section it lacks — or the whole file — comes from what the exporter writes
 * anyway: its `config.json` (`decoder` dims, `mel`, `special_tokens`, `embed_tokens_dtype`),
 * `preprocessor_config.json`, the tokenizer (the chat-prompt ids, language headers) and the files
 * present (embedding table, graph variants and their external data).
 */
import { z } from 'zod';
import { MODEL_SAMPLE_RATE } from '../constants.ts';
import { QWEN3_ASR_LANGUAGES } from './languages.ts';
import {
  PROMPT_CONFIG_FILE,
  type PromptConfig,
  parseJsonText,
  promptConfigSchema,
  validateJson,
} from './prompt-config.ts';

/** The exporter's architecture file. */
export const EXPORT_CONFIG_FILE = 'config.json';
/** The exporter's feature-extractor file (Whisper field names). */
export const PREPROCESSOR_CONFIG_FILE = 'preprocessor_config.json';
/** The mel filterbank file both exports ship. */
export const MEL_FILTERS_FILE = 'mel_filters.json';

/** `max_new_tokens` when nothing says (the layout-v2 export's value). */
const DEFAULT_MAX_NEW_TOKENS = 256;

const id = z.number().int().nonnegative();
const count = z.number().int().positive();

/** The parts of the exporter's `config.json` the engine reads (all optional: HF-style files pass). */
const exportConfigSchema = z.looseObject({
  model_type: z.string().optional(),
  decoder: z
    .looseObject({
      num_layers: count,
      hidden_size: count,
      num_key_value_heads: count,
      head_dim: count,
      vocab_size: count,
    })
    .optional(),
  mel: z
    .looseObject({ sample_rate: count, n_fft: count, hop_length: count, n_mels: count })
    .partial()
    .optional(),
  special_tokens: z
    .looseObject({
      eos_token_ids: z.array(id),
      im_start_token_id: id,
      im_end_token_id: id,
      audio_start_token_id: id,
      audio_end_token_id: id,
      audio_pad_token_id: id,
      asr_text_token_id: id,
    })
    .partial()
    .optional(),
  embed_tokens_dtype: z.string().optional(),
});

const preprocessorSchema = z
  .looseObject({ feature_size: count, sampling_rate: count, hop_length: count, n_fft: count })
  .partial();

/** What the derivation needs of the folder. */
export interface ConfigFolder {
  exists(path: string): Promise<boolean>;
  readText(path: string): Promise<string>;
}

/** What the derivation needs of the tokenizer. */
export interface PromptTokenizer {
  encode(text: string, options: { add_special_tokens: boolean }): { ids: number[] };
  token_to_id(token: string): number | undefined;
}

type Json = Record<string, unknown>;

/** Reads the folder's configuration files and resolves them into one checked `PromptConfig`. */
export async function resolvePromptConfig(
  folder: ConfigFolder,
  tokenizer: PromptTokenizer,
): Promise<PromptConfig> {
  const hasPrompt = await folder.exists(PROMPT_CONFIG_FILE);
  const base = hasPrompt
    ? asObject(parseJsonText(PROMPT_CONFIG_FILE, await folder.readText(PROMPT_CONFIG_FILE)))
    : {};
  const exported = (await folder.exists(EXPORT_CONFIG_FILE))
    ? validateJson(
        EXPORT_CONFIG_FILE,
        parseJsonText(EXPORT_CONFIG_FILE, await folder.readText(EXPORT_CONFIG_FILE)),
        exportConfigSchema,
      )
    : {};
  const blame = hasPrompt ? PROMPT_CONFIG_FILE : EXPORT_CONFIG_FILE;
  const raw: Json = { layout_version: 2, ...base };
  raw.mel ??= await deriveMel(folder, exported);
  raw.prompt ??= derivePrompt(exported, tokenizer);
  raw.audio_tokens ??= { conv_window: 100, tokens_per_window: 13 };
  raw.decoder ??= exported.decoder;
  raw.embedding ??= await deriveEmbedding(folder, exported);
  raw.variants ??= await deriveVariants(folder);
  if (exported.model_type === 'qwen3_asr' || typeof base.model === 'string') {
    raw.language_prefix_ids = withAllLanguages(raw, tokenizer);
  }
  return validateJson(blame, raw, promptConfigSchema);
}

function asObject(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

async function deriveMel(folder: ConfigFolder, exported: z.infer<typeof exportConfigSchema>): Promise<Json> {
  const pre = (await folder.exists(PREPROCESSOR_CONFIG_FILE))
    ? validateJson(
        PREPROCESSOR_CONFIG_FILE,
        parseJsonText(PREPROCESSOR_CONFIG_FILE, await folder.readText(PREPROCESSOR_CONFIG_FILE)),
        preprocessorSchema,
      )
    : {};
  const mel = exported.mel ?? {};
  return {
    sample_rate: mel.sample_rate ?? pre.sampling_rate ?? MODEL_SAMPLE_RATE,
    n_fft: mel.n_fft ?? pre.n_fft ?? 400,
    hop_length: mel.hop_length ?? pre.hop_length ?? 160,
    n_mels: mel.n_mels ?? pre.feature_size ?? 128,
    drop_last_frame: true,
    ...((await folder.exists(MEL_FILTERS_FILE)) ? { filters_file: MEL_FILTERS_FILE } : {}),
  };
}

/** The chat prompt of Qwen3-ASR around the audio, from special-token ids and the tokenizer. */
function derivePrompt(exported: z.infer<typeof exportConfigSchema>, tokenizer: PromptTokenizer): Json {
  const special = exported.special_tokens ?? {};
  const token = (name: string, given: number | undefined) => given ?? tokenizer.token_to_id(name);
  const imStart = token('<|im_start|>', special.im_start_token_id);
  const imEnd = token('<|im_end|>', special.im_end_token_id);
  const audioStart = token('<|audio_start|>', special.audio_start_token_id);
  const audioEnd = token('<|audio_end|>', special.audio_end_token_id);
  const text = (t: string) => tokenizer.encode(t, { add_special_tokens: false }).ids;
  const eos = special.eos_token_ids ?? [token('<|endoftext|>', undefined), imEnd];
  return {
    prefix_ids: [imStart, ...text('system\n'), imEnd, ...text('\n'), imStart, ...text('user\n'), audioStart],
    suffix_ids: [audioEnd, imEnd, ...text('\n'), imStart, ...text('assistant\n')],
    audio_pad_id: token('<|audio_pad|>', special.audio_pad_token_id),
    asr_text_id: token('<asr_text>', special.asr_text_token_id),
    eos_ids: eos.filter((e) => e !== undefined),
    max_new_tokens: DEFAULT_MAX_NEW_TOKENS,
  };
}

async function deriveEmbedding(
  folder: ConfigFolder,
  exported: z.infer<typeof exportConfigSchema>,
): Promise<Json | undefined> {
  const dims = exported.decoder;
  const shape = dims === undefined ? undefined : [dims.vocab_size, dims.hidden_size];
  if ((await folder.exists('embed_tokens.int8.bin')) && (await folder.exists('embed_scales.f32.bin'))) {
    return { file: 'embed_tokens.int8.bin', dtype: 'int8', shape, scales_file: 'embed_scales.f32.bin' };
  }
  if (await folder.exists('embed_tokens.fp16.bin'))
    return { file: 'embed_tokens.fp16.bin', dtype: 'float16', shape };
  if (await folder.exists('embed_tokens.bin')) {
    const half = /^(float16|fp16|half)$/i.test(exported.embed_tokens_dtype ?? '');
    return { file: 'embed_tokens.bin', dtype: half ? 'float16' : 'float32', shape };
  }
  return undefined;
}

/** Graph file names of each variant the exporters write, in order of preference. */
const VARIANT_FILES = [
  {
    name: 'q4f16',
    encoder: ['encoder.fp16.onnx'],
    decoder: 'q4f16',
    required_features: ['shader-f16'],
  },
  { name: 'q4', encoder: ['encoder.int4.onnx', 'encoder.onnx'], decoder: 'int4', required_features: [] },
  { name: 'fp32', encoder: ['encoder.onnx'], decoder: '', required_features: [] },
] as const;

async function deriveVariants(folder: ConfigFolder): Promise<Json> {
  const variants: Json = {};
  for (const v of VARIANT_FILES) {
    const suffix = v.decoder === '' ? '' : `.${v.decoder}`;
    const init = `decoder_init${suffix}.onnx`;
    const step = `decoder_step${suffix}.onnx`;
    let encoder: string | undefined;
    for (const file of v.encoder) if (encoder === undefined && (await folder.exists(file))) encoder = file;
    if (encoder === undefined || !(await folder.exists(init)) || !(await folder.exists(step))) continue;
    const shared = `decoder_weights${suffix}.data`;
    const files: string[] = [];
    if (await folder.exists(shared)) files.push(shared);
    else for (const f of [`${init}.data`, `${step}.data`]) if (await folder.exists(f)) files.push(f);
    variants[v.name] = {
      encoder,
      decoder_init: init,
      decoder_step: step,
      ...(files.length > 0 ? { weights: files } : {}),
      required_features: [...v.required_features],
    };
  }
  return variants;
}

/** The configured language headers plus those of every Qwen3-ASR language the file lacks. */
function withAllLanguages(raw: Json, tokenizer: PromptTokenizer): Json {
  const given = asObject(raw.language_prefix_ids);
  const asrText = asObject(raw.prompt).asr_text_id;
  const out: Json = { ...given };
  if (typeof asrText !== 'number') return out;
  for (const [code, name] of Object.entries(QWEN3_ASR_LANGUAGES)) {
    out[code] ??= [...tokenizer.encode(`language ${name}`, { add_special_tokens: false }).ids, asrText];
  }
  return out;
}
