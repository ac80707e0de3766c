/** The `eval` command line: `run` (the default), `compare`, `concat` and `espeak`. */

import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SingleBar } from 'cli-progress';
import { Command, Option } from 'commander';
import { concatManifest } from '../datasets/concat.ts';
import { ESPEAK_SET_SEED, generateEspeakSet } from '../datasets/espeak/generate.ts';
import { readRecipe } from '../datasets/espeak/recipe.ts';
import { loadDataset } from '../datasets/load-dataset.ts';
import { markdownSummary, readReport, streamingTable, writeCompare, writeReport } from '../report/index.ts';
import type { Target } from '../targets/target.ts';
import { WsTarget } from '../targets/ws-target.ts';
import { parseRunOptions, type RawRunOptions, RUN_DEFAULTS, type RunOptions } from './options.ts';
import { runEval } from './run-eval.ts';

/** The repository root (two folders above eval/src/cli). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function progressBar(quiet: boolean, label: string): SingleBar | null {
  if (quiet) return null;
  return new SingleBar({
    format: `${label} [{bar}] {value}/{total} | {status}`,
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: false,
  });
}

async function openTarget(options: RunOptions): Promise<Target> {
  if (options.target === 'local') {
    const { LocalTarget } = await import('../targets/local-target.ts');
    return LocalTarget.start({ repoRoot: REPO_ROOT, modelUrl: options.modelUrl, backend: options.backend });
  }
  return new WsTarget({ url: options.target, apiKey: options.apiKey });
}

function defaultOutDir(target: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const slug = target === 'local' ? 'local' : new URL(target).host.replace(/[^\w.-]/g, '_');
  return join(REPO_ROOT, 'eval', 'out', `${stamp}-${slug}`);
}

async function runCommand(raw: RawRunOptions): Promise<void> {
  const options = parseRunOptions(raw, process.env);
  const generating = progressBar(options.quiet, 'espeak');
  let generatingStarted = false;
  const dataset = await loadDataset(options.data, { repoRoot: REPO_ROOT }, (done, total) => {
    if (!generatingStarted) generating?.start(total, 0, { status: 'synthesising the held-out set' });
    generatingStarted = true;
    generating?.update(done);
  });
  generating?.stop();
  const clips = options.limit === undefined ? dataset.clips : dataset.clips.slice(0, options.limit);
  const target = await openTarget(options);
  const bar = progressBar(options.quiet, 'clips');
  bar?.start(clips.length, 0, { status: 'starting' });
  let errors = 0;
  let wordErrors = 0;
  let refWords = 0;
  try {
    const report = await runEval(
      target,
      { ...dataset, clips },
      {
        stream: options.stream,
        sessions: options.sessions,
        onClip: (done, _total, result) => {
          errors += result.errors.length > 0 ? 1 : 0;
          wordErrors += result.words.errors;
          refWords += result.words.refLength;
          const wer = refWords === 0 ? '—' : `${((wordErrors / refWords) * 100).toFixed(1)}%`;
          bar?.update(done, { status: `WER ${wer}, ${errors} with errors, last ${result.id}` });
        },
      },
    );
    bar?.stop();
    const out = options.out === undefined ? defaultOutDir(options.target) : resolve(options.out);
    const written = await writeReport(report, out);
    process.stdout.write(
      `${markdownSummary(report)}\nWrote ${written.json}, ${basename(written.markdown)} and ${written.plots.length} plots.\n`,
    );
  } finally {
    bar?.stop();
    await target.close();
  }
}

async function compareCommand(
  a: string,
  b: string,
  options: { labels?: string; out?: string },
): Promise<void> {
  const [ra, rb] = await Promise.all([readReport(a), readReport(b)]);
  const parts = options.labels?.split(',') ?? [];
  const labels: [string, string] = [parts[0] ?? ra.target.target, parts[1] ?? rb.target.target];
  if (labels[0] === labels[1]) labels[1] = `${labels[1]} (2)`;
  process.stdout.write(
    await writeCompare(ra, rb, labels, options.out === undefined ? null : resolve(options.out)),
  );
}

function espeakCommand(options: { count: string; out: string; seed: string; quiet?: boolean }): void {
  const count = Number(options.count);
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`--count must be an integer ≥ 1 (got ${options.count})`);
  const bar = progressBar(options.quiet === true, 'espeak');
  bar?.start(count, 0, { status: 'synthesising' });
  const manifest = generateEspeakSet({
    recipe: readRecipe(join(REPO_ROOT, 'training')),
    out: resolve(options.out),
    count,
    seed: Number(options.seed),
    onClip: (done) => bar?.update(done),
  });
  bar?.stop();
  process.stdout.write(`Wrote ${manifest}\n`);
}

/** Builds the `eval` program. */
export function buildProgram(): Command {
  const program = new Command('eval').description(
    'Accuracy and latency of a Realtime transcription endpoint (Earshot in-page or server, OpenAI, any compatible server), measured through the protocol.',
  );
  program
    .command('run', { isDefault: true })
    .description('stream a dataset through a target and write report.json, summary.md and SVG plots')
    .requiredOption(
      '--target <target>',
      '"local" (in-page engine in headless Chromium) or ws(s)://host/v1/realtime',
    )
    .requiredOption(
      '--data <dataset>',
      'JSONL manifest ({audio, text}), LibriSpeech-style folder, or espeak[:N] (generated held-out set)',
    )
    .option('--sessions <n>', 'concurrent sessions', String(RUN_DEFAULTS.sessions))
    .addOption(new Option('--realtime', 'pace audio at real time (default)').conflicts('fast'))
    .addOption(new Option('--fast', 'send audio as fast as the socket accepts').conflicts('realtime'))
    .option(
      '--rate <hz>',
      'PCM16 rate sent: 16000, 24000 or 48000 (OpenAI: 24000 only)',
      String(RUN_DEFAULTS.rate),
    )
    .option(
      '--format <type>',
      'wire format: audio/pcm (PCM16 at --rate), audio/pcmu or audio/pcma (G.711 at 8 kHz)',
      'audio/pcm',
    )
    .option('--vad <mode>', 'server (server VAD commits) or manual (the harness commits)', RUN_DEFAULTS.vad)
    .option('--chunk-ms <ms>', 'audio per append', String(RUN_DEFAULTS.chunkMs))
    .option('--tail-ms <ms>', 'silence sent after each clip with server VAD', String(RUN_DEFAULTS.tailMs))
    .option('--timeout-ms <ms>', 'most wait for the results after the audio', String(RUN_DEFAULTS.timeoutMs))
    .option(
      '--model <name>',
      'session.audio.input.transcription.model (required by OpenAI, e.g. gpt-4o-mini-transcribe)',
    )
    .option('--language <code>', 'session.audio.input.transcription.language (ISO-639-1)')
    .option('--delay <delay>', 'session.audio.input.transcription.delay: minimal, low, medium, high or xhigh')
    .option('--api-key <key>', 'Bearer key for ws(s) targets (default: $OPENAI_API_KEY)')
    .option('--partials', "ask for Earshot's earshot.transcription.partial events (Earshot targets only)")
    .option('--limit <n>', 'only the first n clips')
    .option('--out <dir>', 'output folder (default eval/out/<time>-<target>)')
    .option(
      '--model-url <url>',
      'local target: model folder URL served to the page (default /models/earshot-tiny-en/)',
    )
    .option('--backend <name>', 'local target: auto, webgpu or wasm', 'auto')
    .option('--quiet', 'no progress bar')
    .action((raw: RawRunOptions) => runCommand(raw));
  program
    .command('compare')
    .description('two reports side by side (Markdown on stdout; with --out also compare.md and CDF plots)')
    .argument('<a>', 'report.json (or its folder)')
    .argument('<b>', 'report.json (or its folder)')
    .option('--labels <a,b>', 'column names (default: the targets)')
    .option('--out <dir>', 'also write compare.md and CDF plots here')
    .action((a: string, b: string, options: { labels?: string; out?: string }) =>
      compareCommand(a, b, options),
    );
  program
    .command('table')
    .description(
      'runs side by side as one streaming table (WER, first delta after onset, gaps, deltas ≠ final)',
    )
    .argument('<reports...>', 'report.json files (or their folders)')
    .option('--labels <a,b,…>', 'row names (default: the targets)')
    .action(async (files: string[], options: { labels?: string }) => {
      const reports = await Promise.all(files.map((f) => readReport(f)));
      process.stdout.write(`${streamingTable(reports, options.labels?.split(',') ?? [])}\n`);
    });
  program
    .command('concat')
    .description('join consecutive clips of a manifest into longer utterances (WAVs + manifest.jsonl)')
    .argument('<manifest>', 'manifest.jsonl')
    .requiredOption('--out <dir>', 'output folder')
    .option('--per <n>', 'clips per utterance', '3')
    .option('--gap-ms <ms>', 'silence between clips', '250')
    .option('--limit <n>', 'most utterances')
    .action(
      async (manifest: string, options: { out: string; per: string; gapMs: string; limit?: string }) => {
        const written = await concatManifest(manifest, options.out, {
          per: Number(options.per),
          gapMs: Number(options.gapMs),
          ...(options.limit === undefined ? {} : { limit: Number(options.limit) }),
        });
        process.stderr.write(`${written} utterances in ${options.out}\n`);
      },
    );
  program
    .command('espeak')
    .description(
      'synthesise the held-out espeak set (held-out voices, the model recipe) as WAVs + manifest.jsonl',
    )
    .option('--count <n>', 'clips', '40')
    .option('--out <dir>', 'output folder', 'eval/.cache/espeak-heldout')
    .option('--seed <n>', 'random seed', String(ESPEAK_SET_SEED))
    .option('--quiet', 'no progress bar')
    .action((options: { count: string; out: string; seed: string; quiet?: boolean }) =>
      espeakCommand(options),
    );
  return program;
}
