/** Markdown views of reports: one run's summary table, and two runs side by side. */
import type { LatencySummary } from '../scoring/index.ts';
import type { ClipResult, EvalReport } from './types.ts';

/** Formats a rate as a percentage with one decimal (`—` for none, `∞` for insertions into nothing). */
export function percent(rate: number | null): string {
  if (rate === null || Number.isNaN(rate)) return '—';
  if (!Number.isFinite(rate)) return '∞';
  return `${(rate * 100).toFixed(1)}%`;
}

/** Formats milliseconds as an integer (`—` for none). */
export function ms(value: number | null): string {
  return value === null ? '—' : `${Math.round(value)}`;
}

function latencyRow(name: string, s: LatencySummary): string[] {
  return [name, ms(s.p50), ms(s.p90), ms(s.p95), ms(s.p99), ms(s.mean), String(s.count)];
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** One line naming the run's options. */
export function describeOptions(report: EvalReport): string {
  const o = report.options;
  return [
    `${o.pacing === 'realtime' ? 'real-time pacing' : 'fast'}`,
    `${o.rate} Hz`,
    `VAD ${o.vad}`,
    `${o.chunkMs} ms appends`,
    `${o.sessions} session${o.sessions === 1 ? '' : 's'}`,
    ...(o.model === undefined ? [] : [`model ${o.model}`]),
  ].join(', ');
}

/** One line naming the machine. */
export function describeMachine(report: EvalReport): string {
  const m = report.machine;
  return `${m.cpu} (${m.cores} cores), ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}${m.gpu ? `, GPU ${m.gpu}` : ''}`;
}

function worstClips(clips: readonly ClipResult[], limit: number): string {
  const wrong = clips
    .filter((c) => c.words.errors > 0 || c.errors.length > 0)
    .sort((a, b) => b.words.errors - a.words.errors)
    .slice(0, limit);
  if (wrong.length === 0) return 'Every clip was transcribed without word errors.';
  return table(
    ['clip', 'reference', 'hypothesis', 'S/D/I', 'errors'],
    wrong.map((c) => [
      c.id,
      c.scoredReference,
      c.scoredHypothesis,
      `${c.words.substitutions}/${c.words.deletions}/${c.words.insertions}`,
      c.errors.map((e) => e.code).join(', '),
    ]),
  );
}

/** The Markdown summary of one run: accuracy, latency percentiles, streaming counts, and the worst clips. */
export function markdownSummary(report: EvalReport, worst = 10): string {
  const s = report.summary;
  const details = Object.entries(report.target.details)
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
  return [
    `# Eval: ${report.target.target} on ${report.dataset.name}`,
    '',
    `- Run: ${report.createdAt}; ${s.clips} clips, ${s.audioSeconds.toFixed(1)} s of audio in ${s.wallSeconds.toFixed(1)} s`,
    `- Options: ${describeOptions(report)}`,
    `- Target: ${details || '—'}`,
    `- Machine (harness side): ${describeMachine(report)}`,
    '',
    table(
      ['metric', 'value'],
      [
        [
          'WER',
          `${percent(s.wer.rate)} (S ${s.wer.substitutions}, D ${s.wer.deletions}, I ${s.wer.insertions} / ${s.wer.refLength} words)`,
        ],
        ['CER', `${percent(s.cer.rate)} (${s.cer.errors} / ${s.cer.refLength} chars)`],
        ...(s.withoutSpeech !== undefined && s.withoutSpeech.clips > 0
          ? [
              [
                'clips without speech that got words',
                `${s.withoutSpeech.withWords} / ${s.withoutSpeech.clips} (${s.withoutSpeech.words} words)`,
              ],
            ]
          : []),
        ['deltas', String(s.deltas)],
        ['rewritten chars (deltas not kept by the final)', String(s.rewrittenChars)],
        ['clips whose joined deltas differ from completed.transcript', String(s.deltasNotFinal ?? 0)],
        ['dropped partial chars (earshot.transcription.partial)', String(s.droppedPartialChars)],
        [
          'clips with errors',
          `${s.clipsWithErrors}${
            Object.keys(s.errorCodes).length
              ? ` (${Object.entries(s.errorCodes)
                  .map(([k, v]) => `${k} ×${v}`)
                  .join(', ')})`
              : ''
          }`,
        ],
      ],
    ),
    '',
    table(
      ['latency (ms)', 'p50', 'p90', 'p95', 'p99', 'mean', 'n'],
      [
        latencyRow('first delta after first audio', s.firstDeltaMs),
        latencyRow('first delta after speech onset', s.firstDeltaAfterOnsetMs),
        latencyRow('longest wait between deltas while speaking', s.maxDeltaGapMs),
        ...(s.maxSpeechGapMs
          ? [latencyRow('longest speech without a delta (pauses ≥ 500 ms out)', s.maxSpeechGapMs)]
          : []),
        latencyRow('final (speech end → completed)', s.finalLatencyMs),
      ],
    ),
    '',
    '## Clips with errors',
    '',
    worstClips(report.clips, worst),
    '',
  ].join('\n');
}

/** Two runs side by side: summary metrics, then the clips (matched by id) whose word errors differ. */
export function markdownCompare(a: EvalReport, b: EvalReport, labels: readonly [string, string]): string {
  const [la, lb] = labels;
  const sa = a.summary;
  const sb = b.summary;
  const delta = (x: number | null, y: number | null, unit: (v: number) => string) =>
    x === null || y === null || !Number.isFinite(x) || !Number.isFinite(y)
      ? '—'
      : `${y - x >= 0 ? '+' : ''}${unit(y - x)}`;
  const pp = (v: number) => `${(v * 100).toFixed(1)} pp`;
  const msDelta = (v: number) => `${Math.round(v)}`;
  const rows: string[][] = [
    ['target', a.target.target, b.target.target, ''],
    ['dataset', `${a.dataset.name} (${sa.clips})`, `${b.dataset.name} (${sb.clips})`, ''],
    ['options', describeOptions(a), describeOptions(b), ''],
    ['WER', percent(sa.wer.rate), percent(sb.wer.rate), delta(sa.wer.rate, sb.wer.rate, pp)],
    ['CER', percent(sa.cer.rate), percent(sb.cer.rate), delta(sa.cer.rate, sb.cer.rate, pp)],
  ];
  for (const [name, key] of [
    ['first delta', 'firstDeltaMs'],
    ['final latency', 'finalLatencyMs'],
  ] as const) {
    for (const p of ['p50', 'p90', 'p95', 'p99'] as const) {
      rows.push([
        `${name} ${p} (ms)`,
        ms(sa[key][p]),
        ms(sb[key][p]),
        delta(sa[key][p], sb[key][p], msDelta),
      ]);
    }
  }
  rows.push(
    ['deltas', String(sa.deltas), String(sb.deltas), delta(sa.deltas, sb.deltas, String)],
    [
      'rewritten chars',
      String(sa.rewrittenChars),
      String(sb.rewrittenChars),
      delta(sa.rewrittenChars, sb.rewrittenChars, String),
    ],
    [
      'clips with errors',
      String(sa.clipsWithErrors),
      String(sb.clipsWithErrors),
      delta(sa.clipsWithErrors, sb.clipsWithErrors, String),
    ],
    ['machine', describeMachine(a), describeMachine(b), ''],
  );
  const byId = new Map(b.clips.map((c) => [c.id, c]));
  const differing = a.clips
    .map((c) => [c, byId.get(c.id)] as const)
    .filter(
      ([x, y]) =>
        y !== undefined && (x.scoredHypothesis !== y.scoredHypothesis || x.words.errors !== y.words.errors),
    );
  const shared = a.clips.filter((c) => byId.has(c.id)).length;
  return [
    `# Compare: ${la} vs ${lb}`,
    '',
    table(['', la, lb, `${lb} − ${la}`], rows),
    '',
    `## Clips transcribed differently (${differing.length} of ${shared} shared clips)`,
    '',
    differing.length === 0
      ? 'None.'
      : table(
          ['clip', 'reference', la, lb],
          differing.map(([x, y]) => [x.id, x.scoredReference, x.scoredHypothesis, y?.scoredHypothesis ?? '']),
        ),
    '',
  ].join('\n');
}

/**
 * Several runs as rows of one streaming table: WER, first delta after speech onset and the
 * longest wait between deltas while speaking (p50/p95), final latency p50, and the clips whose
 * joined deltas differ from the final transcript.
 */
export function streamingTable(reports: readonly EvalReport[], labels: readonly string[]): string {
  return table(
    [
      'run',
      'WER',
      'first delta after onset p50 / p95 (ms)',
      'longest gap while speaking p50 / p95 (ms)',
      'longest speech without a delta p50 / p95 (ms)',
      'final p50 (ms)',
      'deltas ≠ final',
      'clips',
    ],
    reports.map((r, i) => {
      const s = r.summary;
      return [
        labels[i] ?? r.target.target,
        percent(s.wer.rate),
        `${ms(s.firstDeltaAfterOnsetMs?.p50 ?? null)} / ${ms(s.firstDeltaAfterOnsetMs?.p95 ?? null)}`,
        `${ms(s.maxDeltaGapMs?.p50 ?? null)} / ${ms(s.maxDeltaGapMs?.p95 ?? null)}`,
        `${ms(s.maxSpeechGapMs?.p50 ?? null)} / ${ms(s.maxSpeechGapMs?.p95 ?? null)}`,
        ms(s.finalLatencyMs.p50),
        String(s.deltasNotFinal ?? 0),
        String(s.clips),
      ];
    }),
  );
}
