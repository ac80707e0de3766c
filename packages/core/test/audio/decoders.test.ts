import { ByteStreamDecoder, decodeAlaw, decodeMulaw, decodePcm16 } from '@earshot/core/audio';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concat, fixtureBytes, splitBySizes } from './support.ts';

/** The 16-bit linear value of each of the 256 codes, as sox expands them (see scripts/make-fixtures.sh). */
function soxTable(name: string): Int16Array {
  const bytes = fixtureBytes(name);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Int16Array.from({ length: 256 }, (_, i) => view.getInt16(2 * i, true));
}

const ALL_CODES = Uint8Array.from({ length: 256 }, (_, i) => i);

/** Decoded floats back to 16-bit linear values. */
function toLinear(x: Float32Array): number[] {
  return Array.from(x, (v) => v * 32768);
}

describe('decodeMulaw', () => {
  it('expands the G.711 reference points', () => {
    const codes = Uint8Array.of(0xff, 0x7f, 0x00, 0x80, 0xfe, 0x7e, 0x0f, 0x8f, 0x70, 0xf0);
    // Zero (both signs), ±full scale (8031·4), ±1 step, and segment edges, in 16-bit units.
    expect(toLinear(decodeMulaw(codes))).toEqual([0, 0, -32124, 32124, 8, -8, -16764, 16764, -120, 120]);
  });

  it('matches sox’s µ-law table for all 256 codes', () => {
    expect(toLinear(decodeMulaw(ALL_CODES))).toEqual(Array.from(soxTable('g711-mulaw-sox.s16le')));
  });

  it('is odd-symmetric: code c and c ^ 0x80 decode to opposite values', () => {
    const x = decodeMulaw(ALL_CODES);
    for (let c = 0; c < 128; c++) expect((x[c] as number) + (x[c ^ 0x80] as number)).toBe(0);
  });
});

describe('decodeAlaw', () => {
  it('expands the G.711 reference points', () => {
    const codes = Uint8Array.of(0xd5, 0x55, 0xaa, 0x2a, 0x80, 0x00, 0xd4, 0x54, 0xff, 0x7f);
    // ±1 step (8), ±full scale (4032·8), and codes 0x80/0x00 (segment 5 after the even-bit inversion).
    expect(toLinear(decodeAlaw(codes))).toEqual([8, -8, 32256, -32256, 5504, -5504, 24, -24, 848, -848]);
  });

  it('matches sox’s A-law table for all 256 codes', () => {
    expect(toLinear(decodeAlaw(ALL_CODES))).toEqual(Array.from(soxTable('g711-alaw-sox.s16le')));
  });
});

describe('decodePcm16', () => {
  it('reads little-endian signed samples scaled by 1/32768', () => {
    const bytes = Uint8Array.of(0x00, 0x80, 0xff, 0x7f, 0x01, 0x00, 0xff, 0xff, 0x00, 0x00, 0x34, 0x12);
    expect(toLinear(decodePcm16(bytes))).toEqual([-32768, 32767, 1, -1, 0, 0x1234]);
  });

  it('ignores an odd trailing byte', () => {
    expect(toLinear(decodePcm16(Uint8Array.of(0x02, 0x00, 0x7f)))).toEqual([2]);
    expect(decodePcm16(Uint8Array.of(0x7f)).length).toBe(0);
  });

  it('agrees with Int16Array on random data', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 500 }), (values) => {
        const pcm = Int16Array.from(values);
        expect(toLinear(decodePcm16(new Uint8Array(pcm.buffer)))).toEqual(values.map((v) => v + 0));
      }),
    );
  });
});

describe('ByteStreamDecoder', () => {
  const chunking = fc.record({
    bytes: fc.uint8Array({ maxLength: 400 }),
    sizes: fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 120 }),
  });

  it('decodes PCM16 split at any byte boundary exactly like one whole chunk', () => {
    fc.assert(
      fc.property(chunking, ({ bytes, sizes }) => {
        const decoder = new ByteStreamDecoder({ type: 'audio/pcm', rate: 24000 });
        const out: Float32Array[] = [];
        let consumed = 0;
        for (const [a, b] of splitBySizes(bytes.length, sizes)) {
          out.push(decoder.decode(bytes.subarray(a, b)));
          consumed = b;
          expect(decoder.pendingBytes).toBe(consumed % 2);
        }
        expect(concat(out)).toEqual(decodePcm16(bytes));
      }),
    );
  });

  it('decodes G.711 chunks independently with nothing pending', () => {
    fc.assert(
      fc.property(chunking, ({ bytes, sizes }) => {
        for (const [format, whole] of [
          [{ type: 'audio/pcmu' } as const, decodeMulaw(bytes)],
          [{ type: 'audio/pcma' } as const, decodeAlaw(bytes)],
        ] as const) {
          const decoder = new ByteStreamDecoder(format);
          const out = splitBySizes(bytes.length, sizes).map(([a, b]) => decoder.decode(bytes.subarray(a, b)));
          expect(decoder.pendingBytes).toBe(0);
          expect(concat(out)).toEqual(whole);
        }
      }),
    );
  });

  it('keeps a pending byte across empty chunks and drops it on reset', () => {
    const decoder = new ByteStreamDecoder({ type: 'audio/pcm', rate: 16000 });
    expect(decoder.decode(Uint8Array.of(0x10)).length).toBe(0);
    expect(decoder.decode(new Uint8Array(0)).length).toBe(0);
    expect(decoder.pendingBytes).toBe(1);
    expect(toLinear(decoder.decode(Uint8Array.of(0x00)))).toEqual([0x10]);
    decoder.decode(Uint8Array.of(0x55));
    decoder.reset();
    expect(decoder.pendingBytes).toBe(0);
    expect(toLinear(decoder.decode(Uint8Array.of(0x01, 0x00)))).toEqual([1]);
  });
});
