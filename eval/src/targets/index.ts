// Targets: the protocol driver (browser-safe) and the places it streams to.

export { type RealtimeSocketLike, SOCKET_OPEN, waitOpen } from '@earshot/core/client';
export * from './clip-record.ts';
export { streamClip } from './stream-clip.ts';
export type { Target, TargetInfo } from './target.ts';
export { realtimeUrl, WsTarget, type WsTargetOptions } from './ws-target.ts';
