/**
 * A `ByteStore` over the Cache API (available in pages and Workers; counted in the origin's quota).
 * Values over `PART_BYTES` are stored as parts of that size under derived keys, with a small head
 * entry naming their count: Chromium fails to store one very large body ("Unexpected internal
 * error" for a 746 MB encoder), and parts keep each write and read bounded.
 */
import { MODEL_CACHE_NAME } from '../constants.ts';
import { EarshotWebError } from '../errors.ts';
import type { ByteStore } from './byte-store.ts';
import {
  BYTES_HEADER,
  KEY_ORIGIN,
  keyRequestUrl,
  PART_BYTES,
  PART_MARK,
  PARTS_HEADER,
  partKey,
} from './cache-keys.ts';

export { PART_BYTES };

export class CacheApiStore implements ByteStore {
  /** Opens the store in the cache named `name` (default `earshot-models-v1`). */
  constructor(private readonly name: string = MODEL_CACHE_NAME) {}

  /** True when this context has the Cache API (secure contexts). */
  static available(): boolean {
    return typeof caches !== 'undefined';
  }

  async get(key: string): Promise<Uint8Array | null> {
    const cache = await this.cache();
    const head = await cache.match(toRequest(key));
    if (head === undefined) return null;
    const parts = Number(head.headers.get(PARTS_HEADER) ?? 0);
    if (parts === 0) return new Uint8Array(await head.arrayBuffer());
    const size = Number(head.headers.get(BYTES_HEADER) ?? 0);
    const out = new Uint8Array(size);
    let offset = 0;
    for (let i = 0; i < parts; i++) {
      const part = await cache.match(toRequest(partKey(key, i)));
      if (part === undefined) return null; // an incomplete value counts as absent
      const bytes = new Uint8Array(await part.arrayBuffer());
      out.set(bytes, offset);
      offset += bytes.byteLength;
    }
    return offset === size ? out : null;
  }

  async has(key: string): Promise<boolean> {
    return (await (await this.cache()).match(toRequest(key))) !== undefined;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const cache = await this.cache();
    await this.delete(key);
    try {
      if (bytes.byteLength <= PART_BYTES) {
        await cache.put(toRequest(key), response(bytes));
        return;
      }
      const parts = Math.ceil(bytes.byteLength / PART_BYTES);
      for (let i = 0; i < parts; i++) {
        await cache.put(
          toRequest(partKey(key, i)),
          response(bytes.subarray(i * PART_BYTES, (i + 1) * PART_BYTES)),
        );
      }
      // The head last: a value is visible only once all its parts are stored.
      await cache.put(
        toRequest(key),
        new Response(new Blob([]), {
          headers: { [PARTS_HEADER]: String(parts), [BYTES_HEADER]: String(bytes.byteLength) },
        }),
      );
    } catch (error) {
      await this.delete(key);
      if ((error as { name?: string } | null)?.name === 'QuotaExceededError') {
        throw new EarshotWebError(
          'EARSHOT_ERR_STORAGE_QUOTA',
          `The browser refused to store ${(bytes.byteLength / 1e6).toFixed(1)} MB of the model (storage quota exceeded). Free space (clearModelCache) or allow more storage for this site.`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const cache = await this.cache();
    const head = await cache.match(toRequest(key));
    const parts = Number(head?.headers.get(PARTS_HEADER) ?? 0);
    for (let i = 0; i < parts; i++) await cache.delete(toRequest(partKey(key, i)));
    await cache.delete(toRequest(key));
  }

  async keys(): Promise<string[]> {
    const requests = await (await this.cache()).keys();
    return requests
      .map((r) => decodeURIComponent(r.url.slice(KEY_ORIGIN.length)))
      .filter((key) => !key.includes(PART_MARK));
  }

  private cache(): Promise<Cache> {
    return caches.open(this.name);
  }
}

function response(bytes: Uint8Array): Response {
  return new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
    headers: { 'content-length': String(bytes.byteLength) },
  });
}

function toRequest(key: string): Request {
  return new Request(keyRequestUrl(key));
}
