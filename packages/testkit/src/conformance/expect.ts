/**
 * The few assertions the conformance checks use, with vitest's names and messages close to its
 * own, so checks run without a test framework (the `earshot conformance` command, a browser page).
 */

/** A failed check: its message says what was expected and what came. */
export class CheckFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckFailure';
  }
}

const show = (value: unknown): string => {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch {
    return String(value);
  }
};

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function matches(actual: unknown, expected: unknown): boolean {
  if (typeof expected !== 'object' || expected === null) return deepEqual(actual, expected);
  if (typeof actual !== 'object' || actual === null) return false;
  if (Array.isArray(expected))
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => matches(actual[i], e))
    );
  return Object.entries(expected).every(([k, v]) => matches((actual as Record<string, unknown>)[k], v));
}

/** Matchers on one value. */
export interface Matchers {
  readonly not: Matchers;
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toMatchObject(expected: object): void;
  toContain(item: unknown): void;
  toHaveLength(length: number): void;
  toMatch(pattern: RegExp | string): void;
  toBeNull(): void;
  toBeDefined(): void;
  toBeGreaterThan(n: number): void;
  toBeGreaterThanOrEqual(n: number): void;
  toBeLessThan(n: number): void;
  toBeLessThanOrEqual(n: number): void;
  toBeCloseTo(n: number, digits?: number): void;
}

/** `expect(actual).toBe(…)` and friends; a failure throws `CheckFailure`. */
export function expect(actual: unknown, negated = false): Matchers {
  const check = (pass: boolean, what: string) => {
    if (pass === negated) throw new CheckFailure(`expected ${show(actual)} ${negated ? 'not ' : ''}${what}`);
  };
  const num = (): number => (typeof actual === 'number' ? actual : Number.NaN);
  return {
    get not() {
      return expect(actual, !negated);
    },
    toBe: (expected) => check(Object.is(actual, expected), `to be ${show(expected)}`),
    toEqual: (expected) => check(deepEqual(actual, expected), `to equal ${show(expected)}`),
    toMatchObject: (expected) => check(matches(actual, expected), `to match ${show(expected)}`),
    toContain: (item) =>
      check(
        typeof actual === 'string'
          ? actual.includes(String(item))
          : Array.isArray(actual) && actual.includes(item),
        `to contain ${show(item)}`,
      ),
    toHaveLength: (length) =>
      check((actual as { length?: unknown } | null)?.length === length, `to have length ${length}`),
    toMatch: (pattern) =>
      check(
        typeof actual === 'string' &&
          (typeof pattern === 'string' ? actual.includes(pattern) : pattern.test(actual)),
        `to match ${String(pattern)}`,
      ),
    toBeNull: () => check(actual === null, 'to be null'),
    toBeDefined: () => check(actual !== undefined, 'to be defined'),
    toBeGreaterThan: (n) => check(num() > n, `to be greater than ${n}`),
    toBeGreaterThanOrEqual: (n) => check(num() >= n, `to be at least ${n}`),
    toBeLessThan: (n) => check(num() < n, `to be less than ${n}`),
    toBeLessThanOrEqual: (n) => check(num() <= n, `to be at most ${n}`),
    toBeCloseTo: (n, digits = 2) => check(Math.abs(num() - n) < 10 ** -digits / 2, `to be close to ${n}`),
  };
}
