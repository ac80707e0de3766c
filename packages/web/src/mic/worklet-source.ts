/**
 * The AudioWorklet processor, as source text (loaded from a Blob URL, so hosts need no extra file):
 * it copies channel 0 at the context's own rate and posts batches of samples to the page.
 */

/** Name the capture processor registers under. */
export const CAPTURE_PROCESSOR = 'earshot-capture';

/** Source of the capture processor module; `processorOptions.batch` = samples per message (default 2048). */
export const CAPTURE_WORKLET_SOURCE = `
class EarshotCapture extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.batch = (options.processorOptions && options.processorOptions.batch) || 2048;
    this.buffer = new Float32Array(this.batch);
    this.filled = 0;
    this.running = true;
    this.port.onmessage = (event) => {
      if (event.data === 'stop') {
        if (this.filled > 0) this.port.postMessage(this.buffer.slice(0, this.filled));
        this.port.postMessage('stopped');
        this.running = false;
      }
    };
  }
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel) {
      let offset = 0;
      while (offset < channel.length) {
        const n = Math.min(channel.length - offset, this.batch - this.filled);
        this.buffer.set(channel.subarray(offset, offset + n), this.filled);
        this.filled += n;
        offset += n;
        if (this.filled === this.batch) {
          this.port.postMessage(this.buffer.slice());
          this.filled = 0;
        }
      }
    }
    return this.running;
  }
}
registerProcessor('earshot-capture', EarshotCapture);
`;
