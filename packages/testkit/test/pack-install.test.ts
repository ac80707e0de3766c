/**
 * The published packages outside the repository (scripts/pack-install.sh): built, packed and
 * installed from their tarballs in a fresh folder, plain `node` imports them, `npx earshot serve`
 * transcribes with the embedded model, and a strict nodenext consumer type-checks.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../../scripts/pack-install.sh', import.meta.url));

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
    expect(out).toContain('ok: a strict nodenext consumer type-checks');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}, 900_000);
