/**
 * `earshot pull`: fetches a model folder from a Hugging Face-style hub into the local model cache.
 * The file list comes from the hub's tree API (`/api/models/<repo>/tree/<rev>`), which also gives
 * each file's checksum: SHA-256 for LFS files (as their `X-Linked-Etag`), the git blob SHA-1 for
 * the small ones. Each file is downloaded to `<file>.part` with resume (HTTP `Range`) and retries
 * with backoff, verified, then moved into place; the folder gets an `earshot-model.json` manifest
 * (size and SHA-256 of every file) only when all files verified, so later loads check them.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { MANIFEST_FILE, ModelLoadError } from '@earshot/core/model';
import { DEFAULT_ENDPOINT, KNOWN_MODELS, modelsDir } from './model-names.ts';

/** Progress of a pull, in bytes. */
export interface PullProgress {
  readonly file: string;
  /** Bytes of all selected files present so far, and their total. */
  readonly loaded: number;
  readonly total: number;
}

/** Options of `pullModel`. */
export interface PullOptions {
  /** Hub base URL; default `$HF_ENDPOINT`, else https://huggingface.co. */
  readonly endpoint?: string;
  /** Branch, tag or commit; default `main`. */
  readonly revision?: string;
  /** Variant for repositories given by name or URL: `q4` (default) or `q4f16`. */
  readonly variant?: 'q4' | 'q4f16';
  /** Models folder; default `modelsDir()`. */
  readonly dir?: string;
  /** Bearer token for private repositories (default `$HF_TOKEN`). */
  readonly token?: string;
  /** Attempts per file (default 4); waits grow 0.5 s, 1 s, 2 s … with jitter. */
  readonly attempts?: number;
  readonly fetch?: typeof fetch;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: PullProgress) => void;
  /** Called when an attempt failed and is retried (for logs). */
  readonly onRetry?: (file: string, attempt: number, error: unknown) => void;
}

/** What a pull did. */
export interface PullResult {
  readonly name: string;
  readonly folder: string;
  readonly files: number;
  readonly bytes: number;
  /** Bytes fetched over the network this time (less than `bytes` after a resume or a re-pull). */
  readonly downloaded: number;
}

/** One file of the hub's tree listing. */
interface HubFile {
  readonly path: string;
  readonly size: number;
  /** Git blob SHA-1 (of the LFS pointer for LFS files). */
  readonly oid?: string;
  readonly lfs?: { readonly oid: string; readonly size: number };
}

interface Target {
  readonly name: string;
  readonly endpoint: string;
  readonly repo: string;
  readonly revision: string;
  readonly variant: 'q4' | 'q4f16';
  readonly license: string;
}

/** The files of the public export a variant needs (graphs of other variants are left out). */
export function selectFiles(files: readonly HubFile[], variant: 'q4' | 'q4f16'): HubFile[] {
  const graph =
    variant === 'q4f16'
      ? /^(encoder\.fp16\.onnx|.*\.q4f16\.(onnx|onnx\.data|data))$/
      : /^(encoder\.onnx|encoder\.int4\.onnx|.*\.int4\.(onnx|onnx\.data|data))$/;
  const common = /^([^/]+\.json|embed_tokens[^/]*\.bin|embed_scales[^/]*\.bin|README\.md|LICENSE)$/;
  return files.filter((f) => f.path !== MANIFEST_FILE && (common.test(f.path) || graph.test(f.path)));
}

/** Pulls `spec` (a known name, `owner/repo`, or a hub repository URL) into the models folder. */
export async function pullModel(spec: string, options: PullOptions = {}): Promise<PullResult> {
  const target = resolveTarget(spec, options);
  const folder = join(options.dir ?? modelsDir(), target.name);
  const http = new Hub(target, options);
  const files = selectFiles(await http.list(), target.variant);
  if (files.length === 0) {
    throw new ModelLoadError(
      'EARSHOT_ERR_MODEL_FILE_MISSING',
      null,
      `${target.repo}@${target.revision} has no ${target.variant} files.`,
    );
  }
  await mkdir(folder, { recursive: true });
  await rm(join(folder, MANIFEST_FILE), { force: true }); // complete again only when every file verified
  const total = files.reduce((n, f) => n + f.size, 0);
  let done = 0;
  let downloaded = 0;
  const entries: { path: string; bytes: number; sha256: string }[] = [];
  for (const file of files) {
    const got = await http.download(file, join(folder, file.path), (loaded) =>
      options.onProgress?.({ file: file.path, loaded: done + loaded, total }),
    );
    downloaded += got.downloaded;
    done += file.size;
    entries.push({ path: file.path, bytes: file.size, sha256: got.sha256 });
  }
  const manifest = {
    format: 'earshot-model',
    format_version: 1,
    name: target.name,
    license: target.license,
    source: {
      endpoint: target.endpoint,
      repo: target.repo,
      revision: target.revision,
      variant: target.variant,
    },
    files: entries,
  };
  await writeFile(join(folder, MANIFEST_FILE), `${JSON.stringify(manifest, null, 1)}\n`);
  return { name: target.name, folder, files: files.length, bytes: total, downloaded };
}

function resolveTarget(spec: string, options: PullOptions): Target {
  const revision = options.revision ?? 'main';
  const endpoint = (options.endpoint ?? process.env.HF_ENDPOINT ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
  const known = KNOWN_MODELS[spec];
  if (known !== undefined) {
    return {
      name: spec,
      endpoint,
      repo: known.repo,
      revision,
      variant: known.variant,
      license: known.license,
    };
  }
  let repo = spec;
  let base = endpoint;
  let rev = revision;
  if (/^https?:\/\//.test(spec)) {
    const url = new URL(spec);
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts.length < 2)
      throw new Error(`${spec}: expected a repository URL such as ${DEFAULT_ENDPOINT}/<owner>/<repo>`);
    base = url.origin;
    repo = `${parts[0]}/${parts[1]}`;
    if ((parts[2] === 'tree' || parts[2] === 'resolve') && parts[3] !== undefined) rev = parts[3];
  } else if (!/^[\w.-]+\/[\w.-]+$/.test(spec)) {
    throw new Error(
      `unknown model '${spec}': use one of ${Object.keys(KNOWN_MODELS).join(', ')}, <owner>/<repo> or a hub URL`,
    );
  }
  const variant = options.variant ?? 'q4';
  const short = repo.split('/')[1]?.toLowerCase() ?? repo;
  return {
    name: variant === 'q4' ? short : `${short}-${variant}`,
    endpoint: base,
    repo,
    revision: rev,
    variant,
    license: 'see the source repository',
  };
}

/** HTTP access to one repository of the hub. */
class Hub {
  private readonly fetch: typeof fetch;

  constructor(
    private readonly target: Target,
    private readonly options: PullOptions,
  ) {
    this.fetch = options.fetch ?? fetch;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const token = this.options.token ?? process.env.HF_TOKEN;
    return token ? { authorization: `Bearer ${token}`, ...extra } : extra;
  }

  private url(path: string): string {
    const { endpoint, repo, revision } = this.target;
    return `${endpoint}/${repo}/resolve/${encodeURIComponent(revision)}/${path.split('/').map(encodeURIComponent).join('/')}`;
  }

  async list(): Promise<HubFile[]> {
    const { endpoint, repo, revision } = this.target;
    const url = `${endpoint}/api/models/${repo}/tree/${encodeURIComponent(revision)}?recursive=true`;
    const response = await this.retry('(file list)', () =>
      this.fetch(url, { headers: this.headers(), signal: this.options.signal }),
    );
    if (!response.ok) {
      throw new ModelLoadError(
        response.status === 404 ? 'EARSHOT_ERR_MODEL_FILE_MISSING' : 'EARSHOT_ERR_MODEL_DOWNLOAD',
        null,
        `${repo}@${revision}: the hub answered HTTP ${response.status} for the file list (${url}).`,
      );
    }
    const body = (await response.json()) as {
      type?: string;
      path?: string;
      size?: number;
      oid?: string;
      lfs?: HubFile['lfs'];
    }[];
    return body
      .filter((e) => e.type === 'file' && typeof e.path === 'string' && typeof e.size === 'number')
      .map((e) => ({ path: e.path as string, size: e.size as number, oid: e.oid, lfs: e.lfs }));
  }

  /** Downloads one file (resuming `<dest>.part`), verifies it, moves it into place. */
  async download(
    file: HubFile,
    dest: string,
    onProgress: (loaded: number) => void,
  ): Promise<{ sha256: string; downloaded: number }> {
    await mkdir(dirname(dest), { recursive: true });
    const present = await sizeOf(dest);
    if (present === file.size) {
      const sha256 = await this.verify(file, dest);
      onProgress(file.size);
      return { sha256, downloaded: 0 };
    }
    const part = `${dest}.part`;
    const count = { received: 0 };
    await this.retry(file.path, () => this.fetchRest(file, part, count, onProgress));
    const downloaded = count.received;
    try {
      const sha256 = await this.verify(file, part);
      await rename(part, dest);
      return { sha256, downloaded };
    } catch (error) {
      await rm(part, { force: true });
      await rm(dest, { force: true });
      throw error;
    }
  }

  /** One attempt: asks for the bytes after those in `part` and appends them, counting them in `count`. */
  private async fetchRest(
    file: HubFile,
    part: string,
    count: { received: number },
    onProgress: (loaded: number) => void,
  ): Promise<null> {
    let have = (await sizeOf(part)) ?? 0;
    if (have > file.size) {
      await rm(part, { force: true });
      have = 0;
    }
    if (have === file.size) return null;
    const response = await this.fetch(this.url(file.path), {
      headers: this.headers(have > 0 ? { range: `bytes=${have}-` } : {}),
      signal: this.options.signal,
    });
    if (response.status === 404) {
      throw new ModelLoadError(
        'EARSHOT_ERR_MODEL_FILE_MISSING',
        file.path,
        `not found at ${this.url(file.path)} (HTTP 404).`,
      );
    }
    if (response.status !== 200 && response.status !== 206) throw new HttpError(response.status);
    if (response.status === 200) have = 0; // the server ignored the Range: start over
    const handle = await open(part, have === 0 ? 'w' : 'a');
    let received = 0;
    try {
      const reader = response.body?.getReader();
      if (reader === undefined) throw new Error('empty response body');
      onProgress(have);
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        await handle.write(value);
        received += value.byteLength;
        count.received += value.byteLength;
        onProgress(have + received);
      }
    } finally {
      await handle.close();
    }
    if (have + received < file.size)
      throw new Error(`connection ended at ${have + received} of ${file.size} bytes`);
    return null;
  }

  /** Checks a downloaded file against the hub's checksum; resolves to its SHA-256. */
  private async verify(file: HubFile, path: string): Promise<string> {
    const { sha256, sha1 } = await hashFile(path);
    const size = (await sizeOf(path)) ?? 0;
    const expected256 = file.lfs?.oid;
    const bad =
      size !== file.size ||
      (expected256 !== undefined && expected256 !== sha256) ||
      (expected256 === undefined && file.oid !== undefined && file.oid !== sha1);
    if (bad) {
      const want = expected256 ?? file.oid ?? '?';
      throw new ModelLoadError(
        'EARSHOT_ERR_MODEL_CHECKSUM',
        file.path,
        `downloaded ${size} bytes with ${expected256 === undefined ? 'git SHA-1' : 'SHA-256'} ${expected256 === undefined ? sha1 : sha256}; the hub lists ${file.size} bytes, ${want}. Nothing of it was kept; pull again.`,
      );
    }
    return sha256;
  }

  /** Runs `attempt` until it succeeds, retrying network and 5xx/429 failures with backoff. */
  private async retry<T>(file: string, attempt: () => Promise<T>): Promise<T> {
    const attempts = this.options.attempts ?? 4;
    let last: unknown;
    for (let i = 0; i < attempts; i++) {
      if (this.options.signal?.aborted) throw aborted(file);
      try {
        const result = await attempt();
        if (result instanceof Response && (result.status >= 500 || result.status === 429)) {
          last = new HttpError(result.status);
        } else return result;
      } catch (error) {
        if (error instanceof ModelLoadError) throw error;
        if (error instanceof HttpError && error.status < 500 && error.status !== 429) {
          throw new ModelLoadError(
            'EARSHOT_ERR_MODEL_DOWNLOAD',
            file,
            `HTTP ${error.status} from ${this.target.endpoint}.`,
          );
        }
        if (this.options.signal?.aborted) throw aborted(file);
        last = error;
      }
      if (i + 1 < attempts) {
        this.options.onRetry?.(file, i + 1, last);
        await sleep(500 * 2 ** i * (0.5 + Math.random()));
      }
    }
    throw new ModelLoadError(
      'EARSHOT_ERR_MODEL_DOWNLOAD',
      file,
      `download failed after ${attempts} attempts (partial bytes are kept for the next pull): ${String(last)}`,
      last,
    );
  }
}

class HttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

function aborted(file: string): ModelLoadError {
  return new ModelLoadError('EARSHOT_ERR_MODEL_ABORTED', file, 'the pull was cancelled.');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}

/** SHA-256 and git blob SHA-1 of a file, streamed. */
async function hashFile(path: string): Promise<{ sha256: string; sha1: string }> {
  const size = (await sizeOf(path)) ?? 0;
  const sha256 = createHash('sha256');
  const sha1 = createHash('sha1').update(`blob ${size}\0`);
  for await (const chunk of createReadStream(path, { highWaterMark: 4 << 20 })) {
    sha256.update(chunk as Buffer);
    sha1.update(chunk as Buffer);
  }
  return { sha256: sha256.digest('hex'), sha1: sha1.digest('hex') };
}
