/**
 * The public Qwen3-ASR ONNX folders Earshot knows by name (`earshot pull <name>`, the demo's model
 * picker): the layout-v2 exports on the Hugging Face hub, one entry per graph variant.
 */

/** One public model folder and variant. */
export interface PublicModel {
  /** What a person picks it by. */
  readonly label: string;
  /** `owner/name` on the hub. */
  readonly repo: string;
  /** `q4`: int4 decoders, fp32 activations (CPU, WASM, WebGPU); `q4f16`: fp16 activations (WebGPU with `shader-f16`). */
  readonly variant: 'q4' | 'q4f16';
  /** Approximate download of the variant's files, in bytes. */
  readonly approxBytes: number;
  /** WebGPU features the variant needs (none: runs anywhere, slowly on WASM). */
  readonly requiredFeatures: readonly string[];
  readonly license: string;
}

/** The public folders, by the name `earshot pull` and `earshot serve --model` take. */
export const PUBLIC_MODELS: Readonly<Record<string, PublicModel>> = {
  'qwen3-asr-0.6b': {
    label: 'Qwen3-ASR 0.6B (q4)',
    repo: 'jiangzhuo9357/Qwen3-ASR-0.6B-ONNX',
    variant: 'q4',
    approxBytes: 1.1e9,
    requiredFeatures: [],
    license: 'Apache-2.0',
  },
  'qwen3-asr-0.6b-q4f16': {
    label: 'Qwen3-ASR 0.6B (q4f16, WebGPU)',
    repo: 'jiangzhuo9357/Qwen3-ASR-0.6B-ONNX',
    variant: 'q4f16',
    approxBytes: 0.7e9,
    requiredFeatures: ['shader-f16'],
    license: 'Apache-2.0',
  },
  'qwen3-asr-1.7b': {
    label: 'Qwen3-ASR 1.7B (q4)',
    repo: 'jiangzhuo9357/Qwen3-ASR-1.7B-ONNX',
    variant: 'q4',
    approxBytes: 2.6e9,
    requiredFeatures: [],
    license: 'Apache-2.0',
  },
  'qwen3-asr-1.7b-q4f16': {
    label: 'Qwen3-ASR 1.7B (q4f16, WebGPU)',
    repo: 'jiangzhuo9357/Qwen3-ASR-1.7B-ONNX',
    variant: 'q4f16',
    approxBytes: 1.6e9,
    requiredFeatures: ['shader-f16'],
    license: 'Apache-2.0',
  },
};

/** The hub the names point to by default. */
export const DEFAULT_HUB = 'https://huggingface.co';

/** The folder URL of `repo` at `revision` on `hub` (files are `<url><path>`). */
export function hubFolderUrl(repo: string, revision = 'main', hub = DEFAULT_HUB): string {
  return `${hub.replace(/\/+$/, '')}/${repo}/resolve/${encodeURIComponent(revision)}/`;
}
