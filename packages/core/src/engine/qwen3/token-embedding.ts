/**
 * The token-embedding table of a layout-v2 folder, row-major `[vocab, hidden]`: int8 with one fp32
 * scale per row (`row = int8 × scale[id]`, `embed_tokens.int8.bin` + `embed_scales.f32.bin`), or
 * plain float16 / float32 (`embed_tokens.fp16.bin`, `embed_tokens.bin`).
 */
import { ModelLoadError } from '../../model/errors.ts';
import type { EmbeddingConfig } from '../../model/prompt-config.ts';
import { fromFloat16Bits } from '../onnx/float16.ts';

const BYTES = { int8: 1, float16: 2, float32: 4 } as const;

/** float16 bits → float32, for every bit pattern. */
let halfTable: Float32Array | undefined;

export class TokenEmbedding {
  private readonly int8: Int8Array | undefined;
  private readonly half: Uint16Array | undefined;
  private readonly full: Float32Array | undefined;
  private readonly scales: Float32Array | undefined;

  /** Wraps the table's (and scales') bytes, checking their sizes against `[vocab, hidden]`. */
  constructor(
    readonly config: EmbeddingConfig,
    tableBytes: Uint8Array,
    scaleBytes: Uint8Array | undefined,
  ) {
    const [vocab, hidden] = config.shape;
    const need = vocab * hidden * BYTES[config.dtype];
    if (tableBytes.byteLength !== need) {
      throw new ModelLoadError(
        'EARSHOT_ERR_MODEL_CONFIG',
        config.file,
        `has ${tableBytes.byteLength} bytes; [${vocab}, ${hidden}] ${config.dtype} needs ${need}.`,
      );
    }
    if (config.dtype === 'int8') {
      const file = config.scales_file ?? 'embed_scales.f32.bin';
      if (scaleBytes === undefined || scaleBytes.byteLength !== vocab * 4) {
        throw new ModelLoadError(
          'EARSHOT_ERR_MODEL_CONFIG',
          file,
          `has ${scaleBytes?.byteLength ?? 0} bytes; ${vocab} fp32 scales need ${vocab * 4}.`,
        );
      }
      this.int8 = new Int8Array(tableBytes.buffer, tableBytes.byteOffset, tableBytes.byteLength);
      this.scales = new Float32Array(ownBuffer(scaleBytes));
    } else if (config.dtype === 'float16') {
      this.half = new Uint16Array(ownBuffer(tableBytes));
      halfTable ??= fromFloat16Bits(Uint16Array.from({ length: 65_536 }, (_, i) => i));
    } else {
      this.full = new Float32Array(ownBuffer(tableBytes));
    }
  }

  get vocab(): number {
    return this.config.shape[0];
  }

  get hidden(): number {
    return this.config.shape[1];
  }

  /** Writes the embedding of token `id` into `out` at row `row` (rows of `hidden` floats). */
  write(id: number, out: Float32Array, row: number): void {
    if (id < 0 || id >= this.vocab)
      throw new RangeError(`token id ${id} is outside the vocabulary (${this.vocab})`);
    const hidden = this.hidden;
    const src = id * hidden;
    const dst = row * hidden;
    if (this.int8 !== undefined) {
      const scale = this.scales?.[id] ?? 0;
      for (let i = 0; i < hidden; i++) out[dst + i] = (this.int8[src + i] ?? 0) * scale;
    } else if (this.half !== undefined && halfTable !== undefined) {
      for (let i = 0; i < hidden; i++) out[dst + i] = halfTable[this.half[src + i] ?? 0] ?? 0;
    } else if (this.full !== undefined) {
      out.set(this.full.subarray(src, src + hidden), dst);
    }
  }
}

/** The bytes as a whole ArrayBuffer, so typed views of any element size start aligned (a copy unless they already are one). */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  if (whole && bytes.buffer instanceof ArrayBuffer) return bytes.buffer;
  return bytes.slice().buffer;
}
