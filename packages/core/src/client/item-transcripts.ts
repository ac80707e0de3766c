/**
 * `ItemTranscripts`: folds the server events of one session into the text of each item — the
 * joined deltas, the stable/tentative split of the `earshot.transcription.partial` extension, the
 * final transcript or the failure — in the order items appeared.
 */
import type { ErrorDetails } from '../errors/index.ts';
import type { ServerEvent } from '../protocol/server-events.ts';

/** One item's text as a client knows it. */
export interface ItemTranscript {
  readonly itemId: string;
  /** Every delta received, joined (what a standard client shows while the user speaks). */
  readonly deltas: string;
  /** Text that will not change: the deltas, or the extension's `stable` when larger. */
  readonly stable: string;
  /** The tentative tail (extension only; '' otherwise and once final). */
  readonly tentative: string;
  /** The transcript of `completed`, or null until then. */
  readonly final: string | null;
  /** The error of `…transcription.failed`, or null. */
  readonly failed: Omit<ErrorDetails, 'event_id' | 'param'> | null;
}

/** Whether an item has its terminal event (`completed` or `failed`). */
export const isSettled = (item: ItemTranscript): boolean => item.final !== null || item.failed !== null;

export class ItemTranscripts {
  private readonly items = new Map<string, ItemTranscript>();

  /** Applies one server event; returns the item it changed (or null). */
  apply(event: ServerEvent): ItemTranscript | null {
    switch (event.type) {
      case 'input_audio_buffer.speech_started':
      case 'input_audio_buffer.committed':
        return this.items.has(event.item_id) ? null : this.set(this.item(event.item_id));
      case 'conversation.item.input_audio_transcription.delta': {
        const item = this.item(event.item_id);
        if (isSettled(item)) return null;
        const deltas = item.deltas + event.delta;
        // Deltas past the extension's stable text make its tentative tail stale.
        const ahead = deltas.length > item.stable.length;
        return this.set({
          ...item,
          deltas,
          stable: ahead ? deltas : item.stable,
          tentative: ahead ? '' : item.tentative,
        });
      }
      case 'earshot.transcription.partial': {
        const item = this.item(event.item_id);
        if (isSettled(item)) return null;
        return this.set({ ...item, stable: event.stable, tentative: event.tentative });
      }
      case 'conversation.item.input_audio_transcription.completed': {
        const item = this.item(event.item_id);
        return this.set({ ...item, stable: event.transcript, tentative: '', final: event.transcript });
      }
      case 'conversation.item.input_audio_transcription.failed': {
        const item = this.item(event.item_id);
        const { type, code, message } = event.error;
        return this.set({ ...item, tentative: '', failed: { type, code, message } });
      }
      default:
        return null;
    }
  }

  /** The item `itemId`, if seen. */
  get(itemId: string): ItemTranscript | undefined {
    return this.items.get(itemId);
  }

  /** Every item seen, in order of appearance. */
  list(): ItemTranscript[] {
    return [...this.items.values()];
  }

  /** The final transcripts of the completed items, in order, joined by a space. */
  text(): string {
    return this.list()
      .flatMap((item) => (item.final ? [item.final] : []))
      .join(' ');
  }

  private item(itemId: string): ItemTranscript {
    return (
      this.items.get(itemId) ?? { itemId, deltas: '', stable: '', tentative: '', final: null, failed: null }
    );
  }

  private set(item: ItemTranscript): ItemTranscript {
    this.items.set(item.itemId, item);
    return item;
  }
}
