/**
 * The unmodified `openai` SDK in the page: `installLocalRealtime()` routes its
 * `wss://earshot.local/v1/realtime?model=…` socket (SDK 6.x opens sessions by model) to the in-page
 * engine.
 * `?clip=<fixture name>` picks the audio; the result lands in `window.sdkResult`.
 */
import { decodeAudioFile, installLocalRealtime, LocalEngine, toPcm16Chunks } from '@earshot/web';
import OpenAI from 'openai';
import { OpenAIRealtimeWebSocket } from 'openai/realtime/websocket';

/** The model name the SDK puts in the URL; the in-page engine serves whatever model it loaded. */
const SDK_MODEL = 'earshot-tiny-en';

interface SdkResult {
  readonly protocol: string;
  readonly types: string[];
  readonly transcript: string | null;
  readonly error: string | null;
}

async function run(): Promise<SdkResult> {
  const params = new URLSearchParams(location.search);
  const engine = LocalEngine.shared();
  await engine.load({ backend: (params.get('backend') ?? 'auto') as 'auto' });
  installLocalRealtime({ connect: (url) => engine.connect({ url }) });

  const client = new OpenAI({
    apiKey: 'local',
    baseURL: 'https://earshot.local/v1',
    dangerouslyAllowBrowser: true,
  });
  const rt = new OpenAIRealtimeWebSocket({ model: SDK_MODEL, dangerouslyAllowBrowser: true }, client);
  const types: string[] = [];
  rt.on('event', (event) => types.push(event.type));
  const completed = new Promise<string>((resolve, reject) => {
    rt.on('conversation.item.input_audio_transcription.completed', (event) => resolve(event.transcript));
    rt.on('error', (error) => reject(error));
  });
  await new Promise((resolve) => rt.socket.addEventListener('open', resolve, { once: true }));
  rt.send({
    type: 'session.update',
    session: {
      type: 'transcription',
      audio: { input: { format: { type: 'audio/pcm', rate: 24000 }, turn_detection: null } },
    },
  });
  const clip = params.get('clip') ?? 'digits-16k.wav';
  const audio = await decodeAudioFile(await (await fetch(`/fixtures/audio/${clip}`)).arrayBuffer());
  for (const chunk of toPcm16Chunks(audio)) {
    let binary = '';
    for (const byte of chunk) binary += String.fromCharCode(byte);
    rt.send({ type: 'input_audio_buffer.append', audio: btoa(binary) });
  }
  rt.send({ type: 'input_audio_buffer.commit' });
  const transcript = await completed;
  rt.close();
  return { protocol: rt.socket.protocol, types, transcript, error: null };
}

const out = document.getElementById('out') as HTMLElement;
run().then(
  (result) => {
    Object.assign(globalThis, { sdkResult: result });
    out.textContent = JSON.stringify(result, null, 2);
  },
  (error: unknown) => {
    const result: SdkResult = { protocol: '', types: [], transcript: null, error: String(error) };
    Object.assign(globalThis, { sdkResult: result });
    out.textContent = String(error);
  },
);
