import { encodeBase64, encodePcm16 } from '@earshot/core/audio';
import { speakTones, ToneRecognizer } from '@earshot/testkit/tones';
import OpenAI from 'openai';
import { OpenAIRealtimeWebSocket } from 'openai/realtime/websocket';
import { afterEach, describe, expect, it } from 'vitest';
import { installLocalRealtime, matchesLocalUrl } from '../../src/socket/install-local-realtime.ts';
import { LocalRealtimeSocket } from '../../src/socket/local-realtime-socket.ts';
import { servePort } from '../../src/worker/session-host.ts';

const recognizer = new ToneRecognizer({ decodeMs: 1 });

/** A stand-in engine: each connect() serves a session in-process. */
function connect(): MessagePort {
  const channel = new MessageChannel();
  servePort(channel.port2, { recognizer });
  return channel.port1;
}

let uninstall: (() => void) | null = null;
afterEach(() => {
  uninstall?.();
  uninstall = null;
});

describe('matchesLocalUrl', () => {
  it('matches by prefix, pattern or predicate', () => {
    const url = new URL('wss://earshot.local/v1/realtime?intent=transcription');
    expect(matchesLocalUrl('wss://earshot.local/', url)).toBe(true);
    expect(matchesLocalUrl(/api\.openai\.com/, url)).toBe(false);
    expect(matchesLocalUrl((u) => u.pathname.endsWith('/realtime'), url)).toBe(true);
  });
});

describe('installLocalRealtime', () => {
  it('routes matching URLs to a LocalRealtimeSocket and restores WebSocket on uninstall', () => {
    const target: { WebSocket?: typeof WebSocket } = {};
    uninstall = installLocalRealtime({ connect, target });
    const Routed = target.WebSocket;
    expect(Routed).toBeDefined();
    const socket = new (Routed as typeof WebSocket)('wss://earshot.local/v1/realtime', ['realtime']);
    expect(socket).toBeInstanceOf(LocalRealtimeSocket);
    expect(() => new (Routed as typeof WebSocket)('wss://elsewhere.example/v1/realtime')).toThrow(TypeError);
    socket.close();
    uninstall();
    expect(target.WebSocket).toBeUndefined();
  });

  it('runs the unmodified openai SDK (OpenAIRealtimeWebSocket, ?model=) in-process', async () => {
    uninstall = installLocalRealtime({ connect });
    const client = new OpenAI({
      apiKey: 'local',
      baseURL: 'https://earshot.local/v1',
      dangerouslyAllowBrowser: true,
    });
    const rt = new OpenAIRealtimeWebSocket(
      { model: recognizer.model, dangerouslyAllowBrowser: true },
      client,
    );
    expect(rt.url.href).toBe(`wss://earshot.local/v1/realtime?model=${encodeURIComponent(recognizer.model)}`);
    const types: string[] = [];
    rt.on('event', (event) => types.push(event.type));
    const transcript = new Promise<string>((resolve, reject) => {
      rt.on('conversation.item.input_audio_transcription.completed', (event) => resolve(event.transcript));
      rt.on('error', (error) => reject(error));
    });
    await new Promise((resolve) => rt.socket.addEventListener('open', resolve, { once: true }));
    expect(rt.socket.protocol).toBe('realtime');
    rt.send({
      type: 'session.update',
      session: {
        type: 'transcription',
        audio: { input: { format: { type: 'audio/pcm', rate: 24000 }, turn_detection: null } },
      },
    });
    const audio = encodePcm16(speakTones(['alpha', 'bravo'], 24000));
    rt.send({ type: 'input_audio_buffer.append', audio: encodeBase64(audio) });
    rt.send({ type: 'input_audio_buffer.commit' });
    expect(await transcript).toBe('alpha bravo');
    expect(types.slice(0, 3)).toEqual(['session.created', 'session.updated', 'input_audio_buffer.committed']);
    rt.close();
  });
});
