/**
 * The API keys a server accepts, from a file (one key per line, `#` comments) and/or the
 * environment (comma- or whitespace-separated). No key configured means the server is open.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Where keys come from. */
export interface ApiKeySources {
  /** Keys given directly (tests, embedding). */
  readonly keys?: readonly string[];
  /** A file with one key per line; blank lines and lines starting with `#` are skipped. */
  readonly file?: string;
  /** A list separated by commas or whitespace (the `EARSHOT_API_KEYS` variable). */
  readonly list?: string;
}

const digest = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

/** Parses the text of a key file. */
export function parseKeyFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Parses a comma- or whitespace-separated key list. */
export function parseKeyList(list: string): string[] {
  return list.split(/[\s,]+/).filter((key) => key !== '');
}

/** The accepted API keys, kept as SHA-256 digests and compared in constant time. */
export class ApiKeys {
  private readonly digests: Buffer[];

  /** Accepts exactly `keys`; an empty list makes the server open. */
  constructor(keys: readonly string[]) {
    this.digests = [...new Set(keys)].map(digest);
  }

  /** Loads keys from every source given. */
  static load(sources: ApiKeySources): ApiKeys {
    const keys = [...(sources.keys ?? [])];
    if (sources.file !== undefined) keys.push(...parseKeyFile(readFileSync(sources.file, 'utf8')));
    if (sources.list !== undefined) keys.push(...parseKeyList(sources.list));
    return new ApiKeys(keys);
  }

  /** True when no key is configured: every request is accepted (local use). */
  get open(): boolean {
    return this.digests.length === 0;
  }

  /** Number of keys configured. */
  get size(): number {
    return this.digests.length;
  }

  /** True when `key` is one of the keys (constant time per key), or the server is open. */
  accepts(key: string | null): boolean {
    if (this.open) return true;
    if (key === null || key === '') return false;
    const candidate = digest(key);
    let found = false;
    for (const known of this.digests) found = timingSafeEqual(known, candidate) || found;
    return found;
  }
}
