/**
 * The one catalogue of every error code Earshot raises or sends — protocol errors (OpenAI's codes
 * where OpenAI has one, Earshot's own marked `earshot: true`) and the `EARSHOT_ERR_…` codes of
 * model loading, WAV files and the browser host — each with its OpenAI error class, HTTP status
 * and, where the error ends the connection, the WebSocket close code.
 * docs/reference/errors.md lists them all (a test keeps it complete).
 */

/** One catalogue entry. */
export interface ErrorCodeInfo {
  /** Equal to the entry's key (a test checks it). */
  readonly code: string;
  /** OpenAI error class put in `error.type`. */
  readonly type: 'invalid_request_error' | 'server_error' | 'authentication_error' | 'rate_limit_error';
  /** Where the code is raised: the Realtime/REST protocol, or a library surface (never on the wire). */
  readonly scope?: 'protocol' | 'model' | 'audio' | 'web';
  /** WebSocket close code sent after the error, when the error ends the connection. */
  readonly closeCode?: number;
  /** HTTP status for the REST endpoints and refusals before the upgrade. */
  readonly httpStatus: number;
  /** True when the code is Earshot's own rather than OpenAI's. */
  readonly earshot?: boolean;
  /** When it is sent, in one sentence. */
  readonly when: string;
}

const entry = <K extends string, I extends Omit<ErrorCodeInfo, 'code'>>(code: K, info: I) =>
  ({ code, ...info }) as const;

/** Every error code, keyed by code. */
export const ERROR_CODES = {
  invalid_json: entry('invalid_json', {
    type: 'invalid_request_error',
    httpStatus: 400,
    when: 'A text frame is not valid JSON.',
  }),
  invalid_event: entry('invalid_event', {
    type: 'invalid_request_error',
    httpStatus: 400,
    when: 'A frame is binary, its JSON is not an object with a string `type`, or it holds more than 10,000 fields and array items.',
  }),
  invalid_value: entry('invalid_value', {
    type: 'invalid_request_error',
    httpStatus: 400,
    when: 'A field has a value outside its allowed set (unknown event type, rate, enum, bad base64).',
  }),
  invalid_type: entry('invalid_type', {
    type: 'invalid_request_error',
    httpStatus: 400,
    when: 'A field has the wrong JSON type.',
  }),
  unknown_parameter: entry('unknown_parameter', {
    type: 'invalid_request_error',
    httpStatus: 400,
    when: 'An event or session object has a field the protocol does not define.',
  }),
  missing_required_parameter: entry('missing_required_parameter', {
    type: 'invalid_request_error',
    httpStatus: 400,
    when: 'A required field is absent.',
  }),
  integer_below_min_value: entry('integer_below_min_value', {
    type: 'invalid_request_error',
    httpStatus: 400,
    when: 'An integer field is below its minimum (e.g. a PCM rate under 24000 in strict mode).',
  }),
  integer_above_max_value: entry('integer_above_max_value', {
    type: 'invalid_request_error',
    httpStatus: 400,
    when: 'An integer field is above its maximum.',
  }),
  decimal_below_min_value: entry('decimal_below_min_value', {
    type: 'invalid_request_error',
    httpStatus: 400,
    when: 'A number field is below its minimum.',
  }),
  decimal_above_max_value: entry('decimal_above_max_value', {
    type: 'invalid_request_error',
    httpStatus: 400,
    when: 'A number field is above its maximum.',
  }),
  string_above_max_length: entry('string_above_max_length', {
    type: 'invalid_request_error',
    httpStatus: 400,
    when: 'A string field (e.g. an id or prompt) is longer than allowed.',
  }),
  not_supported: entry('not_supported', {
    type: 'invalid_request_error',
    httpStatus: 400,
    earshot: true,
    when: 'A valid request Earshot does not implement: semantic_vad, or a model it does not serve.',
  }),
  input_audio_buffer_commit_empty: entry('input_audio_buffer_commit_empty', {
    type: 'invalid_request_error',
    httpStatus: 400,
    when: 'A commit finds less than 100 ms of audio in the input buffer.',
  }),
  input_audio_buffer_overflow: entry('input_audio_buffer_overflow', {
    type: 'invalid_request_error',
    httpStatus: 413,
    earshot: true,
    when: 'An append would take the input buffer past its cap; the audio up to the cap is kept.',
  }),
  event_too_large: entry('event_too_large', {
    type: 'invalid_request_error',
    httpStatus: 413,
    earshot: true,
    when: 'A client event is larger than the maximum event size (15 MiB by default); it is ignored.',
  }),
  item_not_found: entry('item_not_found', {
    type: 'invalid_request_error',
    httpStatus: 404,
    when: 'An item id names no item of this session.',
  }),
  session_expired: entry('session_expired', {
    type: 'invalid_request_error',
    httpStatus: 400,
    closeCode: 4000,
    when: 'The session reached its maximum duration (60 min by default).',
  }),
  idle_timeout: entry('idle_timeout', {
    type: 'invalid_request_error',
    httpStatus: 408,
    closeCode: 4000,
    earshot: true,
    when: 'The client sent nothing for longer than the idle timeout.',
  }),
  too_many_sessions: entry('too_many_sessions', {
    type: 'rate_limit_error',
    httpStatus: 429,
    closeCode: 4000,
    earshot: true,
    when: 'The server already holds its maximum number of concurrent sessions.',
  }),
  invalid_api_key: entry('invalid_api_key', {
    type: 'invalid_request_error',
    httpStatus: 401,
    closeCode: 3000,
    when: 'The API key is missing or not accepted.',
  }),
  origin_not_allowed: entry('origin_not_allowed', {
    type: 'invalid_request_error',
    httpStatus: 403,
    earshot: true,
    when: "A browser request comes from an Origin not on the server's allow-list (refused before the upgrade).",
  }),
  file_too_large: entry('file_too_large', {
    type: 'invalid_request_error',
    httpStatus: 413,
    earshot: true,
    when: 'An uploaded audio file is larger than the maximum file size (25 MiB by default).',
  }),
  request_too_large: entry('request_too_large', {
    type: 'invalid_request_error',
    httpStatus: 413,
    earshot: true,
    when: "A request body is larger than the maximum file size plus 1 MiB for the form's other fields (by its `Content-Length`, or as it arrives).",
  }),
  slow_consumer: entry('slow_consumer', {
    type: 'server_error',
    httpStatus: 503,
    closeCode: 1008,
    earshot: true,
    when: 'The client reads server events too slowly and its outgoing buffer passed the cap.',
  }),
  inference_failed: entry('inference_failed', {
    type: 'server_error',
    httpStatus: 500,
    earshot: true,
    when: 'The recognizer failed on an item (sent in `…transcription.failed`).',
  }),
  input_audio_buffer_cleared: entry('input_audio_buffer_cleared', {
    type: 'invalid_request_error',
    httpStatus: 409,
    earshot: true,
    when: 'The client cleared the input audio buffer while it held an item the client had already seen (speech_started or deltas); sent in `…transcription.failed` for that item.',
  }),
  missing_model: entry('missing_model', {
    type: 'invalid_request_error',
    httpStatus: 400,
    closeCode: 4000,
    when: 'Strict OpenAI mode: the Realtime URL names neither `model` nor `intent`.',
  }),
  server_error: entry('server_error', {
    type: 'server_error',
    httpStatus: 500,
    when: 'An unexpected internal failure; the session keeps running.',
  }),
  EARSHOT_ERR_MODEL_FILE_MISSING: entry('EARSHOT_ERR_MODEL_FILE_MISSING', {
    type: 'server_error',
    httpStatus: 500,
    earshot: true,
    scope: 'model',
    when: 'A file the model folder must have is absent.',
  }),
  EARSHOT_ERR_MODEL_FILE_SIZE: entry('EARSHOT_ERR_MODEL_FILE_SIZE', {
    type: 'server_error',
    httpStatus: 500,
    earshot: true,
    scope: 'model',
    when: "A file's size differs from the manifest.",
  }),
  EARSHOT_ERR_MODEL_CHECKSUM: entry('EARSHOT_ERR_MODEL_CHECKSUM', {
    type: 'server_error',
    httpStatus: 500,
    earshot: true,
    scope: 'model',
    when: "A file's SHA-256 differs from the manifest (or, in `earshot pull`, from the hub's).",
  }),
  EARSHOT_ERR_MODEL_CONFIG: entry('EARSHOT_ERR_MODEL_CONFIG', {
    type: 'server_error',
    httpStatus: 500,
    earshot: true,
    scope: 'model',
    when: 'A JSON file of the model folder is unreadable or breaks its schema (the message names the field).',
  }),
  EARSHOT_ERR_MODEL_GRAPH: entry('EARSHOT_ERR_MODEL_GRAPH', {
    type: 'server_error',
    httpStatus: 500,
    earshot: true,
    scope: 'model',
    when: 'ONNX Runtime cannot load a graph, or its input/output names, ranks or dtypes differ from the contract.',
  }),
  EARSHOT_ERR_MODEL_DEVICE: entry('EARSHOT_ERR_MODEL_DEVICE', {
    type: 'server_error',
    httpStatus: 500,
    earshot: true,
    scope: 'model',
    when: 'The device asked for (`--device cuda`) has no execution provider in this ONNX Runtime install.',
  }),
  EARSHOT_ERR_MODEL_VARIANT: entry('EARSHOT_ERR_MODEL_VARIANT', {
    type: 'server_error',
    httpStatus: 500,
    earshot: true,
    scope: 'model',
    when: 'No variant of the model runs with the available features.',
  }),
  EARSHOT_ERR_MODEL_ABORTED: entry('EARSHOT_ERR_MODEL_ABORTED', {
    type: 'server_error',
    httpStatus: 499,
    earshot: true,
    scope: 'model',
    when: 'Loading (or a pull) was cancelled by its signal.',
  }),
  EARSHOT_ERR_MODEL_DOWNLOAD: entry('EARSHOT_ERR_MODEL_DOWNLOAD', {
    type: 'server_error',
    httpStatus: 502,
    earshot: true,
    scope: 'model',
    when: 'A model file could not be downloaded (network or HTTP error, after retries).',
  }),
  EARSHOT_ERR_WAV_FORMAT: entry('EARSHOT_ERR_WAV_FORMAT', {
    type: 'invalid_request_error',
    httpStatus: 400,
    earshot: true,
    scope: 'audio',
    when: 'A WAV file is malformed (header, chunk sizes, missing `fmt ` or `data`).',
  }),
  EARSHOT_ERR_WAV_UNSUPPORTED: entry('EARSHOT_ERR_WAV_UNSUPPORTED', {
    type: 'invalid_request_error',
    httpStatus: 400,
    earshot: true,
    scope: 'audio',
    when: 'A well-formed WAV file in an encoding Earshot does not read (only PCM 8/16/24/32-bit and float 32/64).',
  }),
  EARSHOT_ERR_MIC_PERMISSION: entry('EARSHOT_ERR_MIC_PERMISSION', {
    type: 'invalid_request_error',
    httpStatus: 403,
    earshot: true,
    scope: 'web',
    when: 'The user or the browser denied microphone access.',
  }),
  EARSHOT_ERR_MIC_NOT_FOUND: entry('EARSHOT_ERR_MIC_NOT_FOUND', {
    type: 'invalid_request_error',
    httpStatus: 404,
    earshot: true,
    scope: 'web',
    when: 'No microphone matches the request.',
  }),
  EARSHOT_ERR_MIC_BUSY: entry('EARSHOT_ERR_MIC_BUSY', {
    type: 'server_error',
    httpStatus: 503,
    earshot: true,
    scope: 'web',
    when: 'The microphone exists but could not be opened (in use, or a hardware error).',
  }),
  EARSHOT_ERR_MIC_UNSUPPORTED: entry('EARSHOT_ERR_MIC_UNSUPPORTED', {
    type: 'invalid_request_error',
    httpStatus: 400,
    earshot: true,
    scope: 'web',
    when: 'The page cannot capture audio (no getUserMedia or AudioWorklet; insecure context).',
  }),
  EARSHOT_ERR_DOWNLOAD: entry('EARSHOT_ERR_DOWNLOAD', {
    type: 'server_error',
    httpStatus: 502,
    earshot: true,
    scope: 'web',
    when: 'A model file could not be downloaded into the page.',
  }),
  EARSHOT_ERR_RUNTIME_LOAD: entry('EARSHOT_ERR_RUNTIME_LOAD', {
    type: 'server_error',
    httpStatus: 502,
    earshot: true,
    scope: 'web',
    when: 'The ONNX Runtime WebAssembly files (`ort-wasm-….wasm`/`.mjs`) could not be fetched or instantiated in the page; the message names the URL (offline without the service worker cache, a wrong `wasmPaths`, a blocked or HTML answer).',
  }),
  EARSHOT_ERR_STORAGE_QUOTA: entry('EARSHOT_ERR_STORAGE_QUOTA', {
    type: 'server_error',
    httpStatus: 507,
    earshot: true,
    scope: 'web',
    when: 'The origin lacks the storage quota to cache the model (the message gives the size).',
  }),
  EARSHOT_ERR_ENGINE: entry('EARSHOT_ERR_ENGINE', {
    type: 'server_error',
    httpStatus: 500,
    earshot: true,
    scope: 'web',
    when: 'The in-page engine (Web Worker) failed or was unloaded.',
  }),
  EARSHOT_ERR_WORKER_LOST: entry('EARSHOT_ERR_WORKER_LOST', {
    type: 'server_error',
    httpStatus: 503,
    closeCode: 1011,
    earshot: true,
    scope: 'web',
    when: 'The engine Web Worker crashed (its `error` event) or was terminated: pending calls reject with it, and each open local session gets it as an `error` event, then close 1011.',
  }),
  EARSHOT_ERR_CONNECTION: entry('EARSHOT_ERR_CONNECTION', {
    type: 'server_error',
    httpStatus: 502,
    earshot: true,
    scope: 'web',
    when: 'The Realtime connection failed or closed unexpectedly.',
  }),
  EARSHOT_ERR_AUDIO_FILE: entry('EARSHOT_ERR_AUDIO_FILE', {
    type: 'invalid_request_error',
    httpStatus: 400,
    earshot: true,
    scope: 'web',
    when: 'An audio file could not be decoded.',
  }),
} as const satisfies Record<string, ErrorCodeInfo>;

/** Every error code Earshot raises or sends. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes that end a connection (their entry has a close code). */
export type ClosingErrorCode = {
  [K in ErrorCode]: (typeof ERROR_CODES)[K] extends { readonly closeCode: number } ? K : never;
}[ErrorCode];

/** Whether `code` is in the catalogue (for codes that crossed a boundary as plain strings). */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}

/** The catalogue entry of `code`. */
export function errorInfo(code: ErrorCode): ErrorCodeInfo {
  return ERROR_CODES[code];
}
