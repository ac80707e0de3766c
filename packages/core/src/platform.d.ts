/**
 * The Web-platform globals packages/core uses — the subset that Workers, browsers and Node ≥ 20
 * all have. Core compiles against these alone (its tsconfig has no DOM or Node types), so the
 * compiler refuses anything else; hosts compile core's sources against their full libraries.
 */
export {};

declare global {
  interface AbortSignal {
    readonly aborted: boolean;
    readonly reason: unknown;
    addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
    removeEventListener(type: 'abort', listener: () => void): void;
  }
  interface AbortController {
    readonly signal: AbortSignal;
    abort(reason?: unknown): void;
  }
  var AbortController: { new (): AbortController; prototype: AbortController };

  interface TextEncoder {
    encode(input?: string): Uint8Array<ArrayBuffer>;
  }
  var TextEncoder: { new (): TextEncoder; prototype: TextEncoder };
  interface TextDecoder {
    decode(input?: ArrayBufferView | ArrayBuffer): string;
  }
  var TextDecoder: {
    new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }): TextDecoder;
    prototype: TextDecoder;
  };

  interface URLSearchParams {
    get(name: string): string | null;
    has(name: string): boolean;
  }
  interface URL {
    readonly href: string;
    readonly pathname: string;
    readonly searchParams: URLSearchParams;
  }
  var URL: { new (url: string, base?: string): URL; prototype: URL };

  var performance: { now(): number };
  var crypto: {
    readonly subtle: {
      digest(algorithm: 'SHA-256', data: ArrayBufferView | ArrayBuffer): Promise<ArrayBuffer>;
    };
  };
  function setTimeout(handler: () => void, ms?: number): unknown;
  function clearTimeout(id: unknown): void;
  function structuredClone<T>(value: T): T;
}
