/**
 * TEST ONLY: how a Realtime URL's query decides the session, the same in every host (server
 * upgrade, in-page socket): each case with what the client must see.
 */

/** One URL case: the query, whether strict OpenAI mode is on, and the expected outcome. */
export interface UrlCase {
  readonly query: string;
  readonly strict: boolean;
  /** `session.created` of a transcription session, or an error code followed by a close code. */
  readonly expect:
    | { readonly session: 'transcription' }
    | { readonly error: string; readonly param: string; readonly close: number };
}

export const URL_CASES: readonly UrlCase[] = [
  { query: 'intent=transcription', strict: false, expect: { session: 'transcription' } },
  { query: 'model=gpt-4o-transcribe', strict: false, expect: { session: 'transcription' } },
  { query: '', strict: false, expect: { session: 'transcription' } },
  {
    query: 'intent=conversation',
    strict: false,
    expect: { error: 'not_supported', param: 'intent', close: 4000 },
  },
  { query: 'intent=transcription', strict: true, expect: { session: 'transcription' } },
  { query: 'model=gpt-live-transcribe', strict: true, expect: { session: 'transcription' } },
  { query: '', strict: true, expect: { error: 'missing_model', param: 'model', close: 4000 } },
  {
    query: 'intent=conversation',
    strict: true,
    expect: { error: 'not_supported', param: 'intent', close: 4000 },
  },
];

/** A readable name for a case. */
export function caseName(c: UrlCase): string {
  const outcome =
    'session' in c.expect ? 'a transcription session' : `${c.expect.error}, close ${c.expect.close}`;
  return `${c.query === '' ? '(no query)' : `?${c.query}`}${c.strict ? ' in strict mode' : ''} → ${outcome}`;
}
