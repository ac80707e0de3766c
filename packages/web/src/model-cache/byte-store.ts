/** Where downloaded model files are kept: a small key → bytes store (Cache API in browsers, memory in tests). */

/** A persistent key → bytes store. */
export interface ByteStore {
  /** The bytes stored under `key`, or null. */
  get(key: string): Promise<Uint8Array | null>;
  /** Whether `key` is stored (without reading its bytes). */
  has(key: string): Promise<boolean>;
  /** Stores `bytes` under `key`, replacing what was there. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** Removes `key` (no error when absent). */
  delete(key: string): Promise<void>;
  /** Every stored key. */
  keys(): Promise<string[]>;
}

/** A `ByteStore` in memory (tests; pages where the Cache API is unavailable). */
export class MemoryByteStore implements ByteStore {
  private readonly entries = new Map<string, Uint8Array>();

  async get(key: string): Promise<Uint8Array | null> {
    return this.entries.get(key)?.slice() ?? null;
  }

  async has(key: string): Promise<boolean> {
    return this.entries.has(key);
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    this.entries.set(key, bytes.slice());
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async keys(): Promise<string[]> {
    return [...this.entries.keys()];
  }
}
