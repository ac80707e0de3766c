import type { ServerEvent } from '@earshot/core/protocol';
import { ToneRecognizer } from '@earshot/testkit/tones';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LoadedModel, LoadOutcome } from '../../src/worker/engine-api.ts';
import { servePort } from '../../src/worker/session-host.ts';
import { type FakeElement, type FakeShadowRoot, fakeDomGlobals } from '../support/fake-dom.ts';
import { FakeWorker } from '../support/fake-worker.ts';

const mic = vi.hoisted(() => ({
  stop: vi.fn(async () => {}),
  opened: 0,
  rate: undefined as number | undefined,
  onFrame: null as ((pcm16: Uint8Array) => void) | null,
}));
vi.mock('../../src/mic/mic-capture.ts', () => ({
  startMic: async (options: { rate?: number; onFrame: (pcm16: Uint8Array) => void }) => {
    mic.opened++;
    mic.rate = options.rate;
    mic.onFrame = options.onFrame;
    return { deviceRate: 48_000, rate: options.rate ?? 24_000, stop: mic.stop };
  },
}));

const recognizer = new ToneRecognizer({ decodeMs: 1 });
const MODEL = { model: 'tiny', variant: 'q4', backend: 'wasm' } as LoadedModel;

/** Sessions the fake engine serves, and how many ended. */
const sessions = { opened: 0, closed: 0 };

function engineApi() {
  return {
    load: async (): Promise<LoadOutcome> => ({ ok: true, model: MODEL }),
    connect: (port: MessagePort) => {
      sessions.opened++;
      servePort(port, { recognizer, onClosed: () => sessions.closed++ });
    },
  };
}

async function until(condition: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function listeningTranscriber(onEvent?: (event: ServerEvent) => void) {
  const { EarshotTranscriber } = await import('../../src/element/earshot-transcriber.ts');
  const element = new EarshotTranscriber() as InstanceType<typeof EarshotTranscriber> & {
    isConnected: boolean;
  };
  element.setAttribute('model', 'https://models.example/tiny/');
  if (onEvent !== undefined)
    element.addEventListener('realtime-event', (event: Event) =>
      onEvent((event as CustomEvent<ServerEvent>).detail),
    );
  element.isConnected = true;
  element.connectedCallback();
  await element.start();
  expect(element.state).toBe('listening');
  return element;
}

beforeEach(() => {
  for (const [name, value] of Object.entries(fakeDomGlobals())) vi.stubGlobal(name, value);
  FakeWorker.nextApi = engineApi;
  vi.stubGlobal('Worker', FakeWorker);
  mic.stop.mockClear();
  mic.opened = 0;
  mic.rate = undefined;
  mic.onFrame = null;
  sessions.opened = 0;
  sessions.closed = 0;
});

afterEach(async () => {
  const { LocalEngine } = await import('../../src/worker/local-engine.ts');
  LocalEngine.shared().terminate();
  vi.unstubAllGlobals();
});

describe('EarshotTranscriber.disconnectedCallback', () => {
  it('stops the microphone and closes the connection when the element is removed', async () => {
    const element = await listeningTranscriber();
    expect([mic.opened, sessions.opened]).toEqual([1, 1]);
    element.isConnected = false;
    element.disconnectedCallback();
    await until(() => element.state === 'idle');
    expect(mic.stop).toHaveBeenCalledTimes(1);
    await until(() => sessions.closed === 1);
  });

  it('keeps the run when the element is only moved (re-inserted before the microtask)', async () => {
    const element = await listeningTranscriber();
    element.isConnected = false;
    element.disconnectedCallback();
    element.isConnected = true;
    element.connectedCallback();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(element.state).toBe('listening');
    expect(mic.stop).not.toHaveBeenCalled();
    await element.stop();
    expect(mic.stop).toHaveBeenCalledTimes(1);
  });

  it('releases the microphone when the engine Worker is lost while listening', async () => {
    const element = await listeningTranscriber();
    const errors: string[] = [];
    element.addEventListener('error', (event: Event) =>
      errors.push((event as CustomEvent<{ code: string }>).detail.code),
    );
    FakeWorker.created.at(-1)?.crash();
    await until(() => element.state === 'idle');
    expect(mic.stop).toHaveBeenCalledTimes(1);
    expect(errors).toContain('EARSHOT_ERR_WORKER_LOST');
  });
});

describe('EarshotTranscriber.start', () => {
  it('captures the microphone at 16 kHz for the in-page engine and configures the session for it', async () => {
    const events: ServerEvent[] = [];
    const element = await listeningTranscriber((event) => events.push(event));
    expect(mic.rate).toBe(16_000);
    const updated = events.find((event) => event.type === 'session.updated');
    expect(updated?.type === 'session.updated' && updated.session.audio.input.format).toEqual({
      type: 'audio/pcm',
      rate: 16_000,
    });
    mic.onFrame?.(new Uint8Array(16_000 * 2));
    expect(element.stats.audioSeconds).toBe(1);
    await element.stop();
  });
});

describe('the button (one state signal, focus kept)', () => {
  it('maps each state to a label and availability', async () => {
    const { buttonView } = await import('../../src/element/control.ts');
    const states = ['idle', 'loading', 'connecting', 'listening', 'stopping', 'file'] as const;
    expect(states.map((state) => [state, buttonView(state)])).toEqual([
      ['idle', { label: 'Start', unavailable: false }],
      ['loading', { label: 'Start', unavailable: true }],
      ['connecting', { label: 'Start', unavailable: true }],
      ['listening', { label: 'Stop', unavailable: false }],
      ['stopping', { label: 'Stop', unavailable: true }],
      ['file', { label: 'Start', unavailable: true }],
    ]);
  });

  it('uses aria-disabled (never disabled, never aria-pressed) and ignores presses while unavailable', async () => {
    const { EarshotTranscriber } = await import('../../src/element/earshot-transcriber.ts');
    const element = new EarshotTranscriber() as InstanceType<typeof EarshotTranscriber> & {
      isConnected: boolean;
      shadowRoot: FakeShadowRoot;
    };
    element.setAttribute('model', 'https://models.example/tiny/');
    element.isConnected = true;
    element.connectedCallback();
    const button = element.shadowRoot.querySelector("[part~='button']") as unknown as FakeElement;
    const seen: Array<[string, string | null, string | null, boolean, boolean]> = [];
    element.addEventListener('statechange', (event: Event) => {
      const { state } = (event as CustomEvent<{ state: string }>).detail;
      seen.push([
        state,
        button.textContent,
        button.getAttribute('aria-disabled'),
        button.hasAttribute('aria-pressed'),
        button.disabled,
      ]);
      // Presses while the action is unavailable change nothing (the run goes on to listening).
      if (state !== 'listening' && state !== 'idle') button.dispatchEvent(new Event('click'));
    });
    // (The fake DOM does not parse the template: its initial label is checked in e2e/a11y.spec.ts.)
    expect(button.getAttribute('aria-disabled')).toBeNull();
    button.dispatchEvent(new Event('click'));
    await until(() => element.state === 'listening');
    button.dispatchEvent(new Event('click'));
    await until(() => element.state === 'idle');
    expect(seen).toEqual([
      ['loading', 'Start', 'true', false, false],
      ['connecting', 'Start', 'true', false, false],
      ['listening', 'Stop', null, false, false],
      ['stopping', 'Stop', 'true', false, false],
      ['idle', 'Start', null, false, false],
    ]);
    expect([mic.opened, sessions.opened]).toEqual([1, 1]);
  });
});
