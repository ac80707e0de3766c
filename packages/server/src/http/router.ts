/**
 * The HTTP routes: `GET /healthz`, `GET /readyz`, `GET /metrics`, `GET /openapi.json`,
 * `GET /v1/models[/{id}]` and `POST /v1/audio/transcriptions`, with CORS for allowed browser
 * origins, Bearer auth on `/v1/*`,
 * OpenAI-shaped errors, and a fallback hook for pages served beside the API (the web demo).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { quoteName } from '@earshot/core/errors';
import { bearerKey } from '../auth/credentials.ts';
import type { ServerContext } from '../context.ts';
import { discardBody } from './discard-body.ts';
import { OPENAPI_JSON, OPENAPI_PATH } from './openapi.ts';
import { readinessStatus, replicaLoad } from './readiness.ts';
import { sendError, sendJson, sendPreflight, sendText, setCorsHeaders } from './respond.ts';
import { handleTranscription } from './transcriptions.ts';

/**
 * A handler tried for requests no API route matches (e.g. the web demo page); it resolves to true
 * when it answered, false to fall through to a 404.
 */
export type FallbackHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/** The server's start time, in seconds since the epoch (`created` of `/v1/models`). */
const STARTED = Math.floor(Date.now() / 1000);

/** Builds the request listener of a server. */
export function createRequestHandler(ctx: ServerContext, fallback?: FallbackHandler) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = parseTarget(req.url);
    const route = url === null ? 'other' : routeName(url.pathname);
    res.on('finish', () => ctx.metrics.httpRequest(route, res.statusCode));
    try {
      if (url === null) {
        void discardBody(req);
        return sendError(res, null, 'Invalid request target.', null, 400);
      }
      setCorsHeaders(req, res, ctx.origins);
      if (req.method === 'OPTIONS') return sendPreflight(res);
      if (!ctx.origins.allows(req.headers.origin)) {
        ctx.metrics.error('origin_not_allowed');
        return sendError(res, 'origin_not_allowed', 'This origin is not allowed to call the API.');
      }
      if (route === 'other' && fallback !== undefined && (await fallback(req, res))) return;
      await dispatch(req, res, url, route, ctx);
    } catch (error) {
      ctx.logger.error({ err: error, route }, 'request failed');
      if (!res.headersSent)
        sendError(res, 'server_error', 'The server had an error while processing the request.');
      else res.destroy();
    }
  };
}

async function dispatch(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  route: string,
  ctx: ServerContext,
) {
  const method = req.method ?? 'GET';
  const allow = (expected: string) => {
    if (method === expected || (expected === 'GET' && method === 'HEAD')) return true;
    res.setHeader('allow', expected);
    sendError(res, null, `Method ${method} is not allowed on ${url.pathname}.`, null, 405);
    return false;
  };
  if (route === 'healthz') {
    if (!allow('GET')) return;
    const draining = ctx.draining();
    return sendJson(res, draining ? 503 : 200, {
      status: draining ? 'draining' : 'ok',
      replica: ctx.replica(),
      model: ctx.recognizer.model,
      sessions: ctx.registry.size,
      max_sessions: ctx.limits.maxSessions,
    });
  }
  if (route === 'readyz') {
    if (!allow('GET')) return;
    const load = replicaLoad(ctx);
    res.setHeader('cache-control', 'no-store');
    return sendJson(res, readinessStatus(load), load);
  }
  if (route === 'metrics') {
    if (!allow('GET')) return;
    return sendText(res, 200, await ctx.metrics.text(), ctx.metrics.contentType);
  }
  if (route === 'openapi') {
    if (!allow('GET')) return;
    return sendText(res, 200, OPENAPI_JSON, 'application/json');
  }
  if (route === 'other') {
    return sendError(res, null, `Invalid URL (${method} ${url.pathname}).`, null, 404);
  }
  if (!ctx.keys.accepts(bearerKey(req))) {
    ctx.metrics.error('invalid_api_key');
    void discardBody(req);
    return sendError(res, 'invalid_api_key', 'Incorrect API key provided.');
  }
  if (route === 'models') {
    if (!allow('GET')) return;
    const raw = url.pathname.slice('/v1/models'.length).replace(/^\//, '');
    const model = { id: ctx.recognizer.model, object: 'model', created: STARTED, owned_by: 'earshot' };
    if (raw === '') return sendJson(res, 200, { object: 'list', data: [model] });
    // A malformed escape (`%E0%A4%A`) names no model: the id is kept as sent.
    const id = decodeOrNull(raw) ?? raw;
    if (id === model.id) return sendJson(res, 200, model);
    return sendError(res, null, `The model ${quoteName(id)} does not exist.`, 'model', 404);
  }
  if (!allow('POST')) return;
  if (ctx.draining()) {
    // Refused without reading the body, so that a balancer or client can retry on another replica;
    // the answer closes the connection, so it waits until the client has sent what it was sending.
    await discardBody(req);
    if (req.socket.destroyed) return;
    res.setHeader('connection', 'close');
    return sendError(res, null, 'The server is shutting down; retry on another replica.', null, 503);
  }
  return handleTranscription(req, res, ctx);
}

/** The request target as a URL, or null when it is not one (`GET http://[ HTTP/1.1`). */
function parseTarget(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

function decodeOrNull(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

type Route = 'healthz' | 'readyz' | 'metrics' | 'openapi' | 'models' | 'transcriptions' | 'other';

function routeName(path: string): Route {
  if (path === '/healthz') return 'healthz';
  if (path === OPENAPI_PATH) return 'openapi';
  if (path === '/readyz') return 'readyz';
  if (path === '/metrics') return 'metrics';
  if (path === '/v1/models' || path.startsWith('/v1/models/')) return 'models';
  if (path === '/v1/audio/transcriptions') return 'transcriptions';
  return 'other';
}
