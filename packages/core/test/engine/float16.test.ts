import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromFloat16Bits, toFloat16Bits } from '../../src/engine/index.ts';

describe('float16 conversion', () => {
  it('encodes known values exactly', () => {
    const values = Float32Array.of(0, 1, -2, 0.5, 65504, 2 ** -14, 2 ** -24, Number.POSITIVE_INFINITY, 1e6);
    expect([...toFloat16Bits(values)]).toEqual([
      0x0000, 0x3c00, 0xc000, 0x3800, 0x7bff, 0x0400, 0x0001, 0x7c00, 0x7c00,
    ]);
  });

  it('round-trips every float16 value', () => {
    const bits = new Uint16Array(0x7c00).map((_, i) => i);
    expect([...toFloat16Bits(fromFloat16Bits(bits))]).toEqual([...bits]);
  });

  it('rounds floats to within half a float16 ulp', () => {
    fc.assert(
      fc.property(fc.float({ min: -60000, max: 60000, noNaN: true }), (x) => {
        const back = fromFloat16Bits(toFloat16Bits(Float32Array.of(x)))[0] ?? Number.NaN;
        const ulp = Math.abs(x) < 2 ** -14 ? 2 ** -24 : 2 ** (Math.floor(Math.log2(Math.abs(x))) - 10);
        expect(Math.abs(back - x)).toBeLessThanOrEqual(ulp / 2 + 1e-12);
      }),
      { numRuns: 2000 },
    );
  });
});
