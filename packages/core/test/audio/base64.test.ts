import { decodeBase64, encodeBase64 } from '@earshot/core/audio';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

describe('encodeBase64', () => {
  it('matches Node’s base64 encoder byte for byte', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      }),
    );
  });

  it('encodes the RFC 4648 test vectors', () => {
    const vectors: Array<[string, string]> = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, encoded] of vectors) {
      expect(encodeBase64(Uint8Array.from(plain, (c) => c.charCodeAt(0)))).toBe(encoded);
    }
  });

  it('encodes inputs longer than one internal block', () => {
    const bytes = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 7919) & 0xff);
    expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});

describe('decodeBase64', () => {
  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
      }),
    );
  });

  it('accepts the same text without padding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(decodeBase64(encodeBase64(bytes).replace(/=+$/, ''))).toEqual(bytes);
      }),
    );
  });

  it('decodes the RFC 4648 test vectors', () => {
    expect(Array.from(decodeBase64('Zm9vYmE=') ?? [])).toEqual([0x66, 0x6f, 0x6f, 0x62, 0x61]);
    expect(Array.from(decodeBase64('Zm9vYg') ?? [])).toEqual([0x66, 0x6f, 0x6f, 0x62]);
    expect(decodeBase64('')).toEqual(new Uint8Array(0));
  });

  it('returns null for impossible lengths, misplaced padding, whitespace and foreign characters', () => {
    const invalid = [
      'A', // length % 4 === 1
      'AAAAA',
      'AB=', // padding that does not complete the quantum
      'ABC==',
      'A===',
      '====',
      '=',
      'AB==CDEF', // padding in the middle
      'AB=C',
      'AB CD', // whitespace
      'ABCD\n',
      ' ABCD',
      'AB\tC',
      'ab-_', // URL-safe alphabet
      'ABC.',
      'ÀBCD', // Latin-1
      'ŁBCD', // U+0141: its low byte is "A"
      '\u{1F600}AB',
      'AB\u0000C',
    ];
    for (const text of invalid) expect(decodeBase64(text), JSON.stringify(text)).toBeNull();
  });

  it('returns null when any single character is replaced by one outside the alphabet', () => {
    const outside = fc
      .integer({ min: 0, max: 0xffff })
      .map((code) => String.fromCharCode(code))
      .filter((c) => !ALPHABET.includes(c) && c !== '=');
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.nat(), outside, (bytes, where, bad) => {
        const text = encodeBase64(bytes);
        const at = where % text.length;
        expect(decodeBase64(text.slice(0, at) + bad + text.slice(at + 1))).toBeNull();
      }),
    );
  });

  it('agrees with Node’s decoder on every valid canonical string', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const text = Buffer.from(bytes).toString('base64');
        expect(Buffer.from(decodeBase64(text) ?? new Uint8Array(0)).equals(Buffer.from(text, 'base64'))).toBe(
          true,
        );
      }),
    );
  });

  it('decodes 15 MiB of text (the largest client event) to the original bytes', () => {
    const bytes = Uint8Array.from({ length: 11 * 1024 * 1024 }, (_, i) => (i * 2654435761) >>> 24);
    const text = Buffer.from(bytes).toString('base64');
    expect(text.length).toBeGreaterThan(14 * 1024 * 1024);
    const decoded = decodeBase64(text);
    expect(decoded?.length).toBe(bytes.length);
    expect(Buffer.from(decoded ?? new Uint8Array(0)).equals(Buffer.from(bytes))).toBe(true);
  });
});
