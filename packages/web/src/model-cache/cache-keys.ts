/**
 * How `CacheApiStore` lays out values in the Cache API, shared with the offline service worker
 * (which answers model requests from the same cache): keys become request URLs under a reserved
 * host; a value over `PART_BYTES` is stored as parts under derived keys, behind a head entry naming
 * their count and total size. No imports: the service worker bundles this file alone.
 */

/** Keys become request URLs under this reserved host (the Cache API keys on http(s) URLs). */
export const KEY_ORIGIN = 'https://earshot-cache.invalid/';
/** Largest body stored as one entry. */
export const PART_BYTES = 64 * 1024 * 1024;
/** Head-entry header: the number of parts. */
export const PARTS_HEADER = 'x-earshot-parts';
/** Head-entry header: the value's size in bytes. */
export const BYTES_HEADER = 'x-earshot-bytes';
/** What separates a key from its part index. */
export const PART_MARK = '#part-';

/** The key of part `index` of `key`. */
export function partKey(key: string, index: number): string {
  return `${key}${PART_MARK}${index}`;
}

/** The request URL a key is stored under. */
export function keyRequestUrl(key: string): string {
  return KEY_ORIGIN + encodeURIComponent(key);
}
