/** Storage quota check before a download. */
import { EarshotWebError } from '../errors.ts';

/** Usage and quota of the origin's storage, in bytes (`navigator.storage.estimate()`). */
export interface StorageEstimateLike {
  readonly usage?: number;
  readonly quota?: number;
}

/** Reads the origin's storage estimate; null where the browser does not say. */
export async function browserStorageEstimate(): Promise<StorageEstimateLike | null> {
  const storage = (globalThis.navigator as Navigator | undefined)?.storage;
  if (storage?.estimate === undefined) return null;
  return storage.estimate();
}

/** Throws `EARSHOT_ERR_STORAGE_QUOTA` when `needed` bytes do not fit in the free quota (skipped when unknown). */
export function checkQuota(estimate: StorageEstimateLike | null, needed: number): void {
  if (estimate?.quota === undefined || needed <= 0) return;
  const free = estimate.quota - (estimate.usage ?? 0);
  if (needed > free) {
    throw new EarshotWebError(
      'EARSHOT_ERR_STORAGE_QUOTA',
      `The model needs ${mb(needed)} of storage; this origin has ${mb(Math.max(0, free))} free of a ${mb(estimate.quota)} quota. Free space (clearModelCache) or allow more storage.`,
    );
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
