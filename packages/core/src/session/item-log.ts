/** The committed items of a session, for `conversation.item.retrieve`/`delete` (bounded). */
import { EarshotError, quoteName } from '../errors/index.ts';
import type { TranscriptionItem } from '../protocol/server-events.ts';
import { userAudioItem } from './items.ts';
import type { ItemRecognition } from './recognition-scheduler.ts';

/** How many committed items a session remembers; older ones are forgotten. */
export const MAX_REMEMBERED_ITEMS = 256;

interface Entry {
  readonly recognition: ItemRecognition;
  transcript: string | null;
}

export class ItemLog {
  private readonly entries = new Map<string, Entry>();

  /** Records a newly committed item. */
  add(recognition: ItemRecognition): void {
    this.entries.set(recognition.itemId, { recognition, transcript: null });
    if (this.entries.size > MAX_REMEMBERED_ITEMS) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** Stores an item's final transcript. */
  setTranscript(itemId: string, transcript: string): void {
    const entry = this.entries.get(itemId);
    if (entry !== undefined) entry.transcript = transcript;
  }

  /** The item with `itemId`; throws `item_not_found`. */
  get(itemId: string): TranscriptionItem {
    const entry = this.entryOf(itemId);
    return userAudioItem(itemId, entry.transcript);
  }

  /** Forgets an item, cancelling its recognition if still running; throws `item_not_found`. */
  delete(itemId: string): void {
    this.entryOf(itemId).recognition.cancel();
    this.entries.delete(itemId);
  }

  /** Cancels every item's recognition (session closed). */
  cancelAll(): void {
    for (const entry of this.entries.values()) entry.recognition.cancel();
  }

  private entryOf(itemId: string): Entry {
    const entry = this.entries.get(itemId);
    if (entry === undefined) {
      throw new EarshotError('item_not_found', `Item with item_id ${quoteName(itemId)} not found.`, {
        param: 'item_id',
      });
    }
    return entry;
  }
}
