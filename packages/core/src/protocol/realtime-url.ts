/**
 * Which Realtime URLs open a transcription session — the same rule in every host (the server's
 * upgrade, the page's `LocalRealtimeSocket`):
 * - `?intent=transcription`: yes; any other `intent` (e.g. `conversation`): `not_supported`;
 * - `?model=<any>` (SDK v6 can only build such URLs): yes, as a transcription session;
 * - neither: yes by default; in strict OpenAI mode `missing_model`, as OpenAI answers.
 * A refusal is sent as an `error` event after the connection opens, then a close with `closeCode`.
 */
import type { ErrorCode } from '../errors/index.ts';

/** The only session kind Earshot serves. */
export const TRANSCRIPTION_INTENT = 'transcription';

/** A refused URL: the error to send, its param, and the close code that follows. */
export interface UrlRefusal {
  readonly code: ErrorCode;
  readonly message: string;
  readonly param: string | null;
  readonly closeCode: number;
}

/** Checks a Realtime URL's query; returns null when it opens a transcription session. */
export function checkRealtimeUrl(url: URL, options: { readonly strict?: boolean } = {}): UrlRefusal | null {
  const intent = url.searchParams.get('intent');
  const model = url.searchParams.get('model');
  if (intent !== null && intent !== TRANSCRIPTION_INTENT) {
    return {
      code: 'not_supported',
      message: `Invalid value for 'intent': ${JSON.stringify(intent.slice(0, 64))}. Earshot serves '${TRANSCRIPTION_INTENT}' sessions only.`,
      param: 'intent',
      closeCode: 4000,
    };
  }
  if (intent === null && model === null && options.strict === true) {
    return {
      code: 'missing_model',
      message: "Missing required parameter: 'model'. Pass ?intent=transcription for a transcription session.",
      param: 'model',
      closeCode: 4000,
    };
  }
  return null;
}
