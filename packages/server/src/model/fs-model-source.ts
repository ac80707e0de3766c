/** `ModelSource` over a folder on the local file system (the Node host). */
import { constants } from 'node:fs';
import { access, open } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ModelLoadError, type ModelSource, type ReadOptions } from '@earshot/core/model';

/** Reads in pieces of this many bytes, reporting progress after each. */
const PIECE = 4 * 1024 * 1024;

export class FsModelSource implements ModelSource {
  readonly location: string;

  constructor(folder: string) {
    this.location = resolve(folder);
  }

  async read(path: string, options: ReadOptions = {}): Promise<Uint8Array> {
    const file = this.resolvePath(path);
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(file, 'r');
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
      const bytes = new Uint8Array(size);
      for (let offset = 0; offset < size; ) {
        if (options.signal?.aborted) {
          throw new ModelLoadError('EARSHOT_ERR_MODEL_ABORTED', path, 'model loading was cancelled.');
        }
        const { bytesRead } = await handle.read(bytes, offset, Math.min(PIECE, size - offset), offset);
        if (bytesRead === 0) break;
        offset += bytesRead;
        options.onProgress?.({ file: path, loaded: offset, total: size });
      }
      return bytes;
    } finally {
      await handle.close();
    }
  }

  async exists(path: string): Promise<boolean> {
    try {
      await access(this.resolvePath(path), constants.R_OK);
      return true;
    } catch {
      return false;
    }
  }

  localPath(path: string): string {
    return this.resolvePath(path);
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
