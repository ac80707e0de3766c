import { describe, expect, it } from 'vitest';
import { backoffDelay, isRetryableStatus } from '../../src/model-cache/backoff.ts';

describe('backoffDelay', () => {
  it('doubles the wait per attempt, plus a jitter of up to the base delay', () => {
    const low = [0, 1, 2, 3].map((n) => backoffDelay(n, { baseDelayMs: 100, random: () => 0 }));
    const high = [0, 1, 2, 3].map((n) => backoffDelay(n, { baseDelayMs: 100, random: () => 0.999 }));
    expect(low).toEqual([100, 200, 400, 800]);
    for (const [i, wait] of high.entries()) {
      expect(wait).toBeGreaterThan(low[i] ?? 0);
      expect(wait).toBeLessThan((low[i] ?? 0) + 100);
    }
    // Whatever the draw, a later wait is never shorter than an earlier one.
    expect(backoffDelay(1, { baseDelayMs: 100, random: () => 0 })).toBeGreaterThanOrEqual(high[0] ?? 0);
  });

  it('caps the wait at maxDelayMs', () => {
    expect(backoffDelay(10, { baseDelayMs: 500, maxDelayMs: 8000, random: () => 0.5 })).toBe(8000);
  });
});

describe('isRetryableStatus', () => {
  it('retries 5xx, 408 and 429, not 404 or other 4xx', () => {
    expect([500, 502, 503, 504, 408, 429].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 410, 416].some(isRetryableStatus)).toBe(false);
  });
});
