import {
  encodeWavPcm16,
  parseWav,
  WAV_MAX_SAMPLE_RATE,
  WAV_MIN_SAMPLE_RATE,
  type WavErrorCode,
  WavFormatError,
} from '@earshot/core/audio';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureBytes } from './support.ts';

/** One RIFF chunk: id, little-endian size, body and a pad byte when the size is odd. */
function chunk(id: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + body.length + (body.length % 2));
  out.set(
    Uint8Array.from(id, (c) => c.charCodeAt(0)),
    0,
  );
  new DataView(out.buffer).setUint32(4, body.length, true);
  out.set(body, 8);
  return out;
}

/** Builds a WAV from a fmt body and a data body, with optional extra chunks before the data. */
function buildWav(fmt: Uint8Array, data: Uint8Array, extra: Uint8Array[] = []): Uint8Array {
  const parts = [chunk('fmt ', fmt), ...extra, chunk('data', data)];
  const size = 4 + parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(8 + size);
  out.set(
    Uint8Array.from('RIFF', (c) => c.charCodeAt(0)),
    0,
  );
  new DataView(out.buffer).setUint32(4, size, true);
  out.set(
    Uint8Array.from('WAVE', (c) => c.charCodeAt(0)),
    8,
  );
  let at = 12;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A fmt body: format tag, channels, rate, bits; `extensible` wraps the tag in WAVE_FORMAT_EXTENSIBLE. */
function fmtBody(tag: number, channels: number, rate: number, bits: number, extensible = false): Uint8Array {
  const body = new Uint8Array(extensible ? 40 : 16);
  const view = new DataView(body.buffer);
  const blockAlign = (channels * bits) / 8;
  view.setUint16(0, extensible ? 0xfffe : tag, true);
  view.setUint16(2, channels, true);
  view.setUint32(4, rate, true);
  view.setUint32(8, rate * blockAlign, true);
  view.setUint16(12, blockAlign, true);
  view.setUint16(14, bits, true);
  if (extensible) {
    view.setUint16(16, 22, true);
    view.setUint16(18, bits, true);
    view.setUint16(24, tag, true); // sub-format GUID 0000xxxx-0000-0010-8000-00aa00389b71
    body.set([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71], 26);
  }
  return body;
}

function expectWavError(bytes: Uint8Array, code: WavErrorCode): void {
  try {
    parseWav(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(WavFormatError);
    expect((error as WavFormatError).code).toBe(code);
    return;
  }
  expect.unreachable('parseWav accepted invalid input');
}

describe('encodeWavPcm16 / parseWav', () => {
  it('round-trips any PCM16-exact samples bit for bit', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 2000 }), (values) => {
        const samples = Float32Array.from(values, (v) => v / 32768);
        const wav = parseWav(encodeWavPcm16(samples, 24000));
        expect(wav.sampleRate).toBe(24000);
        expect(wav.channels).toBe(1);
        expect(wav.samples).toEqual(samples);
      }),
    );
  });

  it('rounds to the nearest step and clips out-of-range samples', () => {
    const wav = parseWav(encodeWavPcm16(Float32Array.of(1.5, -2, 1, 0.4 / 32768, 0.6 / 32768), 16000));
    expect(Array.from(wav.samples, (v) => v * 32768)).toEqual([32767, -32768, 32767, 0, 1]);
  });

  it('writes the canonical 44-byte header', () => {
    const bytes = encodeWavPcm16(new Float32Array(3), 16000);
    const view = new DataView(bytes.buffer);
    expect(bytes.length).toBe(50);
    expect(view.getUint32(4, true)).toBe(42);
    expect(view.getUint32(24, true)).toBe(16000);
    expect(view.getUint32(28, true)).toBe(32000);
    expect(view.getUint32(40, true)).toBe(6);
  });

  it('reads the sox-written fixtures', () => {
    const wav = parseWav(fixtureBytes('kitchen-lights-16k.wav'));
    expect(wav.sampleRate).toBe(16000);
    expect(wav.channels).toBe(1);
    expect(wav.samples.length).toBe(25462);
    expect(parseWav(fixtureBytes('kitchen-lights-24k.wav')).samples.length).toBe(38193);
  });
});

describe('parseWav encodings', () => {
  const values = [0, 0.5, -0.5, -1, 0.25];

  it('reads 8/16/24/32-bit integer and 32/64-bit float PCM, plain and extensible', () => {
    const encoders: Array<[number, number, (v: DataView, at: number, x: number) => void]> = [
      [1, 8, (v, at, x) => v.setUint8(at, Math.round(x * 128) + 128)],
      [1, 16, (v, at, x) => v.setInt16(at, Math.round(x * 32768), true)],
      [
        1,
        24,
        (v, at, x) => {
          const i = Math.round(x * 8388608);
          v.setUint8(at, i & 0xff);
          v.setUint8(at + 1, (i >> 8) & 0xff);
          v.setInt8(at + 2, i >> 16);
        },
      ],
      [1, 32, (v, at, x) => v.setInt32(at, Math.round(x * 2147483648), true)],
      [3, 32, (v, at, x) => v.setFloat32(at, x, true)],
      [3, 64, (v, at, x) => v.setFloat64(at, x, true)],
    ];
    for (const [tag, bits, write] of encoders) {
      for (const extensible of [false, true]) {
        const data = new Uint8Array((values.length * bits) / 8);
        const view = new DataView(data.buffer);
        for (const [i, x] of values.entries()) write(view, (i * bits) / 8, x);
        const wav = parseWav(buildWav(fmtBody(tag, 1, 22050, bits, extensible), data));
        expect(wav.sampleRate, `${bits}-bit tag ${tag}`).toBe(22050);
        expect(Array.from(wav.samples), `${bits}-bit tag ${tag} extensible ${extensible}`).toEqual(values);
      }
    }
  });

  it('averages channels to mono and skips unknown chunks', () => {
    const data = new Uint8Array(8);
    const view = new DataView(data.buffer);
    for (const [i, v] of [16384, -16384, 8192, 0].entries()) view.setInt16(2 * i, v, true);
    // An odd-sized LIST chunk (with its pad byte) sits between fmt and data.
    const wav = parseWav(buildWav(fmtBody(1, 2, 8000, 16), data, [chunk('LIST', Uint8Array.of(1, 2, 3))]));
    expect(wav.channels).toBe(2);
    expect(Array.from(wav.samples)).toEqual([0, 0.125]);
  });

  it('reads a data chunk whose declared size overruns the file up to the last whole frame', () => {
    const bytes = encodeWavPcm16(Float32Array.of(0.5, -0.5, 0.25), 16000);
    new DataView(bytes.buffer).setUint32(40, 0xffffffff, true);
    expect(Array.from(parseWav(bytes.subarray(0, bytes.length - 1)).samples)).toEqual([0.5, -0.5]);
  });
});

describe('WavFormatError', () => {
  it('reports EARSHOT_ERR_WAV_FORMAT for broken structure', () => {
    const good = encodeWavPcm16(new Float32Array(4), 16000);
    expectWavError(new Uint8Array(0), 'EARSHOT_ERR_WAV_FORMAT');
    expectWavError(good.subarray(0, 11), 'EARSHOT_ERR_WAV_FORMAT');
    const notRiff = good.slice();
    notRiff[0] = 0x52 + 1;
    expectWavError(notRiff, 'EARSHOT_ERR_WAV_FORMAT');
    const notWave = good.slice();
    notWave[8] = 0x41;
    expectWavError(notWave, 'EARSHOT_ERR_WAV_FORMAT');
    expectWavError(good.subarray(0, 36), 'EARSHOT_ERR_WAV_FORMAT'); // no data chunk
    expectWavError(buildWav(new Uint8Array(12), new Uint8Array(4)), 'EARSHOT_ERR_WAV_FORMAT'); // short fmt
    expectWavError(buildWav(fmtBody(1, 0, 16000, 16), new Uint8Array(4)), 'EARSHOT_ERR_WAV_FORMAT'); // 0 channels
    const shortExtensible = fmtBody(1, 1, 16000, 16, true).subarray(0, 18);
    new DataView(shortExtensible.buffer).setUint16(0, 0xfffe, true);
    expectWavError(buildWav(shortExtensible, new Uint8Array(4)), 'EARSHOT_ERR_WAV_FORMAT');
  });

  it('reports EARSHOT_ERR_WAV_UNSUPPORTED for encodings it cannot decode', () => {
    expectWavError(buildWav(fmtBody(1, 1, 16000, 12), new Uint8Array(4)), 'EARSHOT_ERR_WAV_UNSUPPORTED');
    expectWavError(buildWav(fmtBody(3, 1, 16000, 16), new Uint8Array(4)), 'EARSHOT_ERR_WAV_UNSUPPORTED');
    expectWavError(buildWav(fmtBody(6, 1, 8000, 8), new Uint8Array(4)), 'EARSHOT_ERR_WAV_UNSUPPORTED'); // A-law WAV
    expectWavError(buildWav(fmtBody(0x55, 1, 16000, 16), new Uint8Array(4)), 'EARSHOT_ERR_WAV_UNSUPPORTED'); // MP3
  });

  it('reports EARSHOT_ERR_WAV_UNSUPPORTED for rates outside 8–192 kHz, and reads the rates at the bounds', () => {
    // A 1 Hz file would be resampled ×16,000 (a 3 KB file: hours of audio); 400 kHz is past the resampler.
    for (const rate of [1, 7999, 192_001, 400_000]) {
      expectWavError(buildWav(fmtBody(1, 1, rate, 16), new Uint8Array(4)), 'EARSHOT_ERR_WAV_UNSUPPORTED');
    }
    for (const rate of [WAV_MIN_SAMPLE_RATE, WAV_MAX_SAMPLE_RATE]) {
      expect(parseWav(buildWav(fmtBody(1, 1, rate, 16), new Uint8Array(4))).sampleRate).toBe(rate);
    }
  });
});
