/** Runs conformance checks one after the other and reports each: pass, fail (with why) or skip. */
import type { Check, CheckProfile } from './checks.ts';

/** The outcome of one check. */
export interface CheckResult {
  readonly group: string;
  readonly title: string;
  readonly profile: CheckProfile;
  readonly status: 'pass' | 'fail' | 'skip';
  /** Why it failed (or was skipped). */
  readonly message: string;
  readonly ms: number;
}

/** Options of `runChecks`. */
export interface RunOptions {
  /** `openai` runs only the checks every server must pass; `earshot` (default) runs all. */
  readonly profile?: CheckProfile;
  /** Only checks whose title contains this. */
  readonly grep?: string;
  /** Longest a check may take, in ms (default 120 s). */
  readonly checkTimeoutMs?: number;
  /** Called after each check (progress). */
  readonly onResult?: (result: CheckResult) => void;
}

/** Runs `checks`; resolves to every result, in order. Never throws. */
export async function runChecks(checks: readonly Check[], options: RunOptions = {}): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const base = { group: check.group, title: check.title, profile: check.profile };
    let result: CheckResult;
    if (options.grep !== undefined && !check.title.includes(options.grep)) continue;
    if (options.profile === 'openai' && check.profile === 'earshot') {
      result = { ...base, status: 'skip', message: 'Earshot extension (profile openai)', ms: 0 };
    } else if (check.skip !== undefined) {
      result = { ...base, status: 'skip', message: check.skip, ms: 0 };
    } else {
      const started = Date.now();
      try {
        await withTimeout(check.run(), options.checkTimeoutMs ?? 120_000);
        result = { ...base, status: 'pass', message: '', ms: Date.now() - started };
      } catch (error) {
        result = {
          ...base,
          status: 'fail',
          message: error instanceof Error ? error.message : String(error),
          ms: Date.now() - started,
        };
      }
    }
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`check did not finish within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** A plain-text report: one line per check (grouped), then the counts. */
export function formatReport(results: readonly CheckResult[], target: string): string {
  const lines = [`Conformance of ${target}`];
  let group = '';
  for (const r of results) {
    if (r.group !== group) {
      group = r.group;
      lines.push('', `${group}:`);
    }
    const mark = r.status === 'pass' ? 'PASS' : r.status === 'fail' ? 'FAIL' : 'SKIP';
    const tag = r.profile === 'earshot' ? ' [earshot]' : '';
    lines.push(`  ${mark} ${r.title}${tag}${r.status === 'pass' ? ` (${r.ms} ms)` : ` — ${r.message}`}`);
  }
  const count = (s: CheckResult['status']) => results.filter((r) => r.status === s).length;
  lines.push(
    '',
    `${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped of ${results.length} checks`,
  );
  return `${lines.join('\n')}\n`;
}
