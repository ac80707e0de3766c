/** Reads a `multipart/form-data` request body (busboy): text fields and one file, under a size cap. */
import type { IncomingMessage } from 'node:http';
import { EarshotError } from '@earshot/core/errors';
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

/** Most bytes of one text field (a prompt is at most 8192 characters). */
const MAX_FIELD_BYTES = 64 * 1024;
/** Most fields and files in one form. */
const MAX_FIELDS = 64;

/** Parses the request's multipart body; the file field must be named `file` and hold at most `maxFileBytes`. */
export function readMultipart(req: IncomingMessage, maxFileBytes: number): Promise<UploadedForm> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: maxFileBytes, files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES },
      });
    } catch {
      reject(new EarshotError('invalid_value', 'The request body must be multipart/form-data.'));
      return;
    }
    const fields = new Map<string, string[]>();
    let file: UploadedFile | null = null;
    let failure: EarshotError | null = null;
    const fail = (error: EarshotError) => {
      failure ??= error;
      req.unpipe(parser);
      req.resume();
      reject(failure);
    };
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) return fail(new EarshotError('invalid_value', `Field '${name}' is too long.`));
      fields.set(name, [...(fields.get(name) ?? []), value]);
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file') {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () =>
        fail(
          new EarshotError(
            'file_too_large',
            `The file is larger than the maximum of ${maxFileBytes} bytes.`,
            {
              param: 'file',
            },
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
    parser.on('error', () => fail(new EarshotError('invalid_value', 'The multipart body is malformed.')));
    parser.on('close', () => {
      if (failure === null) resolve({ fields, file });
    });
    req.pipe(parser);
  });
}
