/** The `earshot` command line (commander): `earshot serve` and its documented flags. */
import { Command, Option } from 'commander';
import { DEFAULT_ENDPOINT, KNOWN_MODELS, modelsDir } from '../pull/index.ts';
import { API_KEYS_ENV, type ServeConfig, type ServeFlags, serveConfig, serveOptions } from './options.ts';
import type { PullFlags } from './pull.ts';

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
  GET  /v1/models   GET /healthz   GET /metrics (Prometheus)

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
    .showHelpAfterError();
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
    .action(async (spec: string, flags: PullFlags) => {
      const { pullCommand } = await import('./pull.ts');
      await pullCommand(spec, flags);
    });
  return program;
}

/** Runs the command line `argv` (as `process.argv`). */
export async function runCli(argv: readonly string[] = process.argv): Promise<void> {
  await buildProgram().parseAsync([...argv]);
}
