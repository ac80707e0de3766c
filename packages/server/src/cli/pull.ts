/** `earshot pull <name|owner/repo|URL>`: fetches a model folder with a progress bar, resume and checksums. */

import { Presets, SingleBar } from 'cli-progress';
import { KNOWN_MODELS, type PullOptions, pullModel } from '../pull/index.ts';

/** Flags of `earshot pull`. */
export interface PullFlags {
  readonly revision?: string;
  readonly variant?: string;
  readonly endpoint?: string;
  readonly dir?: string;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Pulls `spec`, printing progress on stderr; rejects on failure (reported by the CLI as one line). */
export async function pullCommand(spec: string, flags: PullFlags): Promise<void> {
  const tty = process.stderr.isTTY === true;
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: ' {bar} {percentage}% | {loadedMb} of {totalMb} | {file}',
      hideCursor: tty,
    },
    Presets.shades_classic,
  );
  let started = false;
  let lastLine = -1;
  const options: PullOptions = {
    revision: flags.revision,
    variant: flags.variant === 'q4f16' ? 'q4f16' : 'q4',
    endpoint: flags.endpoint,
    dir: flags.dir,
    onProgress: ({ file, loaded, total }) => {
      const payload = { file, loadedMb: mb(loaded), totalMb: mb(total) };
      if (tty) {
        if (!started) bar.start(total, loaded, payload);
        started = true;
        bar.update(loaded, payload);
      } else {
        const tenth = Math.floor((loaded / Math.max(1, total)) * 10);
        if (tenth !== lastLine)
          process.stderr.write(`${tenth * 10}% ${payload.loadedMb} of ${payload.totalMb} (${file})\n`);
        lastLine = tenth;
      }
    },
    onRetry: (file, attempt, error) => {
      if (!tty) process.stderr.write(`retrying ${file} (attempt ${attempt + 1}): ${String(error)}\n`);
    },
  };
  const known = KNOWN_MODELS[spec];
  if (known !== undefined)
    process.stderr.write(
      `Pulling ${spec} (${known.repo}, ${known.variant}, about ${mb(known.approxBytes)})\n`,
    );
  try {
    const result = await pullModel(spec, options);
    if (started) bar.stop();
    process.stderr.write(
      `Pulled ${result.name}: ${result.files} files, ${mb(result.bytes)} (${mb(result.downloaded)} downloaded now) in ${result.folder}\n` +
        `Serve it with: earshot serve --model ${result.name}\n`,
    );
  } catch (error) {
    if (started) bar.stop();
    throw error;
  }
}
