/** `earshot serve`: loads the model, starts the server, prints its URLs, and shuts down gracefully on SIGTERM. */
import { readFileSync } from 'node:fs';
import { ApiKeys } from '../auth/api-keys.ts';
import { createLogger } from '../log/logger.ts';
import {
  loadNodeRecognizer,
  loadNodeSileroVad,
  loadThreadedRecognizer,
  type NodeRecognizerOptions,
} from '../model/index.ts';
import { resolveModelFolder } from '../pull/index.ts';
import { EarshotServer } from '../server.ts';
import type { ServeConfig } from './options.ts';

/** Starts a server for `config` and keeps it running until SIGTERM or SIGINT. */
export async function serveCommand(config: ServeConfig): Promise<void> {
  const logger = createLogger(config.logLevel);
  const folder = resolveModelFolder(config.model);
  const keys = ApiKeys.load({ file: config.apiKeysFile, list: config.apiKeys });
  if (keys.open) logger.warn('no API key configured: any client may connect (fine for local use only)');
  logger.info({ model: folder, device: config.device }, 'loading model');
  const started = performance.now();
  const load: NodeRecognizerOptions = {
    folder,
    device: config.device,
    threads: config.threads,
    threadSpinning: config.threadSpinning,
    maxNewTokens: config.maxNewTokens,
    name: config.modelName,
    batch: { maxBatch: config.batch, waitMs: config.batchWaitMs },
  };
  const recognizer =
    config.decodeThread === 'worker'
      ? (await loadThreadedRecognizer(load)).recognizer
      : await loadNodeRecognizer(load);
  logger.info(
    {
      model: recognizer.model,
      seconds: (performance.now() - started) / 1000,
      batching: recognizer.batching,
      decodeThread: config.decodeThread,
    },
    'model loaded',
  );
  const silero = config.vad === 'silero' ? await loadNodeSileroVad() : null;
  const server = new EarshotServer({
    recognizer,
    limits: config.limits,
    apiKeys: keys,
    allowedOrigins: config.allowedOrigins,
    acceptModels: config.modelAliases,
    strictRates: config.strictRates,
    strictUrls: config.strictUrls,
    turnDetection: config.turnDetection === 'none' ? null : undefined,
    ...(silero === null ? {} : { speechScorer: () => silero.scorer() }),
    tls:
      config.tlsCert === undefined || config.tlsKey === undefined
        ? undefined
        : { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) },
    logger,
    pingIntervalSeconds: config.pingInterval,
    shutdownGraceSeconds: config.shutdownGrace,
    replicaId: config.replicaId,
  });
  await server.listen(config.port, config.host);
  const urls = server.urls();
  logger.info({ ...urls, model: recognizer.model, auth: !keys.open, replica: server.replicaId }, 'listening');
  process.stderr.write(
    [
      `Earshot is serving ${recognizer.model}`,
      `  Realtime WebSocket  ${urls.realtime}`,
      `  REST API (baseURL)  ${urls.api}`,
      `  Health              ${urls.healthz}`,
      `  Readiness           ${urls.readyz}`,
      `  Metrics             ${urls.metrics}`,
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, sessions: server.registry.size }, 'shutting down');
    void server.shutdown().then(() => {
      logger.info('stopped');
      process.exit(0);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
