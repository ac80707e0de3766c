import type { TranscriptionItem } from '../protocol/server-events.ts';

/** The user item a commit creates (transcript null until completed, as on OpenAI's wire). */
export function userAudioItem(id: string, transcript: string | null = null): TranscriptionItem {
  return {
    id,
    type: 'message',
    object: 'realtime.item',
    status: 'completed',
    role: 'user',
    content: [{ type: 'input_audio', transcript }],
  };
}
