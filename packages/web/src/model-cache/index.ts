// Model cache: download with progress and resume, SHA-256 verification, Cache API storage, quota check.
export { type ByteStore, MemoryByteStore } from './byte-store.ts';
export { CacheApiStore } from './cache-api-store.ts';
export { CachedModelSource, type CachedModelSourceOptions, type CacheStats } from './cached-model-source.ts';
export { type DownloadOptions, downloadWithResume, type FetchLike } from './download.ts';
export { browserStorageEstimate, checkQuota, type StorageEstimateLike } from './quota.ts';
