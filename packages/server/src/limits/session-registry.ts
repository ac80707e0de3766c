/** Counts the sessions a server holds and refuses new ones past `maxSessions` (`too_many_sessions`). */

/** What a session is: a `/v1/realtime` connection or one `POST /v1/audio/transcriptions` request. */
export type SessionKind = 'realtime' | 'transcription';

/** A held place in the registry; `release()` gives it back (idempotent). */
export interface SessionLease {
  readonly kind: SessionKind;
  release(): void;
}

/** Counts held sessions by kind and refuses new ones past the maximum. */
export class SessionRegistry {
  private readonly held: Record<SessionKind, number> = { realtime: 0, transcription: 0 };

  /** `max` is the most sessions held at once, all kinds together. */
  constructor(
    private readonly max: number,
    private readonly onChange: (kind: SessionKind, held: number) => void = () => {},
  ) {}

  /** Sessions held now, all kinds together. */
  get size(): number {
    return this.held.realtime + this.held.transcription;
  }

  /** Sessions of `kind` held now. */
  count(kind: SessionKind): number {
    return this.held[kind];
  }

  /** Takes a place for a new session, or returns null when the server is full. */
  tryAcquire(kind: SessionKind): SessionLease | null {
    if (this.size >= this.max) return null;
    this.held[kind]++;
    this.onChange(kind, this.held[kind]);
    let released = false;
    return {
      kind,
      release: () => {
        if (released) return;
        released = true;
        this.held[kind]--;
        this.onChange(kind, this.held[kind]);
      },
    };
  }
}
