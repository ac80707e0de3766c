/**
 * Microphone capture: `getUserMedia` + an AudioWorklet running at the device's own rate (never a
 * fixed-rate `AudioContext`), converted to PCM16 frames at a protocol rate. Permission and device
 * failures reject with typed `EarshotWebError`s.
 */
import { MIC_FRAME_MS, PROTOCOL_PCM_RATE } from '../constants.ts';
import { EarshotWebError, type WebErrorCode } from '../errors.ts';
import { PcmFramer } from './pcm.ts';
import { CAPTURE_PROCESSOR, CAPTURE_WORKLET_SOURCE } from './worklet-source.ts';

/** Samples per message from the capture worklet (≈ 46 ms at 44.1 kHz). */
const WORKLET_BATCH = 2048;

/** Options of `startMic`. */
export interface MicOptions {
  /** Receives each PCM16 little-endian mono frame at `rate`. */
  readonly onFrame: (pcm16: Uint8Array) => void;
  /** Protocol rate, in Hz (default 24000). */
  readonly rate?: number;
  /** Frame length, in ms (default 40). */
  readonly frameMs?: number;
  /** Extra audio constraints (echo cancellation, noise suppression and gain control default to off). */
  readonly constraints?: MediaTrackConstraints;
}

/** A running capture. */
export interface MicCapture {
  /** The device (AudioContext) rate, in Hz. */
  readonly deviceRate: number;
  /** The protocol rate of the frames, in Hz. */
  readonly rate: number;
  /** Stops capture: delivers the last frames, releases the device and the AudioContext. */
  stop(): Promise<void>;
}

/** Opens the microphone and starts delivering frames; rejects with `EARSHOT_ERR_MIC_…` codes. */
export async function startMic(options: MicOptions): Promise<MicCapture> {
  const media = globalThis.navigator?.mediaDevices;
  if (media?.getUserMedia === undefined || typeof AudioWorkletNode === 'undefined') {
    throw new EarshotWebError(
      'EARSHOT_ERR_MIC_UNSUPPORTED',
      'This page cannot capture audio: getUserMedia or AudioWorklet is missing (an insecure context?).',
    );
  }
  let stream: MediaStream;
  try {
    stream = await media.getUserMedia({
      audio: {
        echoCancellation: false,
        noiseSuppression: false,
        autoGainControl: false,
        channelCount: 1,
        ...options.constraints,
      },
    });
  } catch (error) {
    throw micError(error);
  }
  const context = new AudioContext();
  try {
    const url = URL.createObjectURL(new Blob([CAPTURE_WORKLET_SOURCE], { type: 'text/javascript' }));
    try {
      await context.audioWorklet.addModule(url);
    } finally {
      URL.revokeObjectURL(url);
    }
    if (context.state === 'suspended') await context.resume();
  } catch (error) {
    for (const track of stream.getTracks()) track.stop();
    await context.close();
    throw new EarshotWebError(
      'EARSHOT_ERR_MIC_UNSUPPORTED',
      `The capture AudioWorklet could not start: ${String(error)}`,
      { cause: error },
    );
  }
  const rate = options.rate ?? PROTOCOL_PCM_RATE;
  const framer = new PcmFramer(context.sampleRate, rate, options.frameMs ?? MIC_FRAME_MS);
  // Run the conversion once on silence first, so its first real call (compilation) does not land in a frame.
  new PcmFramer(context.sampleRate, rate, options.frameMs ?? MIC_FRAME_MS).push(
    new Float32Array(WORKLET_BATCH),
  );
  const source = context.createMediaStreamSource(stream);
  const node = new AudioWorkletNode(context, CAPTURE_PROCESSOR, {
    numberOfOutputs: 1,
    processorOptions: { batch: 2048 },
  });
  // A muted path to the destination keeps the graph pulling the worklet in every browser.
  const mute = context.createGain();
  mute.gain.value = 0;
  source.connect(node).connect(mute).connect(context.destination);
  let stopped: (() => void) | null = null;
  node.port.onmessage = (event: MessageEvent<Float32Array | 'stopped'>) => {
    if (event.data === 'stopped') {
      stopped?.();
      return;
    }
    for (const frame of framer.push(event.data)) options.onFrame(frame);
  };
  return {
    deviceRate: context.sampleRate,
    rate,
    async stop() {
      await new Promise<void>((resolve) => {
        stopped = resolve;
        node.port.postMessage('stop');
        setTimeout(resolve, 500);
      });
      for (const frame of framer.flush()) options.onFrame(frame);
      source.disconnect();
      node.disconnect();
      for (const track of stream.getTracks()) track.stop();
      await context.close();
    },
  };
}

/** Maps a `getUserMedia` rejection to a typed error. */
export function micError(error: unknown): EarshotWebError {
  const name = (error as { name?: string } | null)?.name ?? '';
  const codes: Record<string, WebErrorCode> = {
    NotAllowedError: 'EARSHOT_ERR_MIC_PERMISSION',
    SecurityError: 'EARSHOT_ERR_MIC_PERMISSION',
    NotFoundError: 'EARSHOT_ERR_MIC_NOT_FOUND',
    OverconstrainedError: 'EARSHOT_ERR_MIC_NOT_FOUND',
    NotReadableError: 'EARSHOT_ERR_MIC_BUSY',
    AbortError: 'EARSHOT_ERR_MIC_BUSY',
  };
  const code = codes[name] ?? 'EARSHOT_ERR_MIC_UNSUPPORTED';
  return new EarshotWebError(
    code,
    `Microphone: ${name || 'error'}: ${(error as { message?: string } | null)?.message ?? String(error)}`,
    { cause: error },
  );
}
