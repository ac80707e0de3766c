/** TEST ONLY: a WebSocket handshake on a bare TCP socket, to send broken or partial frames. */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Socket } from 'node:net';

/** Upgrades `url` (ws://) and resolves to the raw socket once the server answered 101. */
export function rawUpgrade(url: string): Promise<Socket> {
  const target = new URL(url.replace(/^ws/, 'http'));
  return new Promise((resolve, reject) => {
    const req = request(target, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-key': randomBytes(16).toString('base64'),
        'sec-websocket-version': '13',
      },
    });
    req.on('upgrade', (_res, socket) => resolve(socket));
    req.on('response', (res) => reject(new Error(`HTTP ${res.statusCode}`)));
    req.on('error', reject);
    req.end();
  });
}

/** The header of a masked client text frame announcing `length` payload bytes (FIN set). */
export function textFrameHeader(length: number): { header: Buffer; mask: Buffer } {
  const mask = randomBytes(4);
  let header: Buffer;
  if (length < 126) header = Buffer.from([0x81, 0x80 | length]);
  else if (length < 65536) {
    header = Buffer.alloc(4);
    header.writeUInt8(0x81, 0);
    header.writeUInt8(0x80 | 126, 1);
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header.writeUInt8(0x81, 0);
    header.writeUInt8(0x80 | 127, 1);
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return { header: Buffer.concat([header, mask]), mask };
}

/** Masks `payload` with `mask` (RFC 6455 §5.3). */
export function maskPayload(payload: Buffer, mask: Buffer): Buffer {
  const out = Buffer.alloc(payload.length);
  for (let i = 0; i < payload.length; i++) out[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
  return out;
}
