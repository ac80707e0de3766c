/**
 * The stacked KV cache of a decode (`present_keys`/`present_values`, `[L, B, kvH, P, hd]`): each
 * decoder step reads it as its past and replaces it with its present tensors (the superseded ones
 * are disposed, which frees GPU buffers when the cache lives on the device).
 */
import { floatData } from '../onnx/float16.ts';
import type { OrtModule, OrtSession, OrtTensor } from '../onnx/ort.ts';

export class KvCache {
  constructor(
    private keys: OrtTensor,
    private values: OrtTensor,
  ) {}

  /** Where the cache lives (`cpu`, `gpu-buffer`). */
  get location(): string {
    return this.keys.location;
  }

  /** Runs one `decoder_step` with the cache as its past, keeps its present, resolves to its logits. */
  async step(session: OrtSession, feeds: Record<string, OrtTensor>): Promise<Float32Array> {
    const out = await session.run({ ...feeds, past_keys: this.keys, past_values: this.values });
    this.dispose();
    this.keys = out.present_keys as OrtTensor;
    this.values = out.present_values as OrtTensor;
    return floatData(out.logits as OrtTensor);
  }

  /** Keeps only the batch rows `kept` (in that order); the cache must be on the CPU. */
  keep(ort: OrtModule, kept: readonly number[]): void {
    const [keys, values] = [gatherRows(ort, this.keys, kept), gatherRows(ort, this.values, kept)];
    this.dispose();
    this.keys = keys;
    this.values = values;
  }

  dispose(): void {
    this.keys.dispose();
    this.values.dispose();
  }

  /**
   * One cache of all the rows of `caches` (on the CPU), one after another, each left-padded with
   * zeros to `width` positions (the attention mask must mark the padding); the inputs are disposed.
   */
  static concatLeftPadded(ort: OrtModule, caches: readonly KvCache[], width: number): KvCache {
    const merged = new KvCache(
      concatRows(
        ort,
        caches.map((c) => c.keys),
        width,
      ),
      concatRows(
        ort,
        caches.map((c) => c.values),
        width,
      ),
    );
    for (const cache of caches) cache.dispose();
    return merged;
  }
}

/** Stacked KV tensors `[L, b_i, kvH, P_i, hd]` as one `[L, Σb_i, kvH, width, hd]`, each row's positions at the end. */
function concatRows(ort: OrtModule, tensors: readonly OrtTensor[], width: number): OrtTensor {
  const [layers = 0, , heads = 0, , dim = 0] = tensors[0]?.dims ?? [];
  const rows = tensors.reduce((n, t) => n + (t.dims[1] ?? 0), 0);
  const dims = [layers, rows, heads, width, dim];
  const fill = <T extends Float32Array | Uint16Array>(out: T, source: (t: OrtTensor) => T): T => {
    let row0 = 0;
    for (const tensor of tensors) {
      const [, batch = 0, , length = 0] = tensor.dims;
      const data = source(tensor);
      const block = length * dim;
      for (let l = 0; l < layers; l++) {
        for (let r = 0; r < batch; r++) {
          for (let h = 0; h < heads; h++) {
            const from = ((l * batch + r) * heads + h) * block;
            const to = (((l * rows + row0 + r) * heads + h) * width + (width - length)) * dim;
            out.set(data.subarray(from, from + block), to);
          }
        }
      }
      row0 += batch;
    }
    return out;
  };
  const size = layers * rows * heads * width * dim;
  return tensors[0]?.type === 'float16'
    ? new ort.Tensor(
        'float16',
        fill(new Uint16Array(size), (t) => t.data as Uint16Array),
        dims,
      )
    : new ort.Tensor(
        'float32',
        fill(new Float32Array(size), (t) => t.data as Float32Array),
        dims,
      );
}

/** The rows `kept` (batch indices) of a stacked KV tensor `[L, B, kvH, P, hd]`, as a new tensor. */
function gatherRows(ort: OrtModule, tensor: OrtTensor, kept: readonly number[]): OrtTensor {
  const [layers = 0, batch = 0, ...rest] = tensor.dims;
  const row = rest.reduce((a, b) => a * b, 1);
  const dims = [layers, kept.length, ...rest];
  const gather = <T extends Float32Array | Uint16Array>(data: T, out: T): T => {
    for (let l = 0; l < layers; l++) {
      for (const [k, b] of kept.entries()) {
        const from = (l * batch + b) * row;
        out.set(data.subarray(from, from + row), (l * kept.length + k) * row);
      }
    }
    return out;
  };
  const size = layers * kept.length * row;
  return tensor.type === 'float16'
    ? new ort.Tensor('float16', gather(tensor.data as Uint16Array, new Uint16Array(size)), dims)
    : new ort.Tensor('float32', gather(tensor.data as Float32Array, new Float32Array(size)), dims);
}
