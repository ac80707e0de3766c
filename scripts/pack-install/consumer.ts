// A strict nodenext TypeScript consumer of the published .d.ts (run.sh copies it into the
// install folder): the element is typed through querySelector, its events by their names.
import { parseWav } from '@earshot/core';
import type { ClientEvent } from '@earshot/core/protocol';
import '@earshot/web/element';
import { LocalRealtimeSocket } from '@earshot/web/socket';

const element = document.querySelector('earshot-transcriber');
if (element !== null) {
  void element.start();
  element.addEventListener('final', (event) => console.log(event.detail.transcript));
}
const append: ClientEvent = { type: 'input_audio_buffer.append', audio: '' };
export const used = [parseWav, append, LocalRealtimeSocket];
