/**
 * A Qwen3-ASR model in the public ONNX "layout v2", loaded through an injected ONNX Runtime and a
 * `ModelSource`. Everything model-specific comes from the folder's `prompt_config.json` and
 * tokenizer; this class offers the primitives: features, encoder, greedy decode with KV cache.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import { z } from 'zod';
import { DEFAULT_MEL_CONFIG, logMelSpectrogram, type MelConfig } from '../../audio/log-mel.ts';
import { ModelLoadError } from '../../model/errors.ts';
import { resolvePromptConfig } from '../../model/folder-config.ts';
import { parseMelFilters } from '../../model/mel-filters.ts';
import { ModelFolder } from '../../model/model-folder.ts';
import type { ModelSource } from '../../model/model-source.ts';
import {
  audioTokenCount,
  type ModelVariant,
  PROMPT_CONFIG_FILE,
  type PromptConfig,
  parseJsonFile,
  weightFiles,
} from '../../model/prompt-config.ts';
import { floatData, floatInput } from '../onnx/float16.ts';
import { checkGraph, outputShape } from '../onnx/graph-check.ts';
import {
  createSession,
  type OrtModule,
  type OrtSession,
  type OrtSessionOptions,
  type OrtTensor,
} from '../onnx/ort.ts';
import { type AudioDecodeJob, BatchDecoder, type BatchedSessions } from './batch-decoder.ts';
import { buildPrompt, Generation, type GenerationRequest } from './generation.ts';
import { checkQwen3Graph, LAYOUT_V2, LAYOUT_V2_BATCHED } from './graph-contract.ts';
import { KvCache } from './kv-cache.ts';
import { TokenEmbedding } from './token-embedding.ts';

/** Options of `Qwen3AsrModel.load`. */
export interface Qwen3LoadOptions {
  /** The ONNX Runtime module (onnxruntime-web or onnxruntime-node). */
  readonly ort: OrtModule;
  /** The model folder. */
  readonly source: ModelSource;
  /** Variant to use (`q4`, `q4f16`, `fp32`, …); default: the first of `variantPreference` the device supports. */
  readonly variant?: string;
  /** Variant order of preference; default `['q4f16', 'q4', 'fp32']`, then any other. */
  readonly variantPreference?: readonly string[];
  /** Device features the host detected (e.g. `shader-f16` on WebGPU). */
  readonly features?: readonly string[];
  /** Passed to every `InferenceSession.create` (execution providers, threads, …). */
  readonly sessionOptions?: OrtSessionOptions;
  /** Keep the KV cache on the GPU between steps (WebGPU); default false. */
  readonly keepKvOnDevice?: boolean;
  /** Require `earshot-model.json` and verify every file (default false). */
  readonly requireManifest?: boolean;
  /**
   * Let the runtime open graph files by path when the source has local paths (onnxruntime-node:
   * it then reads the graphs and their external data itself, and no copy of the weights stays in
   * JavaScript memory); default false (bytes are passed, as onnxruntime-web needs).
   */
  readonly openByPath?: boolean;
  /**
   * Also load the variant's batched graphs (prompt_config `variants.<v>.batched`, when the folder
   * has them) and offer `batch`, to decode concurrent streams together; default false. CPU
   * execution only (the KV cache is gathered in JavaScript when rows finish).
   */
  readonly batching?: boolean;
  /** Overrides the config's `max_new_tokens` (benches of random-weight replicas, which never stop). */
  readonly maxNewTokens?: number;
  /**
   * Every decode generates exactly this many tokens, ignoring EOS and the repetition guard: a
   * fixed step count for benches of random-weight replicas (never for transcription).
   */
  readonly fixedNewTokens?: number;
  readonly signal?: AbortSignal;
  /** Byte progress over the whole load. */
  readonly onProgress?: (progress: { loaded: number; total: number | null; file: string }) => void;
}

/** One greedy decode: the audio features and what `GenerationRequest` asks. */
export interface DecodeRequest extends GenerationRequest {
  /** Encoder output, `[audioTokens, hidden]` row-major. */
  readonly audioFeatures: Float32Array;
  readonly signal?: AbortSignal;
}

/** The result of a greedy decode. */
export interface DecodeResult {
  /** New token ids, without EOS (cut at a repetition loop). */
  readonly ids: number[];
  /** Logits of the first generated position (for reference tests). */
  readonly firstLogits: Float32Array;
  /** Prompt length fed to `decoder_init`. */
  readonly promptLength: number;
  /** Natural-log probability of each of `ids` under the model, when asked for (else empty). */
  readonly logprobs: number[];
}

const tokenizerConfigSchema = z.looseObject({});

/** What streaming needs to know of a model (`Qwen3AsrModel.describe`); a loaded model is one too. */
export interface Qwen3ModelDescription {
  /** The manifest's name, else the folder's. */
  readonly name: string;
  readonly config: PromptConfig;
  readonly variantName: string;
  readonly tokenizer: Tokenizer;
  readonly melConfig: MelConfig;
  readonly melFilters: Float32Array | undefined;
}

export class Qwen3AsrModel implements Qwen3ModelDescription {
  /** Where the last decode's KV cache lived (`gpu-buffer` when kept on the device), or null before any. */
  kvLocation: string | null = null;
  /** `Qwen3LoadOptions.fixedNewTokens`. */
  fixedNewTokens: number | undefined;
  /** The batched graphs, when loaded with `batching` and the variant has them; else null. */
  batch: BatchDecoder | null = null;

  private constructor(
    readonly name: string,
    readonly config: PromptConfig,
    readonly variantName: string,
    readonly tokenizer: Tokenizer,
    readonly melConfig: MelConfig,
    readonly melFilters: Float32Array | undefined,
    private readonly ort: OrtModule,
    private readonly embedding: TokenEmbedding,
    private readonly encoder: OrtSession,
    private readonly decoderInit: OrtSession,
    private readonly decoderStep: OrtSession,
  ) {}

  /**
   * What a model folder says about its model, without loading its graphs or embedding: name,
   * prompt config, variant, tokenizer and front end. Enough to stream (the decodes run on a model
   * loaded elsewhere: the server's decode thread).
   */
  static async describe(options: Omit<Qwen3LoadOptions, 'ort'>): Promise<Qwen3ModelDescription> {
    const folder = await ModelFolder.open(options.source, options);
    return (await readDescription(folder, options)).description;
  }

  /** Loads and checks a model folder; rejects with `ModelLoadError` naming the file at fault. */
  static async load(options: Qwen3LoadOptions): Promise<Qwen3AsrModel> {
    const folder = await ModelFolder.open(options.source, options);
    const { description, variant } = await readDescription(folder, options);
    const { config } = description;
    const { embedding: table } = config;
    const batched = options.batching === true ? variant.batched : undefined;
    await folder.plan(
      [
        ...(batched === undefined ? [] : [batched.encoder, batched.decoder_init, batched.decoder_step]),
        table.file,
        table.scales_file,
        variant.encoder,
        variant.decoder_init,
        variant.decoder_step,
        ...weightFiles(variant),
      ].filter((f): f is string => f !== undefined),
    );
    const embedding = new TokenEmbedding(
      table,
      await folder.read(table.file),
      table.scales_file === undefined ? undefined : await folder.read(table.scales_file),
    );
    const sessions = new SessionFactory(folder, options, variant);
    const kvOnDevice: OrtSessionOptions = options.keepKvOnDevice
      ? { preferredOutputLocation: { present_keys: 'gpu-buffer', present_values: 'gpu-buffer' } }
      : {};
    const encoder = await sessions.create(variant.encoder);
    checkQwen3Graph(encoder, LAYOUT_V2.encoder, variant.encoder);
    const decoderInit = await sessions.create(variant.decoder_init, kvOnDevice);
    checkQwen3Graph(decoderInit, LAYOUT_V2.decoder_init, variant.decoder_init);
    const decoderStep = await sessions.create(variant.decoder_step, kvOnDevice);
    checkQwen3Graph(decoderStep, LAYOUT_V2.decoder_step, variant.decoder_step);
    checkKvDims(decoderInit, config, variant.decoder_init);
    let batchSessions: BatchedSessions | null = null;
    if (batched !== undefined) {
      batchSessions = {
        encoder: batched.encoder === undefined ? null : await sessions.create(batched.encoder, {}, true),
        decoderInit: await sessions.create(batched.decoder_init),
        decoderStep: await sessions.create(batched.decoder_step),
      };
      if (batchSessions.encoder !== null && batched.encoder !== undefined)
        checkGraph(batchSessions.encoder, LAYOUT_V2_BATCHED.encoder, batched.encoder);
      checkGraph(batchSessions.decoderInit, LAYOUT_V2_BATCHED.decoder_init, batched.decoder_init);
      checkGraph(batchSessions.decoderStep, LAYOUT_V2_BATCHED.decoder_step, batched.decoder_step);
    }
    const model = new Qwen3AsrModel(
      description.name,
      config,
      description.variantName,
      description.tokenizer,
      description.melConfig,
      description.melFilters,
      options.ort,
      embedding,
      encoder,
      decoderInit,
      decoderStep,
    );
    model.fixedNewTokens = options.fixedNewTokens;
    if (batchSessions !== null) model.batch = new BatchDecoder(model, options.ort, batchSessions);
    return model;
  }

  /** Hidden size of the decoder (= the encoder's output width). */
  get hidden(): number {
    return this.config.decoder.hidden_size;
  }

  /** Writes the (dequantised) embedding of token `id` into row `row` of `out`. */
  embed(id: number, out: Float32Array, row: number): void {
    this.embedding.write(id, out, row);
  }

  /** Number of audio tokens for `frames` mel frames. */
  audioTokens(frames: number): number {
    return audioTokenCount(
      frames,
      this.config.audio_tokens.conv_window,
      this.config.audio_tokens.tokens_per_window,
    );
  }

  /** Runs the encoder on a `[n_mels, frames]` log-mel; resolves to `[audioTokens, hidden]` features. */
  async encode(mel: Float32Array, frames: number): Promise<{ features: Float32Array; tokens: number }> {
    const output = await this.encoder.run({
      mel: this.floatTensor(this.encoder, 'mel', mel, [1, this.config.mel.n_mels, frames]),
    });
    const features = output.audio_features as OrtTensor;
    const tokens = this.audioTokens(frames);
    if (features.dims[1] !== tokens || features.dims[2] !== this.hidden) {
      throw new Error(
        `encoder returned [${features.dims.join(', ')}] for ${frames} frames; expected [1, ${tokens}, ${this.hidden}]`,
      );
    }
    return { features: floatData(features), tokens };
  }

  /** Greedy decoding with the KV cache until an EOS id, the token bound, or a repetition loop. */
  async decode(request: DecodeRequest): Promise<DecodeResult> {
    const { ids, audioStart } = buildPrompt(this.config, this.tokenizer, request);
    const hidden = this.hidden;
    const embeds = new Float32Array(ids.length * hidden);
    this.writePromptEmbeds(ids, audioStart, request.audioTokens, embeds, 0);
    embeds.set(request.audioFeatures.subarray(0, request.audioTokens * hidden), audioStart * hidden);
    const positions = new BigInt64Array(ids.length);
    for (let i = 0; i < ids.length; i++) positions[i] = BigInt(i);
    const init = await this.decoderInit.run({
      input_embeds: this.floatTensor(this.decoderInit, 'input_embeds', embeds, [1, ids.length, hidden]),
      position_ids: new this.ort.Tensor('int64', positions, [1, ids.length]),
    });
    const firstLogits = floatData(init.logits as OrtTensor).slice();
    const generation = this.generation(request);
    let token = argmax(firstLogits);
    let more = generation.accept(token, request.logprobs === true ? logProbability(firstLogits, token) : 0);
    const kv = new KvCache(init.present_keys as OrtTensor, init.present_values as OrtTensor);
    this.kvLocation = kv.location;
    const step = new Float32Array(hidden);
    try {
      for (let position = ids.length; more; position++) {
        if (request.signal?.aborted) throw request.signal.reason ?? new Error('aborted');
        this.embedding.write(token, step, 0);
        const logits = await kv.step(this.decoderStep, {
          input_embeds: this.floatTensor(this.decoderStep, 'input_embeds', step, [1, 1, hidden]),
          position_ids: new this.ort.Tensor('int64', BigInt64Array.of(BigInt(position)), [1, 1]),
        });
        token = argmax(logits);
        more = generation.accept(token, request.logprobs === true ? logProbability(logits, token) : 0);
      }
    } finally {
      kv.dispose();
    }
    return { ids: generation.ids, firstLogits, promptLength: ids.length, logprobs: generation.logprobs };
  }

  /** The bookkeeping of one greedy generation for `request` (bench settings applied). */
  generation(request: GenerationRequest): Generation {
    const fixed = request.fixedLength === true || this.fixedNewTokens !== undefined;
    return new Generation(
      { ...request, fixedLength: fixed },
      this.config.prompt.eos_ids,
      this.fixedNewTokens ?? this.config.prompt.max_new_tokens,
    );
  }

  /** Writes the embeddings of a prompt's text rows (not its audio rows) at row `row0` of `out`. */
  writePromptEmbeds(
    ids: readonly number[],
    audioStart: number,
    audioTokens: number,
    out: Float32Array,
    row0: number,
  ): void {
    for (const [row, id] of ids.entries()) {
      if (row < audioStart || row >= audioStart + audioTokens) this.embedding.write(id, out, row0 + row);
    }
  }

  /**
   * Runs every graph once on `samples` (encoder, decoder_init, two decoder_step calls), whatever
   * the speech checks of a stream would say: compiles WebGPU shaders and sizes buffers before the
   * user speaks, and sets `kvLocation`.
   */
  async warmUp(samples: Float32Array): Promise<void> {
    const mel = logMelSpectrogram(samples, this.melConfig, this.melFilters);
    const { features, tokens } = await this.encode(mel.data, mel.frames);
    await this.decode({ audioFeatures: features, audioTokens: tokens, maxNewTokens: 3, fixedLength: true });
  }

  /** Encodes one window's log-mel and decodes it: a `AudioDecodeJob` alone (rejects at once when its signal is aborted). */
  async decodeAlone(job: AudioDecodeJob): Promise<DecodeResult> {
    if (job.signal?.aborted) throw job.signal.reason ?? new Error('aborted');
    const { features, tokens } = await this.encode(job.mel, job.frames);
    return this.decode({ ...job, audioFeatures: features, audioTokens: tokens });
  }

  /** Releases the ONNX sessions. */
  async release(): Promise<void> {
    await Promise.all([
      this.encoder.release(),
      this.decoderInit.release(),
      this.decoderStep.release(),
      this.batch?.release(),
    ]);
  }

  /** A float input in the dtype the graph takes (float16 graphs take Uint16 bits). */
  private floatTensor(session: OrtSession, name: string, data: Float32Array, dims: number[]): OrtTensor {
    return floatInput(this.ort, session, name, data, dims);
  }
}

/** `log softmax(logits)[index]`, computed stably. */
export function logProbability(logits: Float32Array, index: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < logits.length; i++) if ((logits[i] ?? 0) > max) max = logits[i] ?? 0;
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp((logits[i] ?? 0) - max);
  return (logits[index] ?? 0) - max - Math.log(sum);
}

/** Index of the largest value. */
export function argmax(values: Float32Array): number {
  let best = 0;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? Number.NEGATIVE_INFINITY;
    if (v > max) {
      max = v;
      best = i;
    }
  }
  return best;
}

function chooseVariant(config: PromptConfig, options: Omit<Qwen3LoadOptions, 'ort'>): [string, ModelVariant] {
  const features = new Set(options.features ?? []);
  const usable = (v: ModelVariant) => v.required_features.every((f) => features.has(f));
  if (options.variant !== undefined) {
    const chosen = config.variants[options.variant];
    if (chosen === undefined) {
      throw new ModelLoadError(
        'EARSHOT_ERR_MODEL_VARIANT',
        PROMPT_CONFIG_FILE,
        `has no variant '${options.variant}'; it has ${Object.keys(config.variants).join(', ')}.`,
      );
    }
    return [options.variant, chosen];
  }
  const order = [...(options.variantPreference ?? ['q4f16', 'q4', 'fp32']), ...Object.keys(config.variants)];
  for (const name of order) {
    const variant = config.variants[name];
    if (variant !== undefined && usable(variant)) return [name, variant];
  }
  throw new ModelLoadError(
    'EARSHOT_ERR_MODEL_VARIANT',
    PROMPT_CONFIG_FILE,
    `no variant runs here: each needs features this device lacks (have: ${[...features].join(', ') || 'none'}).`,
  );
}

function checkKvDims(session: OrtSession, config: PromptConfig, file: string): void {
  const shape = outputShape(session, 'present_keys');
  if (shape === null) return;
  const want = [
    config.decoder.num_layers,
    1,
    config.decoder.num_key_value_heads,
    -1,
    config.decoder.head_dim,
  ];
  const bad = shape.some((d, i) => d !== -1 && want[i] !== -1 && d !== want[i]);
  if (bad) {
    throw new ModelLoadError(
      'EARSHOT_ERR_MODEL_GRAPH',
      file,
      `present_keys is [${shape.join(', ')}]; prompt_config.decoder says [${want.map((d) => (d === -1 ? 'S' : d)).join(', ')}].`,
    );
  }
}

/** Reads a folder's tokenizer, prompt config and mel filters and picks the variant. */
async function readDescription(
  folder: ModelFolder,
  options: Omit<Qwen3LoadOptions, 'ort'>,
): Promise<{ description: Qwen3ModelDescription; variant: ModelVariant }> {
  const tokenizer = await loadTokenizer(folder);
  const resolved = await resolvePromptConfig(folder, tokenizer);
  const config: PromptConfig =
    options.maxNewTokens === undefined
      ? resolved
      : { ...resolved, prompt: { ...resolved.prompt, max_new_tokens: options.maxNewTokens } };
  const [variantName, variant] = chooseVariant(config, options);
  const melConfig: MelConfig = {
    ...DEFAULT_MEL_CONFIG,
    sampleRate: config.mel.sample_rate,
    nFft: config.mel.n_fft,
    hopLength: config.mel.hop_length,
    nMels: config.mel.n_mels,
    dropLastFrame: config.mel.drop_last_frame,
  };
  const filtersFile = config.mel.filters_file;
  const melFilters =
    filtersFile === undefined
      ? undefined
      : parseMelFilters(
          filtersFile,
          await folder.readText(filtersFile),
          config.mel.n_mels,
          config.mel.n_fft / 2 + 1,
        );
  const name =
    folder.manifest?.name ?? options.source.location.split('/').filter(Boolean).at(-1) ?? 'qwen3-asr';
  return { description: { name, config, variantName, tokenizer, melConfig, melFilters }, variant };
}

async function loadTokenizer(folder: ModelFolder): Promise<Tokenizer> {
  const json = parseJsonFile(
    'tokenizer.json',
    await folder.readText('tokenizer.json'),
    tokenizerConfigSchema,
  );
  const config = (await folder.exists('tokenizer_config.json'))
    ? parseJsonFile(
        'tokenizer_config.json',
        await folder.readText('tokenizer_config.json'),
        tokenizerConfigSchema,
      )
    : {};
  return new Tokenizer(json, config);
}

/**
 * Creates a variant's ONNX sessions. Where the runtime can open files itself (onnxruntime-node),
 * each graph is opened by path and finds its external data beside it, so no copy of the weights
 * stays in JavaScript memory; elsewhere (onnxruntime-web) the graph's bytes are passed with the
 * decoders' external-data files, read once and shared by both decoder sessions.
 */
class SessionFactory {
  private weights: { path: string; data: Uint8Array }[] | undefined;

  constructor(
    private readonly folder: ModelFolder,
    private readonly options: Qwen3LoadOptions,
    private readonly variant: ModelVariant,
  ) {}

  /** A session for graph `file`; `encoder` graphs hold their weights, decoders read the variant's `weights`. */
  async create(
    file: string,
    extra: OrtSessionOptions = {},
    encoder = file === this.variant.encoder,
  ): Promise<OrtSession> {
    const sessionOptions: OrtSessionOptions = { ...this.options.sessionOptions, ...extra };
    const local = this.options.openByPath === true ? await this.folder.localPath(file) : null;
    let model: string | Uint8Array;
    if (local !== null) {
      if (!encoder) for (const w of weightFiles(this.variant)) await this.folder.localPath(w);
      model = local;
    } else {
      model = await this.folder.read(file);
      if (!encoder) {
        this.weights ??= await Promise.all(
          weightFiles(this.variant).map(async (path) => ({ path, data: await this.folder.read(path) })),
        );
        if (this.weights.length > 0) sessionOptions.externalData = this.weights;
      }
    }
    return createSession(this.options.ort, model, sessionOptions, file);
  }
}
