import { describe, expect, it } from 'vitest';
import { ModelLoadError, QWEN3_ASR_LANGUAGES, resolvePromptConfig } from '../../src/model/index.ts';

/** A folder of in-memory files. */
function folder(files: Record<string, unknown>) {
  return {
    exists: async (path: string) => path in files,
    readText: async (path: string) => {
      const value = files[path];
      return typeof value === 'string' ? value : JSON.stringify(value);
    },
  };
}

/** A tokenizer of single-character tokens (id = char code) with special tokens by name. */
const SPECIAL: Record<string, number> = {
  '<|endoftext|>': 900,
  '<|im_start|>': 901,
  '<|im_end|>': 902,
  '<|audio_start|>': 903,
  '<|audio_end|>': 904,
  '<|audio_pad|>': 905,
  '<asr_text>': 906,
};
const tokenizer = {
  encode: (text: string) => ({ ids: [...text].map((c) => c.charCodeAt(0)) }),
  token_to_id: (token: string) => SPECIAL[token],
};
const ids = (text: string) => [...text].map((c) => c.charCodeAt(0));

const EXPORTER_CONFIG = {
  model_type: 'qwen3_asr',
  decoder: { num_layers: 28, hidden_size: 1024, num_key_value_heads: 8, head_dim: 128, vocab_size: 1000 },
  mel: { sample_rate: 16000, n_fft: 400, hop_length: 160, n_mels: 128 },
  special_tokens: {
    eos_token_ids: [900, 902],
    im_start_token_id: 901,
    im_end_token_id: 902,
    audio_start_token_id: 903,
    audio_end_token_id: 904,
    audio_pad_token_id: 905,
    asr_text_token_id: 906,
  },
};
const Q4_FILES = {
  'encoder.onnx': '',
  'decoder_init.int4.onnx': '',
  'decoder_step.int4.onnx': '',
  'decoder_weights.int4.data': '',
};

describe('resolvePromptConfig', () => {
  it('derives everything from the exporter config.json and the files when there is no prompt_config.json', async () => {
    const config = await resolvePromptConfig(
      folder({
        'config.json': EXPORTER_CONFIG,
        'embed_tokens.fp16.bin': '',
        'mel_filters.json': [],
        ...Q4_FILES,
      }),
      tokenizer,
    );
    expect(config.prompt.prefix_ids).toEqual([
      901,
      ...ids('system\n'),
      902,
      ...ids('\n'),
      901,
      ...ids('user\n'),
      903,
    ]);
    expect(config.prompt.suffix_ids).toEqual([904, 902, ...ids('\n'), 901, ...ids('assistant\n')]);
    expect(config.prompt).toMatchObject({ audio_pad_id: 905, asr_text_id: 906, eos_ids: [900, 902] });
    expect(config.decoder).toEqual(EXPORTER_CONFIG.decoder);
    expect(config.embedding).toEqual({
      file: 'embed_tokens.fp16.bin',
      dtype: 'float16',
      shape: [1000, 1024],
    });
    expect(config.mel).toMatchObject({ n_mels: 128, filters_file: 'mel_filters.json' });
    expect(config.variants.q4).toEqual({
      encoder: 'encoder.onnx',
      decoder_init: 'decoder_init.int4.onnx',
      decoder_step: 'decoder_step.int4.onnx',
      weights: ['decoder_weights.int4.data'],
      required_features: [],
    });
    expect(Object.keys(config.language_prefix_ids)).toHaveLength(30);
    expect(config.language_prefix_ids.fil).toEqual([...ids('language Filipino'), 906]);
  });

  it('fills only the sections prompt_config.json lacks, and adds the missing languages', async () => {
    const config = await resolvePromptConfig(
      folder({
        'prompt_config.json': {
          layout_version: 2,
          model: 'Qwen/Qwen3-ASR-0.6B',
          prompt: {
            prefix_ids: [1],
            suffix_ids: [2],
            audio_pad_id: 3,
            asr_text_id: 4,
            eos_ids: [5],
            max_new_tokens: 7,
          },
          language_prefix_ids: { ja: [11528, 10769, 151704] },
          variants: { q4: { encoder: 'a.onnx', decoder_init: 'b.onnx', decoder_step: 'c.onnx' } },
        },
        'config.json': EXPORTER_CONFIG,
        'embed_tokens.int8.bin': '',
        'embed_scales.f32.bin': '',
      }),
      tokenizer,
    );
    expect(config.prompt.prefix_ids).toEqual([1]);
    expect(config.prompt.max_new_tokens).toBe(7);
    expect(config.embedding).toMatchObject({ dtype: 'int8', scales_file: 'embed_scales.f32.bin' });
    expect(config.language_prefix_ids.ja).toEqual([11528, 10769, 151704]);
    expect(config.language_prefix_ids.en).toEqual([...ids('language English'), 4]);
    expect(Object.keys(config.language_prefix_ids).sort()).toEqual(Object.keys(QWEN3_ASR_LANGUAGES).sort());
  });

  it('finds per-graph external data when there is no shared weights file', async () => {
    const config = await resolvePromptConfig(
      folder({
        'config.json': EXPORTER_CONFIG,
        'embed_tokens.bin': '',
        'encoder.fp16.onnx': '',
        'decoder_init.q4f16.onnx': '',
        'decoder_init.q4f16.onnx.data': '',
        'decoder_step.q4f16.onnx': '',
        'decoder_step.q4f16.onnx.data': '',
      }),
      tokenizer,
    );
    expect(config.embedding.dtype).toBe('float32');
    expect(config.variants.q4f16).toMatchObject({
      encoder: 'encoder.fp16.onnx',
      weights: ['decoder_init.q4f16.onnx.data', 'decoder_step.q4f16.onnx.data'],
      required_features: ['shader-f16'],
    });
  });

  it('names config.json and the missing field when neither file describes the model', async () => {
    const error = await resolvePromptConfig(
      folder({ 'config.json': { model_type: 'whisper' } }),
      tokenizer,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect(error).toMatchObject({ code: 'EARSHOT_ERR_MODEL_CONFIG', file: 'config.json' });
    expect((error as Error).message).toMatch(/field '(decoder|embedding|variants)'/);
  });

  it('rejects an int8 table without a scales file', async () => {
    const error = await resolvePromptConfig(
      folder({
        'config.json': EXPORTER_CONFIG,
        'prompt_config.json': {
          layout_version: 2,
          embedding: { file: 'e.bin', dtype: 'int8', shape: [1000, 1024] },
        },
        ...Q4_FILES,
      }),
      tokenizer,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EARSHOT_ERR_MODEL_CONFIG', file: 'prompt_config.json' });
    expect((error as Error).message).toContain('embedding.scales_file');
  });
});
