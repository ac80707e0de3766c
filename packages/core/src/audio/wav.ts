/**
 * RIFF/WAVE reading (integer PCM 8/16/24/32-bit and IEEE float 32/64-bit, plain or
 * WAVE_FORMAT_EXTENSIBLE, downmixed to mono) and 16-bit PCM writing.
 */
import { EarshotError, type ErrorCode } from '../errors/index.ts';

/** Codes of {@link WavFormatError} (in `ERROR_CODES`): bad RIFF/WAVE structure, or an encoding Earshot cannot read. */
export type WavErrorCode = Extract<ErrorCode, `EARSHOT_ERR_WAV_${string}`>;

/** Thrown by {@link parseWav} for input it cannot read; `code` says why (messages never echo the data). */
export class WavFormatError extends EarshotError {
  /** Why the WAV was rejected. */
  declare readonly code: WavErrorCode;

  /** Creates the error with its code and a message naming the offending field. */
  constructor(code: WavErrorCode, message: string) {
    super(code, message);
    this.name = 'WavFormatError';
  }
}

/** A decoded WAV file: rate in Hz, the file's channel count, and mono samples in [-1, 1]. */
export interface WavAudio {
  sampleRate: number;
  channels: number;
  samples: Float32Array;
}

/**
 * Sample rates a WAV file may have, in Hz: telephone audio to studio masters. Outside them a
 * file is a mistake or an attack (a 3 KB file "at 1 Hz" is hours of audio once resampled).
 */
export const WAV_MIN_SAMPLE_RATE = 8000;
export const WAV_MAX_SAMPLE_RATE = 192_000;

/** The `wFormatTag` values read (an extensible file names PCM or float in its sub-format GUID). */
const FORMAT_TAG = { pcm: 0x0001, ieeeFloat: 0x0003, extensible: 0xfffe } as const;

/**
 * Sizes in bytes: the RIFF header ("RIFF", size, "WAVE"), a chunk header (id, size), the smallest
 * `fmt ` chunk (WAVEFORMAT + wBitsPerSample) and the extensible one.
 */
const SIZE = { riffHeader: 12, chunkHeader: 8, fmtMin: 16, fmtExtensible: 40 } as const;

function fourCC(view: DataView, at: number): string {
  return String.fromCharCode(
    view.getUint8(at),
    view.getUint8(at + 1),
    view.getUint8(at + 2),
    view.getUint8(at + 3),
  );
}

interface FmtChunk {
  encoding: number;
  channels: number;
  sampleRate: number;
  blockAlign: number;
  bits: number;
}

function readFmt(view: DataView, at: number, size: number): FmtChunk {
  if (size < SIZE.fmtMin)
    throw new WavFormatError('EARSHOT_ERR_WAV_FORMAT', 'fmt chunk: shorter than 16 bytes');
  let encoding = view.getUint16(at, true);
  if (encoding === FORMAT_TAG.extensible) {
    if (size < SIZE.fmtExtensible) {
      throw new WavFormatError('EARSHOT_ERR_WAV_FORMAT', 'fmt chunk: WAVE_FORMAT_EXTENSIBLE needs 40 bytes');
    }
    // The sub-format GUID starts with the plain format tag.
    encoding = view.getUint16(at + 24, true);
  }
  return {
    encoding,
    channels: view.getUint16(at + 2, true),
    sampleRate: view.getUint32(at + 4, true),
    blockAlign: view.getUint16(at + 12, true),
    bits: view.getUint16(at + 14, true),
  };
}

/** Reads sample `index` of a frame at byte `at` as a float. */
type SampleReader = (view: DataView, at: number) => number;

function readerFor(fmt: FmtChunk): SampleReader {
  const { encoding, bits } = fmt;
  if (encoding === FORMAT_TAG.pcm) {
    if (bits === 8) return (v, at) => (v.getUint8(at) - 128) / 128;
    if (bits === 16) return (v, at) => v.getInt16(at, true) / 32768;
    if (bits === 24) {
      return (v, at) => (v.getUint8(at) | (v.getUint8(at + 1) << 8) | (v.getInt8(at + 2) << 16)) / 8388608;
    }
    if (bits === 32) return (v, at) => v.getInt32(at, true) / 2147483648;
  } else if (encoding === FORMAT_TAG.ieeeFloat) {
    if (bits === 32) return (v, at) => v.getFloat32(at, true);
    if (bits === 64) return (v, at) => v.getFloat64(at, true);
  }
  throw new WavFormatError(
    'EARSHOT_ERR_WAV_UNSUPPORTED',
    'fmt.wFormatTag/wBitsPerSample: expected integer PCM 8/16/24/32-bit or float 32/64-bit',
  );
}

/**
 * Parses a RIFF/WAVE file into mono float samples (channels averaged) at the file's rate in Hz
 * (8 to 192 kHz); a data chunk that claims more bytes than the file holds is read up to the last
 * whole frame.
 */
export function parseWav(bytes: Uint8Array): WavAudio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < SIZE.riffHeader || fourCC(view, 0) !== 'RIFF' || fourCC(view, 8) !== 'WAVE') {
    throw new WavFormatError('EARSHOT_ERR_WAV_FORMAT', 'header: expected "RIFF" … "WAVE"');
  }
  let fmt: FmtChunk | undefined;
  let dataAt = -1;
  let dataSize = 0;
  let at = SIZE.riffHeader;
  while (at + SIZE.chunkHeader <= bytes.length) {
    const id = fourCC(view, at);
    const size = view.getUint32(at + 4, true);
    const body = at + SIZE.chunkHeader;
    if (id === 'fmt ') {
      if (body + size > bytes.length)
        throw new WavFormatError('EARSHOT_ERR_WAV_FORMAT', 'fmt chunk: truncated');
      fmt = readFmt(view, body, size);
    } else if (id === 'data') {
      dataAt = body;
      dataSize = Math.min(size, bytes.length - body);
      break;
    }
    at = body + size + (size % 2);
  }
  if (!fmt) throw new WavFormatError('EARSHOT_ERR_WAV_FORMAT', 'fmt chunk: missing before data');
  if (dataAt < 0) throw new WavFormatError('EARSHOT_ERR_WAV_FORMAT', 'data chunk: missing');
  const reader = readerFor(fmt);
  const bytesPerSample = fmt.bits / 8;
  const { channels, sampleRate, blockAlign } = fmt;
  if (channels < 1 || sampleRate < 1 || blockAlign < channels * bytesPerSample) {
    throw new WavFormatError(
      'EARSHOT_ERR_WAV_FORMAT',
      'fmt: nChannels, nSamplesPerSec and nBlockAlign must be consistent',
    );
  }
  if (sampleRate < WAV_MIN_SAMPLE_RATE || sampleRate > WAV_MAX_SAMPLE_RATE) {
    throw new WavFormatError(
      'EARSHOT_ERR_WAV_UNSUPPORTED',
      `fmt.nSamplesPerSec: expected ${WAV_MIN_SAMPLE_RATE} to ${WAV_MAX_SAMPLE_RATE} Hz`,
    );
  }
  const frames = Math.floor(dataSize / blockAlign);
  const samples = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    const frameAt = dataAt + f * blockAlign;
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += reader(view, frameAt + c * bytesPerSample);
    samples[f] = sum / channels;
  }
  return { sampleRate, channels, samples };
}

/** Range of a 16-bit sample. */
const INT16_MIN = -32768;
const INT16_MAX = 32767;

/**
 * Size of the canonical 16-bit PCM WAV header written by {@link encodeWavPcm16}, in bytes (44):
 * the RIFF header, then the `fmt ` chunk and the `data` chunk header.
 */
const PCM16_HEADER_BYTES = SIZE.riffHeader + SIZE.chunkHeader + SIZE.fmtMin + SIZE.chunkHeader;

/** Encodes mono float samples as a 16-bit PCM WAV at `sampleRate` Hz (round(x · 32768), clipped to int16). */
export function encodeWavPcm16(samples: Float32Array, sampleRate: number): Uint8Array {
  const dataBytes = samples.length * 2;
  const out = new Uint8Array(PCM16_HEADER_BYTES + dataBytes);
  const view = new DataView(out.buffer);
  const ascii = (at: number, text: string): void => {
    for (let i = 0; i < text.length; i++) view.setUint8(at + i, text.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, PCM16_HEADER_BYTES - SIZE.chunkHeader + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, SIZE.fmtMin, true);
  view.setUint16(20, FORMAT_TAG.pcm, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) {
    const scaled = Math.min(INT16_MAX, Math.max(INT16_MIN, Math.round((samples[i] as number) * 32768)));
    view.setInt16(PCM16_HEADER_BYTES + 2 * i, scaled, true);
  }
  return out;
}
