/** What a dataset is to the harness: clips with a reference text and an audio file. */

/** One clip of a dataset; the audio is read only when the clip runs. */
export interface ClipSpec {
  /** Stable id, unique in the dataset (LibriSpeech utterance id, manifest `id` or line number). */
  readonly id: string;
  /** Reference transcript, as given by the dataset (normalised only when scored). */
  readonly text: string;
  /** Absolute path of the audio file (FLAC, MP3 or WAV). */
  readonly audioPath: string;
}

/** A loaded dataset description. */
export interface Dataset {
  /** What `--data` named, e.g. the folder or manifest path, or `espeak:40`. */
  readonly name: string;
  readonly kind: 'librispeech' | 'jsonl' | 'espeak';
  readonly clips: readonly ClipSpec[];
}

/** Error for an unreadable or malformed dataset; the message names the file and line. */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
}
