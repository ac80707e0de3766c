/** A place the harness can stream clips to: a Realtime server over WebSocket, or the in-page engine. */
import type { ClipRecord, StreamOptions } from './clip-record.ts';

/** What a target reports about itself for the report header. */
export interface TargetInfo {
  /** `ws://…/v1/realtime` (without credentials) or `local`. */
  readonly target: string;
  /** Free-form facts: model, backend, browser, … */
  readonly details: Readonly<Record<string, string>>;
}

/** A target: describe it, stream clips (any number at once), then close it. */
export interface Target {
  info(): Promise<TargetInfo>;
  /** Streams one clip in a fresh session; never throws (failures are the record's `errors`). */
  runClip(pcm: Uint8Array, options: StreamOptions): Promise<ClipRecord>;
  close(): Promise<void>;
}
