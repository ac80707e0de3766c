/** The demo page: `<earshot-transcriber>`, a file drop, a local/remote switch, backend and timing readout. */

import { RealtimeClient } from '@earshot/core/client';
import { hubFolderUrl, PUBLIC_MODELS } from '@earshot/core/model';
import type { ServerEvent } from '@earshot/core/protocol';
import { type EarshotTranscriber, type LoadedModel, LocalEngine } from '@earshot/web';
import { type OfflineCache, registerOfflineCache } from '@earshot/web/offline';

const params = new URLSearchParams(location.search);
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const transcriber = $<EarshotTranscriber>('transcriber');
const serverUrl = $<HTMLInputElement>('server-url');
const events: ServerEvent[] = [];

/**
 * `?offline=1`: the opt-in service worker (page, scripts, engine Worker, ORT's .wasm; the model
 * from the model cache), registered before the engine Worker starts so that it runs controlled.
 */
let offline: OfflineCache | null = null;
if (params.get('offline') === '1') {
  try {
    offline = await registerOfflineCache();
    $('offline').textContent =
      offline === null
        ? 'service workers are unavailable here'
        : `${offline.cached.length} files cached (${offline.cacheName})`;
  } catch (error) {
    $('offline').textContent = `not available: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Test and console hooks: the element, every server event of the page, the engine. */
const demo = {
  transcriber,
  events,
  engine: () => LocalEngine.shared(),
  /** The offline cache (`?offline=1`), or null. */
  offline: () => offline,
  /** A protocol client (core's `RealtimeClient`, recording events) over a new in-page socket. */
  client: () => new RealtimeClient(LocalEngine.shared().openSocket(), { record: true }),
  /** The conformance suite through the in-page socket (loaded on first use). */
  conformance: async (profile?: 'openai' | 'earshot') =>
    (await import('./conformance.ts')).runConformance(profile),
};
Object.assign(globalThis, { earshotDemo: demo });

serverUrl.value = params.get('server') ?? `ws://${location.hostname}:8000/v1/realtime`;
for (const name of ['language', 'backend', 'model'] as const) {
  const value = params.get(name);
  if (value) transcriber.setAttribute(name, value);
}

/** The model picker: the embedded model, or a public Qwen3-ASR export (size shown before any download). */
const picker = $<HTMLSelectElement>('model-picker');
const note = $('model-note');
const EMBEDDED = {
  label: 'Embedded tiny English model (13 MB, in this site)',
  url: '',
  variant: '',
  bytes: 13e6,
  needs: [] as readonly string[],
};
const choices = [
  EMBEDDED,
  ...Object.values(PUBLIC_MODELS).map((m) => ({
    label: `${m.label} — about ${(m.approxBytes / 1e9).toFixed(1)} GB download`,
    url: hubFolderUrl(m.repo),
    variant: m.variant,
    bytes: m.approxBytes,
    needs: m.requiredFeatures,
  })),
];
for (const [i, choice] of choices.entries()) picker.append(new Option(choice.label, String(i)));
async function pickModel(): Promise<void> {
  const choice = choices[Number(picker.value)] ?? EMBEDDED;
  if (choice.url === '') transcriber.removeAttribute('model');
  else transcriber.setAttribute('model', choice.url);
  if (choice.variant === '') transcriber.removeAttribute('variant');
  else transcriber.setAttribute('variant', choice.variant);
  const caps = await LocalEngine.shared().capabilities();
  const gpu = caps.webgpu;
  const lines = [
    `Downloads ${(choice.bytes / 1e6).toFixed(0)} MB once, then loads from this browser's cache (works offline).`,
  ];
  if (choice !== EMBEDDED && (gpu === null || gpu.fallbackAdapter))
    lines.push(
      gpu === null
        ? 'WebGPU is not available in this browser: this model would run on WASM (CPU), far slower than real time.'
        : `Only a software WebGPU adapter is available (${gpu.description || gpu.vendor}): this model would run on WASM, far slower than real time.`,
    );
  const missing = choice.needs.filter((f) => !(gpu?.features ?? []).includes(f));
  if (missing.length > 0)
    lines.push(`This variant needs WebGPU with ${missing.join(', ')}, which this device lacks.`);
  note.textContent = lines.join(' ');
}
picker.addEventListener('change', () => void pickModel());
const wanted = params.get('model');
if (wanted === null) void pickModel();
else note.textContent = `Model from the URL: ${wanted}`;

function setMode(mode: string): void {
  transcriber.src = mode === 'remote' ? serverUrl.value : 'local';
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name=mode]'))
    radio.checked = radio.value === mode;
  $('backend').textContent = mode === 'remote' ? `server (${new URL(serverUrl.value).host})` : '–';
}
for (const radio of document.querySelectorAll<HTMLInputElement>('input[name=mode]')) {
  radio.addEventListener('change', () => setMode(radio.value));
}
serverUrl.addEventListener('change', () => transcriber.src !== 'local' && setMode('remote'));
setMode(params.get('src') === 'remote' ? 'remote' : 'local');

function showModel(model: LoadedModel): void {
  const threads =
    model.backend === 'wasm' ? `, ${model.threads} thread${model.threads === 1 ? '' : 's'}` : '';
  $('backend').textContent =
    `${model.backend}${threads}${model.adapter ? ` — ${model.adapter}` : ''} (${model.backendReason})`;
  $('model').textContent = `${model.model} (${model.variant})`;
  const cache =
    model.cache.downloads === 0
      ? 'from cache'
      : `${(model.cache.bytesDownloaded / 1e6).toFixed(1)} MB downloaded`;
  $('load').textContent = `${model.loadMs} ms, ${cache}; warm-up ${model.warmupMs} ms`;
}

function showStats(): void {
  const stats = transcriber.stats;
  $('first-partial').textContent =
    stats.firstPartialMs === null ? '–' : `${Math.round(stats.firstPartialMs)} ms`;
  $('rtf').textContent = stats.rtf === null ? '–' : stats.rtf.toFixed(3);
  $('audio').textContent = `${stats.audioSeconds.toFixed(2)} s sent, ${stats.events} events`;
}

transcriber.addEventListener('ready', (event) => showModel((event as CustomEvent<LoadedModel>).detail));
transcriber.addEventListener('partial', showStats);
transcriber.addEventListener('final', showStats);
transcriber.addEventListener('statechange', showStats);
transcriber.addEventListener('realtime-event', (event) => {
  const detail = (event as CustomEvent<ServerEvent>).detail;
  events.push(detail);
  const li = document.createElement('li');
  li.textContent = detail.type;
  $('events').append(li);
});

const drop = $('drop');
async function transcribe(file: File | undefined): Promise<void> {
  if (file !== undefined) await transcriber.transcribeFile(file);
  showStats();
}
drop.addEventListener('dragover', (event) => {
  event.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (event) => {
  event.preventDefault();
  drop.classList.remove('over');
  void transcribe(event.dataTransfer?.files[0]);
});
$<HTMLInputElement>('file').addEventListener('change', (event) => {
  void transcribe((event.target as HTMLInputElement).files?.[0]);
});
