/**
 * A bound on the structure of a client frame, checked on its text before `JSON.parse`: parsing
 * and validating an object of a million fields takes seconds (V8 builds dictionary objects, the
 * validator visits every field), while the largest legitimate event (a `session.update` with
 * 100 languages and 100 keywords) has a few hundred. Bulk data (base64 audio) lives in strings,
 * which the scan skips at `indexOf` speed.
 */

/** Most fields of objects plus items of arrays in one client event, all levels together. */
export const MAX_EVENT_MEMBERS = 10_000;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;

/**
 * True when the JSON `text` holds more than `max` members: each object or array opened counts
 * one, each comma between members one more (so `{"a":1,"b":2}` counts 2, `[]` 1). Malformed
 * text is not judged here (the parser reports it).
 */
export function exceedsMembers(text: string, max: number = MAX_EVENT_MEMBERS): boolean {
  if (text.length <= max) return false;
  let count = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (end < 0) return false;
      i = end + 1;
      continue;
    }
    if ((c === COMMA || c === OPEN_BRACKET || c === OPEN_BRACE) && ++count > max) return true;
    i++;
  }
  return false;
}

/** Index of the quote that closes the string opened at `open`, or -1 when none does. */
function stringEnd(text: string, open: number): number {
  let from = open + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return -1;
    // Escaped when an odd number of backslashes precede it (runs between quotes are disjoint: linear).
    let b = quote - 1;
    while (b > open && text.charCodeAt(b) === BACKSLASH) b--;
    if ((quote - 1 - b) % 2 === 0) return quote;
    from = quote + 1;
  }
}
