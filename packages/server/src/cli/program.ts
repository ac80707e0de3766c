/** The `earshot` command line (commander): `earshot serve`, `pull`, `transcribe`, `conformance`. */
import { Command, Option } from 'commander';
import { DEFAULT_ENDPOINT, KNOWN_MODELS, modelsDir } from '../pull/index.ts';
import { DEBUG_ENV, runReportingFailures, VERBOSE_FLAG } from './failure.ts';
import { API_KEYS_ENV, type ServeConfig, type ServeFlags, serveConfig, serveOptions } from './options.ts';

/** Runs the server for a `ServeConfig`; injectable so tests can check parsing without a model. */
export type ServeAction = (config: ServeConfig) => Promise<void>;

const SERVE_HELP = `
Environment:
  Every flag above can be set by the variable named beside it; a flag wins over its variable.
  ${API_KEYS_ENV}   accepted API keys, comma- or whitespace-separated (added to --api-keys-file).
                     With no key at all the server is open to any client (local use; a warning is logged).

Endpoints:
  GET  /v1/realtime?intent=transcription   Realtime transcription WebSocket (also ?model=…)
  POST /v1/audio/transcriptions            file transcription (json, text, verbose_json; stream=true → SSE)
  GET  /v1/models   GET /healthz   GET /readyz (503 when full or draining)   GET /metrics (Prometheus)
  GET  /openapi.json                       OpenAPI 3.1 document of the REST endpoints

Examples:
  earshot serve
  earshot serve --model ./models/earshot-tiny-en --host 0.0.0.0 --port 8443 \\
    --tls-cert cert.pem --tls-key key.pem --api-keys-file keys.txt
`;

const PULL_HELP = `
Files are checked against the hub's SHA-256 (LFS) or git SHA-1, resumed after an interruption
(run the same command again), and listed in an earshot-model.json manifest that later loads verify.
HF_TOKEN is sent as a Bearer token when set.

Examples:
  earshot pull qwen3-asr-0.6b && earshot serve --model qwen3-asr-0.6b
  earshot pull https://huggingface.co/<owner>/<repo> --variant q4f16
`;

/** Builds the `earshot` program; `serve` runs the server (default: `serveCommand`). */
export function buildProgram(serve?: ServeAction): Command {
  const program = new Command('earshot')
    .description('Earshot: speech recognition behind the OpenAI Realtime transcription API.')
    .version('0.1.0')
    .option(VERBOSE_FLAG, `print the stack trace of a failure (or set ${DEBUG_ENV}=1)`)
    // Usage errors reach runCli's one-line report (subcommands inherit both settings).
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  const command = program
    .command('serve')
    .description(
      'Serve /v1/realtime, /v1/audio/transcriptions, /v1/models, /healthz and /metrics on one port.',
    )
    .addHelpText('after', SERVE_HELP)
    .action(async (flags: ServeFlags) => {
      const config = serveConfig(flags);
      const action = serve ?? (await import('./serve.ts')).serveCommand;
      await action(config);
    });
  for (const option of serveOptions()) command.addOption(option);
  program
    .command('pull')
    .description('Fetch a model folder from a Hugging Face-style hub into the local model cache.')
    .argument('<model>', `${Object.keys(KNOWN_MODELS).join(', ')}, <owner>/<repo>, or a hub repository URL`)
    .option('--revision <rev>', 'branch, tag or commit', 'main')
    .addOption(
      new Option('--variant <variant>', 'graph variant for <owner>/<repo> and URLs')
        .choices(['q4', 'q4f16'])
        .default('q4'),
    )
    .addOption(new Option('--endpoint <url>', 'hub base URL').env('HF_ENDPOINT').default(DEFAULT_ENDPOINT))
    .addOption(
      new Option('--dir <folder>', 'models folder')
        .env('EARSHOT_MODELS_DIR')
        .default(modelsDir(), 'the XDG cache'),
    )
    .addHelpText('after', PULL_HELP)
    .action(deferred(async () => (await import('./pull.ts')).pullCommand));
  program
    .command('transcribe')
    .description('Print the transcript of each WAV file (any rate, mono or stereo).')
    .argument('<file...>', 'WAV files')
    .option(
      '--model <folder|name>',
      'model folder, or the name of a pulled model (default: the embedded model)',
    )
    .option('--language <iso-639-1>', 'language hint, e.g. en')
    .option('--prompt <text>', 'context passed to the model')
    .addOption(
      new Option('--device <device>', 'execution provider').choices(['auto', 'cuda', 'cpu']).default('auto'),
    )
    .action(deferred(async () => (await import('./transcribe.ts')).transcribeCommand));
  program
    .command('conformance')
    .description('Run the Realtime transcription conformance suite against a server and print a report.')
    .argument('<url>', "the server's Realtime WebSocket URL, e.g. ws://127.0.0.1:8000/v1/realtime")
    .addOption(new Option('--api-key <key>', 'Bearer key').env('OPENAI_API_KEY'))
    .addOption(
      new Option(
        '--profile <profile>',
        "openai: only what every server must pass; earshot: Earshot's extensions too",
      )
        .choices(['openai', 'earshot'])
        .default('earshot'),
    )
    .option('--model <name>', "transcription.model to send (default: the server's, from session.created)")
    .option('--grep <text>', 'only checks whose title contains this')
    .option('--timeout-ms <ms>', 'longest wait for one expected event', '30000')
    .option('--max-wer <rate>', 'highest WER accepted on the clips', '0.15')
    .option('--max-event-bytes <n>', "the server's client event limit", String(15 * 1024 * 1024))
    .option(
      '--max-buffer-seconds <s>',
      "the server's input buffer cap (the overflow check runs when it is 60 s or less)",
      '900',
    )
    .action(deferred(async () => (await importConformance()).conformanceCommand));
  return program;
}

/**
 * The action of a subcommand taking one argument and its flags, run by the command that `load`
 * imports when the subcommand runs: `earshot --help` and the other subcommands load none of it.
 */
function deferred<A, F>(
  load: () => Promise<(arg: A, flags: F) => Promise<void>>,
): (arg: A, flags: F) => Promise<void> {
  return async (arg, flags) => {
    const command = await load();
    await command(arg, flags);
  };
}

/**
 * The conformance command: it runs @earshot/testkit's suite, which is not a dependency of the
 * published @earshot/server (the testkit is the repository's, unpublished): without it, says so.
 */
async function importConformance(): Promise<typeof import('./conformance.ts')> {
  try {
    return await import('./conformance.ts');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes('@earshot/testkit'))
      throw new Error(
        '`earshot conformance` needs @earshot/testkit, which ships with the Earshot repository only: run it from a checkout (npm ci; node packages/server/bin/earshot.mjs conformance <url>)',
      );
    throw error;
  }
}

/**
 * Runs the command line `argv` (as `process.argv`); a failure prints one line on stderr
 * (`earshot: <message> (<code>)`, the stack with `--verbose` or `EARSHOT_DEBUG=1`) and exits 1.
 */
export async function runCli(argv: readonly string[] = process.argv): Promise<void> {
  await runReportingFailures(
    () =>
      buildProgram()
        .parseAsync([...argv])
        .then(() => undefined),
    argv,
  );
}
