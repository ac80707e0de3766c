// WebGPU (project `webgpu`: Chromium with --enable-unsafe-webgpu). Without a GPU, Chromium offers only
// SwiftShader's software adapter: detection must see it, `auto` must keep WASM (software WebGPU is far
// slower), and the WebGPU execution provider, when asked for, must transcribe clips as WASM does with
// the decoder's KV cache kept on the device between steps (GPU buffers fed back, no host round trip).
import { expect, test } from '@playwright/test';
import { type DemoHooks, openDemo, transcribeFixture } from './support/demo.ts';
import { FILE_CLIP } from './support/paths.ts';

test.setTimeout(600_000);

test('WebGPU: the adapter is detected and the WebGPU EP transcribes a short clip like WASM', async ({
  page,
}) => {
  await openDemo(page, { language: 'en', backend: 'wasm' });
  const caps = await page.evaluate(() =>
    (globalThis as unknown as { earshotDemo: DemoHooks }).earshotDemo.engine().capabilities(),
  );
  console.log(`capabilities: ${JSON.stringify(caps)}`);
  expect(caps.webgpu).not.toBeNull();
  expect(caps.recommended.backend).toBe(caps.webgpu?.fallbackAdapter ? 'wasm' : 'webgpu');

  const wasm = await transcribeFixture(page, FILE_CLIP.file);
  const wasmSecond = await transcribeFixture(page, 'kitchen-lights-16k.wav');
  await page.evaluate(() =>
    (globalThis as unknown as { earshotDemo: DemoHooks }).earshotDemo.transcriber.setAttribute(
      'backend',
      'webgpu',
    ),
  );
  const gpu = await transcribeFixture(page, FILE_CLIP.file);
  const gpuSecond = await transcribeFixture(page, 'kitchen-lights-16k.wav');
  console.log(
    `WASM: "${wasm.transcript}" (RTF ${wasm.stats.rtf?.toFixed(3)}); WebGPU on ${gpu.model?.adapter}: "${gpu.transcript}" (RTF ${gpu.stats.rtf?.toFixed(3)}, warm-up ${gpu.model?.warmupMs} ms)`,
  );
  expect(wasm.model?.backend).toBe('wasm');
  expect(gpu.model?.backend).toBe('webgpu');
  expect(gpu.transcript).toBe(wasm.transcript);
  expect(gpuSecond.transcript).toBe(wasmSecond.transcript);
  expect(wasm.model?.kvCache).toBe('cpu');
  expect(gpu.model?.kvCache).toBe('gpu-buffer');
});
