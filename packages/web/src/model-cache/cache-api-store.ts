/** A `ByteStore` over the Cache API (available in pages and Workers; counted in the origin's quota). */
import { MODEL_CACHE_NAME } from '../constants.ts';
import type { ByteStore } from './byte-store.ts';

/** Keys become request URLs under this reserved host (the Cache API keys on http(s) URLs). */
const KEY_ORIGIN = 'https://earshot-cache.invalid/';

export class CacheApiStore implements ByteStore {
  /** Opens the store in the cache named `name` (default `earshot-models-v1`). */
  constructor(private readonly name: string = MODEL_CACHE_NAME) {}

  /** True when this context has the Cache API (secure contexts). */
  static available(): boolean {
    return typeof caches !== 'undefined';
  }

  async get(key: string): Promise<Uint8Array | null> {
    const response = await (await this.cache()).match(toRequest(key));
    return response === undefined ? null : new Uint8Array(await response.arrayBuffer());
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const body = new Blob([bytes as Uint8Array<ArrayBuffer>]);
    await (await this.cache()).put(
      toRequest(key),
      new Response(body, { headers: { 'content-length': String(bytes.byteLength) } }),
    );
  }

  async delete(key: string): Promise<void> {
    await (await this.cache()).delete(toRequest(key));
  }

  async keys(): Promise<string[]> {
    const requests = await (await this.cache()).keys();
    return requests.map((r) => decodeURIComponent(r.url.slice(KEY_ORIGIN.length)));
  }

  private cache(): Promise<Cache> {
    return caches.open(this.name);
  }
}

function toRequest(key: string): Request {
  return new Request(KEY_ORIGIN + encodeURIComponent(key));
}
