// The Realtime transcription conformance suite: checks, their runner and report, the test
// client with field-by-field schemas of every server event, and audio helpers.
export {
  type Check,
  type CheckProfile,
  type Clip,
  type ConformanceTarget,
  conformanceChecks,
} from './checks.ts';
export { TestClient, type WebSocketLike, type WireError, type WireEvent } from './client.ts';
export { CheckFailure, expect } from './expect.ts';
export { caseName, URL_CASES, type UrlCase } from './realtime-url-cases.ts';
export { type CheckResult, formatReport, type RunOptions, runChecks } from './run.ts';
export {
  type KnownServerEventType,
  SERVER_EVENT_SCHEMAS,
  schemaViolation,
  transcriptionSession,
} from './schemas.ts';
export { wireSessionUpdate } from './session-update.ts';
export { clipOf, conformanceClips, SPEECH_CLIPS } from './speech-clips.ts';
export { wordErrorRate } from './wer.ts';
