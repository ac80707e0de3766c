import { ERROR_CODES } from '@earshot/core/errors';
import { ModelFolder } from '@earshot/core/model';
import { describe, expect, it } from 'vitest';
import { MemoryByteStore } from '../../src/model-cache/byte-store.ts';
import { CachedModelSource } from '../../src/model-cache/cached-model-source.ts';
import { downloadWithResume } from '../../src/model-cache/download.ts';
import { isHtmlContentType, looksLikeHtml, startsLikeHtml } from '../../src/model-cache/html-fallback.ts';

const BASE = 'https://app.example/models/missing/';
const INDEX_HTML = '<!doctype html>\n<html lang="en"><head><title>App</title></head><body></body></html>';
const utf8 = new TextEncoder();

/** A SPA host: every path answers 200 with the app's index.html (as Vite's dev and preview servers do). */
function spaHost(contentType: string | null = 'text/html') {
  const requests: string[] = [];
  return {
    requests,
    fetch: async (url: string, init: RequestInit = {}) => {
      requests.push(`${init.method ?? 'GET'} ${url}`);
      const headers: Record<string, string> = contentType === null ? {} : { 'content-type': contentType };
      return new Response(init.method === 'HEAD' ? null : INDEX_HTML, { status: 200, headers });
    },
  };
}

describe('HTML in place of a model file', () => {
  it('recognises HTML by content type and by the body start', () => {
    expect(isHtmlContentType('text/html')).toBe(true);
    expect(isHtmlContentType('text/html; charset=utf-8')).toBe(true);
    expect(isHtmlContentType('application/xhtml+xml')).toBe(true);
    expect(isHtmlContentType('application/json')).toBe(false);
    expect(isHtmlContentType(null)).toBe(false);
    expect(startsLikeHtml(utf8.encode(INDEX_HTML))).toBe(true);
    expect(startsLikeHtml(utf8.encode('\ufeff  \n<!DOCTYPE HTML><html>'))).toBe(true);
    expect(startsLikeHtml(utf8.encode('<html><body>'))).toBe(true);
    expect(startsLikeHtml(utf8.encode('<head>'))).toBe(true);
    expect(startsLikeHtml(utf8.encode('{"format_version": 1}'))).toBe(false);
    expect(startsLikeHtml(utf8.encode('<?xml version="1.0"?>'))).toBe(false);
    expect(startsLikeHtml(Uint8Array.of(0x08, 0x07, 0x12, 0x3c, 0x68))).toBe(false); // ONNX protobuf
    expect(startsLikeHtml(new Uint8Array(0))).toBe(false);
    expect(looksLikeHtml('application/octet-stream', utf8.encode(INDEX_HTML))).toBe(true);
  });

  it('a missing manifest answered by the SPA fallback is EARSHOT_ERR_MODEL_FILE_MISSING naming the file and URL, not "not valid JSON"', async () => {
    for (const contentType of ['text/html', null]) {
      const host = spaHost(contentType);
      const source = new CachedModelSource(BASE, { store: new MemoryByteStore(), fetch: host.fetch });
      const failure = await ModelFolder.open(source).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 'EARSHOT_ERR_MODEL_FILE_MISSING' });
      const message = (failure as Error).message;
      expect(message).toContain('an HTML page (a SPA fallback?) instead of earshot-model.json at');
      expect(message).toContain(`${BASE}earshot-model.json`);
      expect(message).not.toMatch(/valid JSON/);
      expect(host.requests).toEqual([`GET ${BASE}earshot-model.json`]); // final at once, no retries
    }
  });

  it('a model file answered with HTML fails at once with the file and URL; HEAD with HTML counts as absent', async () => {
    const host = spaHost();
    const store = new MemoryByteStore();
    const failure = await downloadWithResume(`${BASE}encoder.onnx`, {
      fetch: host.fetch,
      store,
      partialKey: 'p',
      file: 'encoder.onnx',
    }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'EARSHOT_ERR_MODEL_FILE_MISSING' });
    expect((failure as Error).message).toContain(`instead of encoder.onnx at ${BASE}encoder.onnx`);
    expect(host.requests).toHaveLength(1);

    // Without a content type, the body start gives it away.
    const untyped = spaHost(null);
    await expect(
      downloadWithResume(`${BASE}config.json`, {
        fetch: untyped.fetch,
        store,
        partialKey: 'q',
        file: 'config.json',
      }),
    ).rejects.toMatchObject({ code: 'EARSHOT_ERR_MODEL_FILE_MISSING' });

    // A folder without a manifest (404) on a SPA host: optional files answered with HTML are absent.
    const mixed = {
      fetch: async (url: string, init: RequestInit = {}) =>
        url.endsWith('earshot-model.json')
          ? new Response('not found', { status: 404 })
          : host.fetch(url, init),
    };
    const source = new CachedModelSource(BASE, { store: new MemoryByteStore(), fetch: mixed.fetch });
    expect(await source.exists('generation_config.json')).toBe(false);
  });

  it('EARSHOT_ERR_RUNTIME_LOAD is in the catalogue, as a web error with a when text', () => {
    expect(ERROR_CODES.EARSHOT_ERR_RUNTIME_LOAD).toMatchObject({
      code: 'EARSHOT_ERR_RUNTIME_LOAD',
      scope: 'web',
      type: 'server_error',
    });
    expect(ERROR_CODES.EARSHOT_ERR_RUNTIME_LOAD.when).toMatch(/WebAssembly.*URL/);
  });
});
