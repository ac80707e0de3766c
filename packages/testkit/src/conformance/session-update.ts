/**
 * A `session.update` for a transcription session: PCM16 at 24 kHz and manual commits unless
 * `input` says otherwise (its fields replace those of `session.audio.input`), with `session`
 * fields (such as `include`) added from `extra`.
 */
export function wireSessionUpdate(
  input: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): { type: 'session.update'; session: { type: 'transcription' } & Record<string, unknown> } {
  return {
    type: 'session.update',
    session: {
      type: 'transcription',
      audio: { input: { format: { type: 'audio/pcm', rate: 24000 }, turn_detection: null, ...input } },
      ...extra,
    },
  };
}
