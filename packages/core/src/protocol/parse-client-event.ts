/**
 * Turns one text frame into a validated client event, or into the OpenAI error that describes
 * exactly what is wrong with it. Never throws.
 */
import type { z } from 'zod';
import { capText, type ErrorCode, errorDetails, MAX_QUOTED_NAME_LENGTH, quoteName } from '../errors/index.ts';
import type { ClientEvent, ClientEventType } from './client-events.ts';
import { CLIENT_EVENT_SCHEMAS, CLIENT_EVENT_TYPES } from './client-schemas.ts';
import { exceedsMembers, MAX_EVENT_MEMBERS } from './json-members.ts';
import type { ErrorDetails } from './server-events.ts';

/** The outcome of parsing one client frame. */
export type ParseResult = { ok: true; event: ClientEvent } | { ok: false; error: ErrorDetails };

/** Options for `parseClientEvent`. */
export interface ParseOptions {
  /** Largest accepted frame, in bytes of UTF-8 text; larger frames get `event_too_large`. */
  maxBytes: number;
}

const utf8 = new TextEncoder();

/** Size of `text` in UTF-8 bytes, computed only when the UTF-16 length leaves doubt. */
function exceedsBytes(text: string, maxBytes: number): boolean {
  if (text.length > maxBytes) return true;
  if (text.length * 3 <= maxBytes) return false;
  return utf8.encode(text).byteLength > maxBytes;
}

/** Parses and validates one text frame from a client. */
export function parseClientEvent(text: string, options: ParseOptions): ParseResult {
  if (exceedsBytes(text, options.maxBytes)) {
    return fail(
      'event_too_large',
      `Event is larger than the maximum of ${options.maxBytes} bytes.`,
      null,
      null,
    );
  }
  if (exceedsMembers(text, MAX_EVENT_MEMBERS)) {
    return fail(
      'invalid_event',
      `Invalid event: more than ${MAX_EVENT_MEMBERS} fields and array items.`,
      null,
      null,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail(
      'invalid_json',
      'Invalid event: failed to parse JSON value. Events must be JSON objects.',
      null,
      null,
    );
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail('invalid_event', 'Invalid event: expected a JSON object with a string `type`.', null, null);
  }
  const record = raw as Record<string, unknown>;
  const clientEventId = typeof record.event_id === 'string' ? record.event_id.slice(0, 256) : null;
  const type = record.type;
  if (type === undefined) {
    return fail('missing_required_parameter', "Missing required parameter: 'type'.", 'type', clientEventId);
  }
  if (typeof type !== 'string') {
    return fail('invalid_type', "Invalid type for 'type': expected a string.", 'type', clientEventId);
  }
  if (!Object.hasOwn(CLIENT_EVENT_SCHEMAS, type)) {
    const supported = CLIENT_EVENT_TYPES.map((t) => `'${t}'`).join(', ');
    return fail(
      'invalid_value',
      `Invalid value: ${quoteName(type)}. Supported values are: ${supported}.`,
      'type',
      clientEventId,
    );
  }
  const schema = CLIENT_EVENT_SCHEMAS[type as ClientEventType];
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, event: result.data as ClientEvent };
  // The first issue is reported. Every array of the schemas has a maximum length, checked before
  // its items, so an array of a million bad items costs one issue, not a million.
  const issue = result.error.issues[0];
  if (issue === undefined) return fail('invalid_value', 'Invalid event.', null, clientEventId);
  const { code, message, param } = describeIssue(issue, raw);
  return fail(code, message, param, clientEventId);
}

function fail(code: ErrorCode, message: string, param: string | null, eventId: string | null): ParseResult {
  return { ok: false, error: errorDetails(code, message, param, eventId) };
}

/** Dotted path (`session.audio.input.format.rate`, `session.include[1]`). */
function pathOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** Maps a zod issue to OpenAI's code, message and param. */
function describeIssue(
  issue: z.core.$ZodIssue,
  raw: unknown,
): { code: ErrorCode; message: string; param: string } {
  const param = pathOf(issue.path);
  const value = valueAt(raw, issue.path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      // The name is the client's: a 5 MB name must not come back in `param` (see `errorDetails`).
      const key = capText(issue.keys[0] ?? '', MAX_QUOTED_NAME_LENGTH);
      const full = param === '' ? key : `${param}.${key}`;
      return { code: 'unknown_parameter', message: `Unknown parameter: ${quoteName(full)}.`, param: full };
    }
    case 'invalid_type':
      if (value === undefined) {
        return {
          code: 'missing_required_parameter',
          message: `Missing required parameter: ${quoteName(param)}.`,
          param,
        };
      }
      return {
        code: 'invalid_type',
        message: `Invalid type for ${quoteName(param)}: expected ${expectedName(issue.expected)}, but got ${jsonTypeOf(value)} instead.`,
        param,
      };
    case 'too_small':
    case 'too_big':
      return describeRange(issue, param, value);
    case 'invalid_value':
      return {
        code: 'invalid_value',
        message: `Invalid value for ${quoteName(param)}. Supported values are: ${issue.values.map((v) => quoteName(v)).join(', ')}.`,
        param,
      };
    case 'invalid_union': {
      // A discriminated union (`format`, `turn_detection`) whose `type` matched no option.
      if (value === undefined) {
        return {
          code: 'missing_required_parameter',
          message: `Missing required parameter: ${quoteName(param)}.`,
          param,
        };
      }
      const options = 'options' in issue && Array.isArray(issue.options) ? issue.options : [];
      return {
        code: 'invalid_value',
        message: `Invalid value for ${quoteName(param)}. Supported values are: ${options.map((v) => quoteName(v)).join(', ')}.`,
        param,
      };
    }
    case 'invalid_format':
      return {
        code: 'invalid_value',
        message: `Invalid value for ${quoteName(param)}: wrong format.`,
        param,
      };
    default:
      return { code: 'invalid_value', message: `Invalid value for ${quoteName(param)}.`, param };
  }
}

function expectedName(expected: string): string {
  if (expected === 'int') return 'an integer';
  if (expected === 'object' || expected === 'array') return `an ${expected}`;
  return `a ${expected}`;
}

function describeRange(
  issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig,
  param: string,
  value: unknown,
): { code: ErrorCode; message: string; param: string } {
  const small = issue.code === 'too_small';
  const bound = small
    ? (issue as z.core.$ZodIssueTooSmall).minimum
    : (issue as z.core.$ZodIssueTooBig).maximum;
  if (issue.origin === 'string') {
    return {
      code: small ? 'invalid_value' : 'string_above_max_length',
      message: `Invalid ${quoteName(param)}: string ${small ? 'too short' : 'too long'}. Expected a string with ${small ? 'minimum' : 'maximum'} length ${String(bound)}.`,
      param,
    };
  }
  if (issue.origin === 'array') {
    return {
      code: 'invalid_value',
      message: `Invalid ${quoteName(param)}: array length out of range.`,
      param,
    };
  }
  const integer = typeof value === 'number' && Number.isInteger(value);
  const code: ErrorCode = integer
    ? small
      ? 'integer_below_min_value'
      : 'integer_above_max_value'
    : small
      ? 'decimal_below_min_value'
      : 'decimal_above_max_value';
  return {
    code,
    message: `Invalid ${quoteName(param)}: ${small ? 'below minimum' : 'above maximum'} value. Expected a value ${small ? '>=' : '<='} ${String(bound)}.`,
    param,
  };
}
