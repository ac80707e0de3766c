/** Where a model folder's files come from: the file system (Node), or fetch + cache (browser). */

/** Progress of one file's read, in bytes (`total` null when unknown). */
export interface ReadProgress {
  readonly file: string;
  readonly loaded: number;
  readonly total: number | null;
}

/** Options of one read. */
export interface ReadOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ReadProgress) => void;
}

/** A model folder. */
export interface ModelSource {
  /** Where the folder is (a path or URL), for messages. */
  readonly location: string;
  /** Reads a file by its path in the folder; rejects with `ModelLoadError` `EARSHOT_ERR_MODEL_FILE_MISSING` when absent. */
  read(path: string, options?: ReadOptions): Promise<Uint8Array>;
  /** True when the file exists. */
  exists(path: string): Promise<boolean>;
  /**
   * A local file-system path for `path`, when the runtime can open files itself (onnxruntime-node
   * then reads graphs and their external data directly); null otherwise.
   */
  localPath?(path: string): string | null;
  /**
   * Size and SHA-256 of a file without keeping its bytes (streamed), where the source can; the
   * folder uses it to verify files that the runtime then opens by `localPath`.
   */
  digest?(path: string, options?: ReadOptions): Promise<FileDigest>;
  /** A file's size in bytes without reading it, where the source can tell (null when unknown). */
  size?(path: string): Promise<number | null>;
}

/** Size and lower-case hex SHA-256 of a file. */
export interface FileDigest {
  readonly bytes: number;
  readonly sha256: string;
}
