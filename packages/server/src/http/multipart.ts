/**
 * Reads a `multipart/form-data` request body (busboy): text fields and one file, under a cap on
 * the file and on the whole body, and settles however the request ends — a client that goes away
 * mid-body rejects the read (`RequestAborted`), so that whoever waits on it releases what it holds.
 */
import type { IncomingMessage } from 'node:http';
import { EarshotError, quoteName } from '@earshot/core/errors';
import busboy from 'busboy';

/** An uploaded file. */
export interface UploadedFile {
  readonly bytes: Uint8Array;
  readonly filename: string;
  readonly mimeType: string;
}

/** A parsed form: every text field (repeated names keep every value) and the `file` field. */
export interface UploadedForm {
  readonly fields: ReadonlyMap<string, readonly string[]>;
  readonly file: UploadedFile | null;
}

/** The caps of one form. */
export interface FormLimits {
  /** Most bytes of the `file` field (`file_too_large` past it). */
  readonly maxFileBytes: number;
  /** Most bytes of the whole body, framing and other fields included (`request_too_large` past it). */
  readonly maxBodyBytes: number;
}

/** The client went away before its body was read; nothing is to be answered. */
export class RequestAborted extends Error {
  constructor() {
    super('the client went away before the request body was read');
    this.name = 'RequestAborted';
  }
}

/** Most bytes of one text field (a prompt is at most 8192 characters). */
const MAX_FIELD_BYTES = 64 * 1024;
/** Most fields and files in one form. */
const MAX_FIELDS = 64;

/** Parses the request's multipart body; the file field must be named `file`. */
export function readMultipart(req: IncomingMessage, limits: FormLimits): Promise<UploadedForm> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    if (declared > limits.maxBodyBytes) {
      reject(bodyTooLarge(limits));
      return;
    }
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: {
          fileSize: limits.maxFileBytes,
          files: 1,
          fields: MAX_FIELDS,
          parts: MAX_FIELDS + 1,
          fieldSize: MAX_FIELD_BYTES,
        },
      });
    } catch {
      reject(new EarshotError('invalid_value', 'The request body must be multipart/form-data.'));
      return;
    }
    const fields = new Map<string, string[]>();
    let file: UploadedFile | null = null;
    let settled = false;
    let received = 0;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      req.off('data', count);
      req.off('close', closed);
      req.off('error', failed);
      if (error === null) {
        resolve({ fields, file });
        return;
      }
      // No more of the body goes to the parser; it is not destroyed here, as settle can run inside
      // its own write (a file over the limit), where destroying it breaks the chunk it is parsing.
      req.unpipe(parser);
      reject(error);
    };
    const count = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limits.maxBodyBytes) settle(bodyTooLarge(limits));
    };
    // 'close' also follows a complete body; only one that ends early is an abort.
    const closed = () => {
      if (!req.complete) settle(new RequestAborted());
    };
    const failed = () => settle(new RequestAborted());
    req.on('data', count);
    req.on('close', closed);
    req.on('error', failed);
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated)
        return settle(new EarshotError('invalid_value', `Field ${quoteName(name)} is too long.`));
      fields.set(name, [...(fields.get(name) ?? []), value]);
    });
    parser.on('file', (name, stream, info) => {
      // A part cut short (the client went away, or the read was settled early) errors its stream;
      // the read has settled by then, so that error is only dropped.
      stream.on('error', () => {});
      if (name !== 'file') {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () =>
        settle(
          new EarshotError(
            'file_too_large',
            `The file is larger than the maximum of ${limits.maxFileBytes} bytes.`,
            { param: 'file' },
          ),
        ),
      );
      stream.on('end', () => {
        const bytes = Buffer.concat(chunks);
        file = {
          bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length),
          filename: info.filename ?? 'audio',
          mimeType: info.mimeType,
        };
      });
    });
    parser.on('error', () => settle(new EarshotError('invalid_value', 'The multipart body is malformed.')));
    parser.on('close', () => settle(null));
    req.pipe(parser);
  });
}

function bodyTooLarge(limits: FormLimits): EarshotError {
  return new EarshotError(
    'request_too_large',
    `The request body is larger than the maximum of ${limits.maxBodyBytes} bytes (a file of at most ${limits.maxFileBytes} bytes and the other fields).`,
  );
}
