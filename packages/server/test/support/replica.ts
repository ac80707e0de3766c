/** TEST ONLY: the reduced Qwen3-ASR replica (real dimensions and vocabulary, 2 + 2 layers, random weights), built once and cached. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../../../scripts/replica.sh', import.meta.url));

/** Folder of the reduced 0.6B replica (`bash scripts/replica.sh 0.6b --reduced`). */
export function reducedReplica(): string {
  return execFileSync('bash', [SCRIPT, '0.6b', '--reduced'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}
