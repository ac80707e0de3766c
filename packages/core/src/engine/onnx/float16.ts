/** IEEE float16 ⇄ float32, for graphs with float16 inputs and outputs (q4f16 exports). */
import { inputFloatType } from './graph-check.ts';
import type { OrtModule, OrtSession, OrtTensor } from './ort.ts';

/** Converts float32 values to IEEE float16 bits (round to nearest), for q4f16 graphs. */
export function toFloat16Bits(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    const abs = Math.abs(v);
    const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
    if (Number.isNaN(v)) out[i] = 0x7e00;
    else if (abs >= 65520) out[i] = sign | 0x7c00;
    else if (abs < 2 ** -14) out[i] = sign | Math.round(abs / 2 ** -24);
    else {
      f[0] = abs;
      const x = u[0] ?? 0;
      let bits = ((((x >>> 23) & 0xff) - 112) << 10) | ((x >>> 13) & 0x3ff);
      const rest = x & 0x1fff;
      if (rest > 0x1000 || (rest === 0x1000 && bits & 1)) bits++;
      out[i] = sign | bits;
    }
  }
  return out;
}

/** Converts IEEE float16 bits to float32 values. */
export function fromFloat16Bits(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i] ?? 0;
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >>> 10) & 0x1f;
    const mant = h & 0x3ff;
    if (exp === 0) out[i] = sign * 2 ** -14 * (mant / 1024);
    else if (exp === 31) out[i] = mant === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
    else out[i] = sign * 2 ** (exp - 15) * (1 + mant / 1024);
  }
  return out;
}

/** A tensor's data as float32, whatever its float dtype. */
export function floatData(tensor: OrtTensor): Float32Array {
  if (tensor.type === 'float32') return tensor.data as Float32Array;
  if (tensor.type === 'float16') {
    const data = tensor.data as unknown;
    return data instanceof Uint16Array ? fromFloat16Bits(data) : Float32Array.from(data as ArrayLike<number>);
  }
  throw new TypeError(`expected a float tensor, got ${tensor.type}`);
}

/** A float input for `session`'s input `name`, in the dtype the graph takes (float16 graphs take Uint16 bits). */
export function floatInput(
  ort: OrtModule,
  session: OrtSession,
  name: string,
  data: Float32Array,
  dims: readonly number[],
): OrtTensor {
  return inputFloatType(session, name) === 'float16'
    ? new ort.Tensor('float16', toFloat16Bits(data), dims)
    : new ort.Tensor('float32', data, dims);
}
