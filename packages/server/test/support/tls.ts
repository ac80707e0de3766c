/**
 * TEST ONLY: a self-signed certificate for 127.0.0.1, made at test time with `selfsigned` (pure
 * JavaScript: no `openssl` binary needed, so it works the same on every developer OS and in CI).
 */
import { generate } from 'selfsigned';

/** PEM certificate and private key valid for `127.0.0.1` and `localhost`. */
export async function selfSignedCert(): Promise<{ cert: string; key: string }> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
