/**
 * TEST ONLY: the in-page target with the deterministic tone recognizer instead of the model —
 * `LocalRealtimeSocket` over a `MessageChannel` to the web package's session host, in the page.
 */
import { ToneRecognizer } from '@earshot/testkit/tones';
import { LocalRealtimeSocket } from '../../../packages/web/src/socket/local-realtime-socket.ts';
import { servePort } from '../../../packages/web/src/worker/session-host.ts';
import { installEvalPage } from '../../page/harness.ts';

const recognizer = new ToneRecognizer({ decodeMs: 2 });

installEvalPage({
  load: async () => ({ model: recognizer.model, backend: 'tones (test)', userAgent: navigator.userAgent }),
  openSocket() {
    const channel = new MessageChannel();
    const socket = new LocalRealtimeSocket(channel.port1, { protocols: ['realtime'] });
    servePort(channel.port2, { recognizer });
    return socket;
  },
});
