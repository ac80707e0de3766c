/**
 * The int8 token-embedding table of layout v2 (`embed_tokens.int8.bin`, row-major [vocab, hidden])
 * with one fp32 scale per row (`embed_scales.f32.bin`): row = int8 × scale[id].
 */
import { ModelLoadError } from '../../model/errors.ts';

export class TokenEmbedding {
  private readonly table: Int8Array;
  private readonly scales: Float32Array;

  /** Wraps the two files' bytes, checking their sizes against `[vocab, hidden]`. */
  constructor(
    tableBytes: Uint8Array,
    scaleBytes: Uint8Array,
    readonly vocab: number,
    readonly hidden: number,
    files: { table: string; scales: string },
  ) {
    if (tableBytes.byteLength !== vocab * hidden) {
      throw new ModelLoadError(
        'EARSHOT_ERR_MODEL_CONFIG',
        files.table,
        `has ${tableBytes.byteLength} bytes; [${vocab}, ${hidden}] int8 needs ${vocab * hidden}.`,
      );
    }
    if (scaleBytes.byteLength !== vocab * 4) {
      throw new ModelLoadError(
        'EARSHOT_ERR_MODEL_CONFIG',
        files.scales,
        `has ${scaleBytes.byteLength} bytes; ${vocab} fp32 scales need ${vocab * 4}.`,
      );
    }
    this.table = new Int8Array(tableBytes.buffer, tableBytes.byteOffset, tableBytes.byteLength);
    // Copy: the bytes may not be 4-byte aligned.
    this.scales = new Float32Array(scaleBytes.slice().buffer);
  }

  /** Writes the embedding of token `id` into `out` at row `row` (rows of `hidden` floats). */
  write(id: number, out: Float32Array, row: number): void {
    if (id < 0 || id >= this.vocab)
      throw new RangeError(`token id ${id} is outside the vocabulary (${this.vocab})`);
    const scale = this.scales[id] ?? 0;
    const src = id * this.hidden;
    const dst = row * this.hidden;
    for (let i = 0; i < this.hidden; i++) out[dst + i] = (this.table[src + i] ?? 0) * scale;
  }
}
