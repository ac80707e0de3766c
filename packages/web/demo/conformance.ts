/**
 * The conformance suite in the page, through `LocalRealtimeSocket` and the engine Worker (loaded
 * lazily by the demo's `earshotDemo.conformance()`, for the e2e run in Chromium).
 */
import {
  type CheckProfile,
  type CheckResult,
  conformanceChecks,
  conformanceClips,
  runChecks,
  SPEECH_CLIPS,
  type WebSocketLike,
} from '@earshot/testkit/conformance';
import { LocalEngine } from '@earshot/web';

/** Resolves once `socket` is open. */
function opened(socket: WebSocket): Promise<WebSocketLike> {
  return new Promise((resolve, reject) => {
    socket.addEventListener('open', () => resolve(socket as unknown as WebSocketLike), { once: true });
    socket.addEventListener('error', () => reject(new Error('the local socket failed')), { once: true });
  });
}

/** Runs every check against the in-page engine; resolves to the results. */
export async function runConformance(profile: CheckProfile = 'earshot'): Promise<CheckResult[]> {
  const engine = LocalEngine.shared();
  const model = await engine.load({ backend: 'wasm' });
  const wavs = new Map<string, Uint8Array>();
  for (const name of Object.keys(SPEECH_CLIPS)) {
    wavs.set(name, new Uint8Array(await (await fetch(`/clips/${name}-16k.wav`)).arrayBuffer()));
  }
  const checks = conformanceChecks({
    connect: () => opened(engine.openSocket() as unknown as WebSocket),
    connectWithQuery: (query) =>
      opened(engine.openSocket({ url: `wss://earshot.local/v1/realtime?${query}` }) as unknown as WebSocket),
    model: model.model,
    clips: conformanceClips((name) => wavs.get(name) ?? new Uint8Array(0)),
    timeoutMs: 30_000,
    quietMs: 300,
    // The page's sessions run with the core's defaults.
    limits: { maxEventBytes: 15 * 1024 * 1024, maxBufferSeconds: 900 },
    maxWer: 0.15,
  });
  return runChecks(checks, { profile });
}
