/** The demo page: `<earshot-transcriber>`, a file drop, a local/remote switch, backend and timing readout. */
import { type EarshotTranscriber, type LoadedModel, LocalEngine, type ServerEventLike } from '@earshot/web';

const params = new URLSearchParams(location.search);
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const transcriber = $<EarshotTranscriber>('transcriber');
const serverUrl = $<HTMLInputElement>('server-url');
const events: ServerEventLike[] = [];

/** Test and console hooks: the element, every server event of the page, the engine. */
const demo = { transcriber, events, engine: () => LocalEngine.shared() };
Object.assign(globalThis, { earshotDemo: demo });

serverUrl.value = params.get('server') ?? `ws://${location.hostname}:8000/v1/realtime`;
for (const name of ['language', 'backend', 'model'] as const) {
  const value = params.get(name);
  if (value) transcriber.setAttribute(name, value);
}

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
  const detail = (event as CustomEvent<ServerEventLike>).detail;
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
