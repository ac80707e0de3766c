/** Makes ids for server objects; injectable so tests can make them deterministic. */
export interface IdSource {
  /** A new id `<prefix>_<unique suffix>`, e.g. `event_…`, `item_…`, `sess_…`. */
  next(prefix: 'event' | 'item' | 'sess'): string;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Ids with 20 random base-62 characters (from `Math.random`; ids are not secrets). */
export function randomIds(): IdSource {
  return {
    next(prefix) {
      let suffix = '';
      for (let i = 0; i < 20; i++) suffix += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];
      return `${prefix}_${suffix}`;
    },
  };
}

/** Sequential ids (`item_0001`, …) for tests and reproducible logs. */
export function sequentialIds(): IdSource {
  const counters = new Map<string, number>();
  return {
    next(prefix) {
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      return `${prefix}_${String(n).padStart(4, '0')}`;
    },
  };
}
