// Accessibility of the demo page and <earshot-transcriber>: axe-core (no violations idle, mid-transcription
// and after a transcript), focus kept on the button from Start through loading to listening, one state
// signal (the label), a visible focus ring (width, contrast), and the file chooser by keyboard.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { type DemoHooks, openDemo } from './support/demo.ts';
import { micRun } from './support/mic-run.ts';
import { FILE_CLIP, FIXTURES } from './support/paths.ts';

/** axe-core's browser build (injected as a script: `@axe-core/playwright` requires Node 22). */
const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** Runs axe on the page (or under `include`, shadow roots included) and returns its violations, one line each. */
async function axeViolations(page: Page, include?: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = await page.evaluate(async (selector) => {
    const axe = (
      globalThis as unknown as {
        axe: { run(context: unknown): Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(selector === null ? document : { include: [selector] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes }));
  }, include ?? null);
  return violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' > ')).join(', ')}`,
  );
}

/** Where keyboard focus is: the document's active element, and the element's shadow-root active element. */
function focusOf(page: Page): Promise<{ outer: string; inner: string | null }> {
  return page.evaluate(() => {
    const active = document.activeElement;
    const nameOf = (node: Element | null) =>
      node === null ? 'null' : `${node.localName}${node.id ? `#${node.id}` : ''}`;
    const inner = active?.shadowRoot?.activeElement ?? null;
    return {
      outer: nameOf(active),
      inner: inner === null ? null : (inner.getAttribute('part') ?? nameOf(inner)),
    };
  });
}

/** Presses Tab until `done` holds (at most `max` presses); returns how many it took. */
async function tabUntil(page: Page, done: () => Promise<boolean>, max = 15): Promise<number> {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press('Tab');
    if (await done()) return presses;
  }
  throw new Error(
    `Tab never reached the target in ${max} presses (focus: ${JSON.stringify(await focusOf(page))})`,
  );
}

const onButton = async (page: Page) => {
  const focus = await focusOf(page);
  return focus.outer === 'earshot-transcriber#transcriber' && focus.inner === 'button';
};

/** WCAG relative luminance of an `rgb(…)`/`rgba(…)` colour. */
function luminance(css: string): number {
  const [r, g, b] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((c) => {
    const v = Number(c) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two opaque colours. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The focused button's outline and the colour it is drawn on (the first opaque background above the host, else the canvas). */
function focusRing(
  page: Page,
): Promise<{ width: number; style: string; color: string; offset: number; background: string }> {
  return page.evaluate(() => {
    const host = document.querySelector('#transcriber') as HTMLElement;
    const button = host.shadowRoot?.querySelector("[part~='button']") as HTMLElement;
    const style = getComputedStyle(button);
    let background = '';
    for (let node: Element | null = host; node !== null && background === ''; node = node.parentElement) {
      const color = getComputedStyle(node).backgroundColor;
      if (!/rgba\(.*,\s*0\)$|transparent/.test(color)) background = color;
    }
    if (background === '') {
      const probe = document.createElement('div');
      probe.style.backgroundColor = 'Canvas';
      document.body.append(probe);
      background = getComputedStyle(probe).backgroundColor;
      probe.remove();
    }
    return {
      width: Number.parseFloat(style.outlineWidth),
      style: style.outlineStyle,
      color: style.outlineColor,
      offset: Number.parseFloat(style.outlineOffset),
      background,
    };
  });
}

test('axe finds no violations on the demo page and the element: idle, mid-transcription, after a transcript', async ({
  page,
}) => {
  await openDemo(page, { language: 'en' });
  expect(await axeViolations(page)).toEqual([]);
  expect(await axeViolations(page, '#transcriber')).toEqual([]);
  let listening: string[] = ['not run'];
  const run = await micRun(page, async () => {
    // The first partial (or final) is on screen and the microphone is live.
    listening = [...(await axeViolations(page)), ...(await axeViolations(page, '#transcriber'))];
  });
  expect(listening).toEqual([]);
  expect(run.transcript).not.toBe('');
  await expect(page.locator('#transcriber [part~="item"]').first()).not.toBeEmpty();
  expect(await axeViolations(page)).toEqual([]);
  expect(await axeViolations(page, '#transcriber')).toEqual([]);
});

test('focus stays on the button from Start through loading to listening and back; the label is the one state signal', async ({
  page,
  context,
}) => {
  // Hold the first model request until the loading state has been checked.
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let first = true;
  await context.route('**/models/**', async (route) => {
    if (first) {
      first = false;
      await held;
    }
    await route.continue();
  });
  await openDemo(page, { language: 'en' });
  await page.evaluate(() => {
    const host = (globalThis as unknown as { earshotDemo: DemoHooks }).earshotDemo.transcriber;
    const button = host.shadowRoot?.querySelector("[part~='button']") as HTMLButtonElement;
    const log = { states: [] as unknown[], blurs: [] as string[] };
    Object.assign(globalThis, { a11yLog: log });
    button.addEventListener('blur', () => log.blurs.push(host.state));
    host.addEventListener('statechange', (event) => {
      log.states.push({
        state: (event as CustomEvent<{ state: string }>).detail.state,
        focused: document.activeElement === host && host.shadowRoot?.activeElement === button,
        label: button.textContent,
        ariaDisabled: button.getAttribute('aria-disabled'),
        ariaPressed: button.getAttribute('aria-pressed'),
        disabled: button.disabled,
      });
    });
  });
  const button = page.locator('#transcriber').getByRole('button');
  const state = () =>
    page.evaluate(() => (globalThis as unknown as { earshotDemo: DemoHooks }).earshotDemo.transcriber.state);

  await tabUntil(page, () => onButton(page));
  await expect(button).toHaveAccessibleName('Start');
  expect(await button.getAttribute('aria-pressed')).toBeNull();
  expect(await button.getAttribute('aria-disabled')).toBeNull();
  expect(await button.ariaSnapshot()).toBe('- button "Start"');

  await page.keyboard.press('Space');
  await expect.poll(state).toBe('loading');
  expect(await onButton(page)).toBe(true);
  await expect(button).toHaveAccessibleName('Start');
  await expect(button).toHaveAttribute('aria-disabled', 'true');
  const loadingSnapshot = await button.ariaSnapshot();
  console.log(
    `while loading: ${loadingSnapshot}; status: ${await page.locator('#transcriber [part~="status"]').textContent()}`,
  );
  expect(loadingSnapshot).toBe('- button "Start" [disabled]');
  // Presses while loading are ignored: the run goes on.
  await page.keyboard.press('Enter');
  await page.keyboard.press('Space');
  expect(await state()).toBe('loading');
  release();

  await expect.poll(state, { timeout: 120_000 }).toBe('listening');
  expect(await onButton(page)).toBe(true);
  await expect(button).toHaveAccessibleName('Stop');
  expect(await button.getAttribute('aria-disabled')).toBeNull();
  expect(await button.ariaSnapshot()).toBe('- button "Stop"');

  await page.keyboard.press('Space');
  await expect.poll(state, { timeout: 60_000 }).toBe('idle');
  expect(await onButton(page)).toBe(true);
  await expect(button).toHaveAccessibleName('Start');

  const log = await page.evaluate(
    () => (globalThis as unknown as { a11yLog: { states: unknown[]; blurs: string[] } }).a11yLog,
  );
  console.log(`states: ${JSON.stringify(log.states)}`);
  expect(log.blurs).toEqual([]);
  const row = (state: string, label: string, ariaDisabled: string | null) => ({
    state,
    focused: true,
    label,
    ariaDisabled,
    ariaPressed: null,
    disabled: false,
  });
  expect(log.states).toEqual([
    row('loading', 'Start', 'true'),
    row('connecting', 'Start', 'true'),
    row('listening', 'Stop', null),
    row('stopping', 'Stop', 'true'),
    row('idle', 'Start', null),
  ]);
});

test('the focus ring is at least 2 px and 3:1 against its background (light and dark), and themeable', async ({
  page,
}) => {
  await openDemo(page);
  await tabUntil(page, () => onButton(page));
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const ring = await focusRing(page);
    const ratio = contrast(ring.color, ring.background);
    console.log(
      `${scheme}: outline ${ring.width}px ${ring.style} ${ring.color}, offset ${ring.offset}px, on ${ring.background}: ${ratio.toFixed(2)}:1`,
    );
    expect(ring.style).toBe('solid');
    expect(ring.width).toBeGreaterThanOrEqual(2);
    expect(ring.offset).toBeGreaterThanOrEqual(1); // drawn on the page's background, not the button's
    expect(ratio).toBeGreaterThanOrEqual(3);
  }
  await page.evaluate(() => {
    const host = document.querySelector('#transcriber') as HTMLElement;
    host.style.setProperty('--earshot-focus-ring-color', 'rgb(180, 0, 0)');
    host.style.setProperty('--earshot-focus-ring-width', '4px');
  });
  const themed = await focusRing(page);
  expect([themed.color, themed.width]).toEqual(['rgb(180, 0, 0)', 4]);
});

test('Tab reaches the demo file chooser; Enter and Space open it, and the chosen file is transcribed', async ({
  page,
}) => {
  const onFile = async () => (await focusOf(page)).outer === 'input#file';
  // A fresh page per key: a chooser left open would block the next one.
  for (const key of ['Enter', 'Space'] as const) {
    await openDemo(page, { language: 'en' });
    // Listen first: Playwright turns on file-chooser interception asynchronously, and a chooser
    // shown before that is cancelled by headless Chromium without an event.
    const chooser = page.waitForEvent('filechooser', { timeout: 30_000 });
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
    const presses = await tabUntil(page, onFile);
    console.log(`file chooser reached after ${presses} Tab presses`);
    await expect(page.locator('#file')).toHaveAccessibleName('Audio file');
    await page.keyboard.press(key);
    const opened = await chooser.catch(() => {
      throw new Error(`${key} on the focused file input opened no file chooser`);
    });
    if (key === 'Enter') {
      await opened.setFiles([]);
      continue;
    }
    await opened.setFiles(join(FIXTURES, FILE_CLIP.file));
    await expect(page.locator('#rtf')).not.toHaveText('–');
    const transcript = await page.evaluate(
      () => (globalThis as unknown as { earshotDemo: DemoHooks }).earshotDemo.transcriber.transcript,
    );
    expect(transcript).not.toBe('');
    expect(await onFile()).toBe(true);
  }
});
