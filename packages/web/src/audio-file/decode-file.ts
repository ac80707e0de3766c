/** Audio files (WAV, MP3, anything the browser decodes) → mono float samples, for sending through the protocol. */
import { FILE_CHUNK_MS, PROTOCOL_PCM_RATE } from '../constants.ts';
import { EarshotWebError } from '../errors.ts';
import { downmix, PcmFramer } from '../mic/pcm.ts';

/** Decoded audio: mono samples at `sampleRate` Hz. */
export interface DecodedAudio {
  readonly samples: Float32Array;
  readonly sampleRate: number;
}

/**
 * Decodes `bytes` with the browser's decoders, mixed to mono at `rate` Hz (default 24000, the rate
 * `toPcm16Chunks` sends): `decodeAudioData` always resamples to its context's rate, so asking for the
 * sending rate makes that the only resampler before the session (the framer then passes audio through).
 */
export async function decodeAudioFile(bytes: ArrayBuffer, rate = PROTOCOL_PCM_RATE): Promise<DecodedAudio> {
  const context = new OfflineAudioContext(1, 1, rate);
  try {
    const buffer = await context.decodeAudioData(bytes.slice(0));
    const channels = Array.from({ length: buffer.numberOfChannels }, (_, c) => buffer.getChannelData(c));
    return { samples: downmix(channels), sampleRate: buffer.sampleRate };
  } catch (error) {
    throw new EarshotWebError(
      'EARSHOT_ERR_AUDIO_FILE',
      `The file could not be decoded as audio: ${String(error)}`,
      { cause: error },
    );
  }
}

/** Cuts decoded audio into PCM16 appends at `rate` Hz (default 24000) of `chunkMs` each (default 500). */
export function toPcm16Chunks(
  audio: DecodedAudio,
  rate = PROTOCOL_PCM_RATE,
  chunkMs = FILE_CHUNK_MS,
): Uint8Array[] {
  const framer = new PcmFramer(audio.sampleRate, rate, chunkMs);
  return [...framer.push(audio.samples), ...framer.flush()];
}
