/** `ModelSource` over a folder on the local file system (the Node host). */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, open, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type FileDigest, ModelLoadError, type ModelSource, type ReadOptions } from '@earshot/core/model';

/** Reads in pieces of this many bytes, reporting progress after each. */
const PIECE = 4 * 1024 * 1024;

export class FsModelSource implements ModelSource {
  readonly location: string;

  constructor(folder: string) {
    this.location = resolve(folder);
  }

  async read(path: string, options: ReadOptions = {}): Promise<Uint8Array> {
    let bytes = new Uint8Array(0);
    await this.pieces(path, options, (size) => {
      bytes = new Uint8Array(size);
      return (offset, length) => bytes.subarray(offset, offset + length);
    });
    return bytes;
  }

  /** Size and SHA-256 of a file, read in pieces (no copy of the whole file is kept). */
  async digest(path: string, options: ReadOptions = {}): Promise<FileDigest> {
    const hash = createHash('sha256');
    const piece = new Uint8Array(PIECE);
    const size = await this.pieces(
      path,
      options,
      () => (_offset, length) => piece.subarray(0, length),
      (chunk) => hash.update(chunk),
    );
    return { bytes: size, sha256: hash.digest('hex') };
  }

  async exists(path: string): Promise<boolean> {
    try {
      await access(this.resolvePath(path), constants.R_OK);
      return true;
    } catch {
      return false;
    }
  }

  async size(path: string): Promise<number | null> {
    try {
      return (await stat(this.resolvePath(path))).size;
    } catch {
      return null;
    }
  }

  localPath(path: string): string {
    return this.resolvePath(path);
  }

  /**
   * Reads `path` piece by piece into the buffers `target(size)` hands out, passing each filled
   * piece to `onPiece`; reports progress and honours the abort signal. Resolves to the size.
   */
  private async pieces(
    path: string,
    options: ReadOptions,
    target: (size: number) => (offset: number, length: number) => Uint8Array,
    onPiece?: (chunk: Uint8Array) => void,
  ): Promise<number> {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(this.resolvePath(path), 'r');
    } catch (error) {
      throw new ModelLoadError(
        'EARSHOT_ERR_MODEL_FILE_MISSING',
        path,
        `cannot be read from ${this.location}.`,
        error,
      );
    }
    try {
      const { size } = await handle.stat();
      const buffer = target(size);
      let offset = 0;
      while (offset < size) {
        if (options.signal?.aborted) {
          throw new ModelLoadError('EARSHOT_ERR_MODEL_ABORTED', path, 'model loading was cancelled.');
        }
        const into = buffer(offset, Math.min(PIECE, size - offset));
        const { bytesRead } = await handle.read(into, 0, into.byteLength, offset);
        if (bytesRead === 0) break;
        onPiece?.(into.subarray(0, bytesRead));
        offset += bytesRead;
        options.onProgress?.({ file: path, loaded: offset, total: size });
      }
      return offset;
    } finally {
      await handle.close();
    }
  }

  /** Joins `path` to the folder, refusing paths that leave it. */
  private resolvePath(path: string): string {
    const full = resolve(join(this.location, path));
    if (!full.startsWith(`${this.location}/`)) {
      throw new ModelLoadError('EARSHOT_ERR_MODEL_CONFIG', path, 'points outside the model folder.');
    }
    return full;
  }
}
