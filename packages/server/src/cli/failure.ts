/**
 * How the command line reports a failure: one line on stderr, `earshot: <message> (<code>)`, and a
 * non-zero exit code; the stack only with `--verbose` or `EARSHOT_DEBUG=1` (or `DEBUG=earshot`).
 */
import { CommanderError } from 'commander';

/** Commander "errors" that only end the run after printing help or the version (their exit code stands). */
const PRINTED_BY_COMMANDER = new Set(['commander.help', 'commander.helpDisplayed', 'commander.version']);

/** The environment variable that turns on stack traces of failures (any value but `0` or empty). */
export const DEBUG_ENV = 'EARSHOT_DEBUG';

/** The flag that turns on stack traces of failures. */
export const VERBOSE_FLAG = '--verbose';

/** Exit code of a failed command. */
export const FAILURE_EXIT_CODE = 1;

/** What a Node system error carries beyond `Error` (`code`, `syscall`, and the path or address). */
interface SystemErrorFields {
  readonly code?: unknown;
  readonly syscall?: unknown;
  readonly path?: unknown;
  readonly address?: unknown;
  readonly port?: unknown;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The readable message of a Node system error (`EADDRINUSE`, `ENOENT`, …), or null for other errors. */
function systemMessage(error: Error & SystemErrorFields): string | null {
  const code = text(error.code);
  if (code === null || text(error.syscall) === null) return null;
  const port = typeof error.port === 'number' ? String(error.port) : '?';
  const address = text(error.address) ?? '?';
  const target = text(error.path) ?? (text(error.address) === null ? null : `${address}:${port}`);
  switch (code) {
    case 'EADDRINUSE':
      return `port ${port} on ${address} is already in use: stop the other server or pick another --port`;
    case 'EADDRNOTAVAIL':
      return `address ${address} is not an address of this machine: pick another --host`;
    case 'ECONNREFUSED':
      return `connection refused: nothing listens at ${target ?? '?'}`;
    case 'ENOENT':
      return `no such file or directory: ${target ?? '?'}`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied: ${target ?? '?'}`;
    case 'EISDIR':
      return `is a directory, not a file: ${target ?? '?'}`;
    default:
      // Node's own "CODE: description, syscall 'path'" without the leading code.
      return error.message.replace(new RegExp(`^${code}:\\s*`), '');
  }
}

/** The error's stable code, if it has one (an `EarshotError` code or a Node system error code). */
export function failureCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  return text((error as { code?: unknown }).code);
}

/** The one line printed for `error`: `earshot: <message> (<code>)`, the code left out when there is none. */
export function describeFailure(error: unknown, prefix = 'earshot'): string {
  const base =
    error instanceof CommanderError
      ? `${error.message.replace(/^error:\s*/, '').replace(/\.$/, '')}; see --help`
      : error instanceof Error
        ? (systemMessage(error) ?? error.message)
        : String(error);
  const message = base.split('\n')[0]?.trim() || 'failed';
  const code = failureCode(error);
  return `${prefix}: ${message}${code === null || message.includes(`(${code})`) ? '' : ` (${code})`}`;
}

/** Whether a failure should print its stack: `--verbose` in `argv`, or `EARSHOT_DEBUG` / `DEBUG=earshot` set. */
export function wantsStack(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): boolean {
  if (argv.includes(VERBOSE_FLAG)) return true;
  const debug = env[DEBUG_ENV];
  if (debug !== undefined && debug !== '' && debug !== '0') return true;
  return (env.DEBUG ?? '').split(/[\s,]+/).some((name) => name === 'earshot' || name === '*');
}

/** Writes `error` as one line on stderr (with its stack and causes when `verbose`) and sets the exit code. */
export function reportFailure(error: unknown, verbose: boolean, prefix = 'earshot'): void {
  process.stderr.write(`${describeFailure(error, prefix)}\n`);
  if (verbose) {
    let current: unknown = error;
    for (let depth = 0; current !== undefined && depth < 8; depth++) {
      const stack = current instanceof Error ? current.stack : String(current);
      process.stderr.write(`${depth === 0 ? '' : 'caused by: '}${stack}\n`);
      current = current instanceof Error ? current.cause : undefined;
    }
  }
  process.exitCode = FAILURE_EXIT_CODE;
}

/**
 * Runs `main`; a rejection (a commander usage error too, with `exitOverride`) is reported by
 * `reportFailure` and the process exits with `FAILURE_EXIT_CODE` (a half-started server must not
 * keep it alive); help and version output exit with commander's code.
 */
export async function runReportingFailures(
  main: () => Promise<void>,
  argv: readonly string[] = process.argv,
  prefix = 'earshot',
): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof CommanderError && PRINTED_BY_COMMANDER.has(error.code)) process.exit(error.exitCode);
    reportFailure(error, wantsStack(argv), prefix);
    process.exit(FAILURE_EXIT_CODE);
  }
}
