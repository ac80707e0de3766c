/** What the element's one button shows and does in each state (`<earshot-transcriber>`'s `button` part). */

import type { TranscriberState } from './earshot-transcriber.ts';

/** The button in one state: its label (the action it performs) and whether it takes activations. */
export interface ButtonView {
  /** Visible text and accessible name: the action a press performs, `Start` or `Stop`. */
  readonly label: 'Start' | 'Stop';
  /**
   * True while the action is unavailable (loading, connecting, stopping, a file run): rendered as
   * `aria-disabled="true"`, never `disabled`, so that a focused button keeps focus; presses are ignored.
   */
  readonly unavailable: boolean;
}

/**
 * The button for `state`. One state signal only, the label: `Start` until the microphone is live,
 * `Stop` while it is (and while the last transcripts arrive); no `aria-pressed`.
 */
export function buttonView(state: TranscriberState): ButtonView {
  switch (state) {
    case 'idle':
      return { label: 'Start', unavailable: false };
    case 'listening':
      return { label: 'Stop', unavailable: false };
    case 'stopping':
      return { label: 'Stop', unavailable: true };
    case 'loading':
    case 'connecting':
    case 'file':
      return { label: 'Start', unavailable: true };
  }
}
