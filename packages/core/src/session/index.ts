// Session: the transport-agnostic Realtime transcription session state machine.
export { applySessionUpdate, type ConfigRules, DEFAULT_SERVER_VAD, initialSession } from './config.ts';
export {
  RealtimeSession,
  type RealtimeSessionOptions,
  resolveLimits,
  type SessionLimits,
} from './realtime-session.ts';
export {
  type HostSessionOptions,
  type HostTransport,
  refuseConnection,
  SessionHost,
  urlRefusal,
} from './session-host.ts';
