/** The `earshot` command line (commander): `earshot serve` and its documented flags. */
import { Command } from 'commander';
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
  GET  /v1/models   GET /healthz   GET /metrics (Prometheus)

Examples:
  earshot serve
  earshot serve --model ./models/earshot-tiny-en --host 0.0.0.0 --port 8443 \\
    --tls-cert cert.pem --tls-key key.pem --api-keys-file keys.txt
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
  return program;
}

/** Runs the command line `argv` (as `process.argv`). */
export async function runCli(argv: readonly string[] = process.argv): Promise<void> {
  await buildProgram().parseAsync([...argv]);
}
