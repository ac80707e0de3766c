/**
 * The published packages outside the repository (scripts/pack-install/run.sh): built, packed
 * (`npm publish --dry-run` clean) and installed from their tarballs in a fresh folder, plain `node`
 * imports them, `npx earshot serve` transcribes with the embedded model, a strict nodenext consumer
 * type-checks, and in Chromium a Vite app and a static page without a bundler transcribe the fake
 * microphone, the static page again after an offline reload; bundle sizes are printed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../../scripts/pack-install/run.sh', import.meta.url));

it('packs, installs and uses @earshot/core, web, server and the model from their tarballs', () => {
  const work = mkdtempSync(join(tmpdir(), 'earshot-pack-'));
  try {
    const run = spawnSync('bash', [SCRIPT, work], { encoding: 'utf8', timeout: 900_000 });
    const out = run.stdout;
    expect(run.status, run.stderr).toBe(0);
    expect(out).toContain('ok: installed the tarballs');
    expect(out).toContain('ok: plain node imports @earshot/server and @earshot/core');
    expect(out).toMatch(
      /ok: npx earshot serve serves earshot-tiny-en; kitchen-lights-16k\.wav -> "turn on the kitchen lights"/,
    );
    expect(out).toContain('ok: npm publish --dry-run is clean for each tarball');
    expect(out).toContain('ok: a strict nodenext consumer type-checks');
    for (const page of ['vite-app', 'static-page']) {
      for (const kind of ['entry', 'worker', 'wasm'])
        expect(out).toMatch(new RegExp(`ok: size ${page} ${kind} `));
    }
    const heard = (line: string) => new RegExp(`ok: ${line} -> "set a timer for ten minutes"`);
    expect(out).toMatch(heard('the Vite app transcribes the fake microphone'));
    expect(out).toMatch(heard('the static page \\(no bundler\\) transcribes the fake microphone'));
    expect(out).toMatch(heard('the static page reloaded offline transcribes'));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}, 900_000);
