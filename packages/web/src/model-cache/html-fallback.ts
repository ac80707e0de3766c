/**
 * Recognises an HTML page served in place of a model file: single-page-app hosts (Vite, Netlify,
 * a `try_files … /index.html` rule) answer a missing path with `200 OK` and the app's
 * `index.html`, which would otherwise surface as "earshot-model.json: is not valid JSON" or a
 * broken graph. The error names the file and the URL that answered.
 */
import { ModelLoadError } from '@earshot/core/model';

/** Bytes of the body start looked at (after a BOM and whitespace). */
const SNIFF_BYTES = 64;

/** Whether a `Content-Type` header value is HTML (`text/html`, `application/xhtml+xml`). */
export function isHtmlContentType(contentType: string | null | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'text/html' || type === 'application/xhtml+xml';
}

/** Whether `bytes` start (after a UTF-8 BOM and whitespace) like an HTML document: `<!doctype html`, `<html`, `<head`. */
export function startsLikeHtml(bytes: Uint8Array): boolean {
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  while (start < bytes.length && isSpace(bytes[start] ?? 0)) start++;
  if (bytes[start] !== 0x3c /* < */) return false;
  let head = '';
  for (let i = start; i < Math.min(bytes.length, start + SNIFF_BYTES); i++)
    head += String.fromCharCode(bytes[i] ?? 0);
  return /^<(!doctype\s+html|html[\s>]|head[\s>])/i.test(head);
}

/** Whether an answer (its content type, and the body start when known) is an HTML page. */
export function looksLikeHtml(contentType: string | null | undefined, body?: Uint8Array): boolean {
  return isHtmlContentType(contentType) || (body !== undefined && startsLikeHtml(body));
}

/** The error for an HTML page served instead of `file` at `url`: `EARSHOT_ERR_MODEL_FILE_MISSING`, naming both. */
export function htmlFallbackError(file: string, url: string): ModelLoadError {
  return new ModelLoadError(
    'EARSHOT_ERR_MODEL_FILE_MISSING',
    file,
    `the server answered with an HTML page (a SPA fallback?) instead of ${file} at ${url}. The model folder is probably not where the page looks for it: check the element's \`model\` URL and that the host serves the folder (a missing file must be a 404, not the app's index.html).`,
  );
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x0c;
}
