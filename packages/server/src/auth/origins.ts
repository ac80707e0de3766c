/**
 * The browser Origin allow-list. Requests without an `Origin` header (servers, the Node SDK) are
 * always allowed; browsers must come from a listed origin unless the list is `*`.
 */

/** `*` (any origin) or a list of origins such as `https://app.example.com` or `http://localhost:5173`. */
export type AllowedOrigins = '*' | readonly string[];

/** Parses a comma-separated origin list; `*` (or an empty string) allows any origin. */
export function parseOrigins(list: string): AllowedOrigins {
  const entries = list
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0 || entries.includes('*')) return '*';
  return entries;
}

/** Decides whether a request's `Origin` header may proceed. */
export class OriginPolicy {
  private readonly allowed: ReadonlySet<string> | null;

  constructor(origins: AllowedOrigins = '*') {
    this.allowed = origins === '*' ? null : new Set(origins.map(normalise));
  }

  /** True when any origin is allowed. */
  get any(): boolean {
    return this.allowed === null;
  }

  /** True when a request with this `Origin` header (or none) may proceed. */
  allows(origin: string | undefined): boolean {
    if (origin === undefined || this.allowed === null) return true;
    return this.allowed.has(normalise(origin));
  }
}

function normalise(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase();
}
