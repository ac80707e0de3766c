/**
 * Silero VAD v5 as a `SpeechScorer` on the injected ONNX Runtime: 512-sample frames at 16 kHz,
 * each fed with the previous frame's last 64 samples as context, and a `[2, 1, 128]` recurrent
 * state carried between frames. The model file (`silero_vad_v5.onnx`, MIT) ships in the npm
 * package `@ricky0123/vad-web` (`dist/`); hosts read its bytes and pass them here.
 */
import { MODEL_SAMPLE_RATE } from '../../constants.ts';
import type { SpeechScorer } from '../../vad/types.ts';
import { checkGraph } from '../onnx/graph-check.ts';
import {
  createSession,
  type OrtModule,
  type OrtSession,
  type OrtSessionOptions,
  type OrtTensor,
} from '../onnx/ort.ts';

const FRAME = 512;
const CONTEXT = 64;
const STATE_SIZE = 2 * 128;

const SILERO_V5 = {
  inputs: {
    input: { rank: 2, types: ['float32'] },
    state: { rank: 3, types: ['float32'] },
    sr: { rank: 0, types: ['int64'] },
  },
  outputs: { output: { rank: 2, types: ['float32'] }, stateN: { rank: 3, types: ['float32'] } },
};

/** A loaded Silero v5 model; `scorer()` makes an independent scorer (one per session). */
export class SileroVad {
  private constructor(
    private readonly ort: OrtModule,
    private readonly session: OrtSession,
  ) {}

  /** Loads the model from its bytes; rejects with `ModelLoadError` when it is not Silero v5. */
  static async load(ort: OrtModule, model: Uint8Array, options: OrtSessionOptions = {}): Promise<SileroVad> {
    const file = 'silero_vad_v5.onnx';
    const session = await createSession(ort, model, options, file);
    checkGraph(session, SILERO_V5, file);
    return new SileroVad(ort, session);
  }

  /** A new scorer with its own recurrent state. */
  scorer(): SpeechScorer {
    return new SileroScorer(this.ort, this.session);
  }

  /** Releases the ONNX session. */
  release(): Promise<void> {
    return this.session.release();
  }
}

class SileroScorer implements SpeechScorer {
  readonly frameSamples = FRAME;
  private state: OrtTensor;
  private readonly input = new Float32Array(CONTEXT + FRAME);
  private readonly sampleRate: OrtTensor;

  constructor(
    private readonly ort: OrtModule,
    private readonly session: OrtSession,
  ) {
    this.state = this.freshState();
    this.sampleRate = new ort.Tensor('int64', BigInt64Array.of(BigInt(MODEL_SAMPLE_RATE)), []);
  }

  async score(frame: Float32Array): Promise<number> {
    // input = [last 64 samples of the previous frame, this frame]
    this.input.copyWithin(0, FRAME, FRAME + CONTEXT);
    this.input.set(frame.subarray(0, FRAME), CONTEXT);
    const out = await this.session.run({
      input: new this.ort.Tensor('float32', this.input.slice(), [1, CONTEXT + FRAME]),
      state: this.state,
      sr: this.sampleRate,
    });
    this.state = out.stateN as OrtTensor;
    return ((out.output as OrtTensor).data as Float32Array)[0] ?? 0;
  }

  reset(): void {
    this.input.fill(0);
    this.state = this.freshState();
  }

  private freshState(): OrtTensor {
    return new this.ort.Tensor('float32', new Float32Array(STATE_SIZE), [2, 1, 128]);
  }
}
